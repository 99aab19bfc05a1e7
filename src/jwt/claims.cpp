#include <tessera/claims.hpp>

#include <array>
#include <cstdint>

#include <boost/json/array.hpp>

#include <tessera/error.hpp>

#include "json/short_names.hpp"

namespace tessera {
namespace {

constexpr std::array<std::string_view, 7> claim_names = {"iss", "sub", "aud", "exp",
                                                         "nbf", "iat", "jti"};

std::int64_t to_seconds(std::chrono::system_clock::time_point t) {
  return std::chrono::floor<std::chrono::seconds>(t).time_since_epoch().count();
}

}  // namespace

std::string_view to_string(claim c) noexcept { return claim_names[static_cast<std::size_t>(c)]; }

std::optional<claim> parse_claim(std::string_view name) noexcept {
  using detail::three_letters;
  if (name.size() != 3) return std::nullopt;  // every registered claim's name has three letters
  switch (three_letters(name)) {
    case three_letters("iss"):
      return claim::iss;
    case three_letters("sub"):
      return claim::sub;
    case three_letters("aud"):
      return claim::aud;
    case three_letters("exp"):
      return claim::exp;
    case three_letters("nbf"):
      return claim::nbf;
    case three_letters("iat"):
      return claim::iat;
    case three_letters("jti"):
      return claim::jti;
    default:
      return std::nullopt;
  }
}

result<claims> claims::from_json(std::string_view text, std::size_t max_depth) {
  auto value = parse_strict(text, max_depth, {}, big_integers::keep);
  if (!value) return std::unexpected(value.error());
  if (!value->is_object()) return std::unexpected(make_error_code(errc::invalid_payload));
  return claims(std::move(value->get_object()));
}

claims& claims::issuer(std::string_view iss) { return set("iss", json::string(iss)); }
claims& claims::subject(std::string_view sub) { return set("sub", json::string(sub)); }
claims& claims::audience(std::string_view aud) { return set("aud", json::string(aud)); }

claims& claims::audience(std::span<const std::string> auds) {
  json::array list;
  for (const auto& a : auds) list.emplace_back(json::string(a));
  return set("aud", std::move(list));
}

claims& claims::audience(std::initializer_list<std::string_view> auds) {
  json::array list;
  for (auto a : auds) list.emplace_back(json::string(a));
  return set("aud", std::move(list));
}

claims& claims::expires_at(std::chrono::system_clock::time_point t) {
  return set("exp", to_seconds(t));
}
claims& claims::not_before(std::chrono::system_clock::time_point t) {
  return set("nbf", to_seconds(t));
}
claims& claims::issued_at(std::chrono::system_clock::time_point t) {
  return set("iat", to_seconds(t));
}
claims& claims::jwt_id(std::string_view jti) { return set("jti", json::string(jti)); }

claims& claims::set(std::string_view name, json::value value) {
  // object::operator[] keeps the position of an existing member, as a Python dict does.
  members_[name] = std::move(value);
  return *this;
}

}  // namespace tessera
