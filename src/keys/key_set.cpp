#include <tessera/key_set.hpp>

#include <boost/json/array.hpp>

#include <tessera/error.hpp>

namespace tessera {
namespace {

std::unexpected<std::error_code> fail(errc e) { return std::unexpected(make_error_code(e)); }

}  // namespace

result<key_set> key_set::from_keys(std::vector<jwk> keys) {
  std::vector<jwk> usable;
  std::vector<verifying_key> verifying;
  std::size_t skipped = 0;
  for (auto& key : keys) {
    auto v = key.verifying();
    if (!v || v->algorithms().empty()) {
      ++skipped;
      continue;
    }
    verifying.push_back(std::move(*v));
    usable.push_back(std::move(key));
  }
  if (usable.empty()) return fail(errc::no_usable_keys);
  return key_set(std::move(usable), std::move(verifying), skipped);
}

result<key_set> key_set::from_json(const json::object& members, key_options options) {
  const auto* list = members.if_contains("keys");
  if (list == nullptr || !list->is_array()) return fail(errc::invalid_key_set);
  std::vector<jwk> keys;
  std::size_t unreadable = 0;
  for (const auto& entry : list->get_array()) {
    if (!entry.is_object()) {
      ++unreadable;
      continue;
    }
    auto key = jwk::from_json(entry.get_object(), options);
    if (!key) {
      ++unreadable;
      continue;
    }
    keys.push_back(std::move(*key));
  }
  auto set = from_keys(std::move(keys));
  if (set) set->skipped_ += unreadable;
  return set;
}

result<key_set> key_set::parse(std::string_view text, key_options options) {
  auto value = parse_strict(text);
  if (!value) return std::unexpected(value.error());
  if (!value->is_object()) return fail(errc::invalid_key_set);
  return from_json(value->get_object(), options);
}

algorithm_set key_set::algorithms() const noexcept {
  algorithm_set all;
  for (const auto& v : verifying_) v.algorithms().for_each([&](algorithm a) { all.insert(a); });
  return all;
}

result<verifying_key> key_set::select(std::optional<std::string_view> kid, algorithm alg) const {
  const verifying_key* found = nullptr;
  if (kid) {
    for (std::size_t i = 0; i < keys_.size(); ++i) {
      if (keys_[i].kid() == *kid) {
        if (found != nullptr) return fail(errc::ambiguous_key);
        found = &verifying_[i];
      }
    }
    if (found == nullptr) return fail(errc::no_matching_key);
    if (!found->may_serve(alg)) return fail(errc::key_not_usable);
    return *found;
  }
  for (const auto& v : verifying_) {
    if (!v.may_serve(alg)) continue;
    if (found != nullptr) return fail(errc::ambiguous_key);
    found = &v;
  }
  if (found == nullptr) return fail(errc::no_matching_key);
  return *found;
}

}  // namespace tessera
