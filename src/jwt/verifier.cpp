#include <array>
#include <chrono>
#include <cstddef>
#include <optional>
#include <utility>

#include <boost/json/object.hpp>

#include <tessera/base64url.hpp>
#include <tessera/error.hpp>
#include <tessera/jwt.hpp>

#include "detail/key_material.hpp"
#include "json/plain_parser.hpp"
#include "jws/compact.hpp"
#include "jws/header.hpp"
#include "jwt/registered_claims.hpp"
#include "jwt/token_storage.hpp"
#include "jwt/validate_claims.hpp"

namespace tessera {
namespace detail {

// Each thread keeps the memory of its last verified token for the next one: a verification
// costs no malloc/free pair in the steady state (a token is usually dropped before the next
// request is verified on the same thread).
template <class T>
struct recycling_allocator {
  using value_type = T;
  recycling_allocator() noexcept = default;
  // Implicit, as the Allocator requirements want the rebinding conversion to be.
  template <class U>
  // NOLINTNEXTLINE(google-explicit-constructor)
  recycling_allocator(const recycling_allocator<U>&) noexcept {}

  T* allocate(std::size_t n) {
    auto& slot = spare();
    if (slot.memory != nullptr && slot.size == n * sizeof(T)) {
      return static_cast<T*>(std::exchange(slot.memory, nullptr));
    }
    return static_cast<T*>(::operator new(n * sizeof(T)));
  }
  void deallocate(T* p, std::size_t n) noexcept {
    auto& slot = spare();
    if (slot.memory == nullptr) {
      slot.memory = p;
      slot.size = n * sizeof(T);
      return;
    }
    ::operator delete(p);
  }
  friend bool operator==(const recycling_allocator&, const recycling_allocator&) noexcept {
    return true;
  }

 private:
  struct spare_block {
    void* memory = nullptr;
    std::size_t size = 0;
    spare_block() = default;
    spare_block(const spare_block&) = delete;
    spare_block& operator=(const spare_block&) = delete;
    ~spare_block() { ::operator delete(memory); }
  };
  static spare_block& spare() {
    thread_local spare_block block;
    return block;
  }
};

struct verifier_state {
  std::optional<verifying_key> key;              ///< one key, or
  std::optional<key_set> keys;                   ///< a set to choose from by kid and alg, or
  std::shared_ptr<const key_resolver> resolver;  ///< a source to ask
  verify_options options;
  std::shared_ptr<const clock> time_source;

  result<verified_token> verify(std::string_view token) const;
};

namespace {

std::unexpected<std::error_code> fail(errc e) { return std::unexpected(make_error_code(e)); }

std::string_view as_text(std::span<const std::byte> bytes) noexcept {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

}  // namespace

namespace {

// Reads one of the token's JSON objects into `document`: indexed when plain (no DOM is built),
// parsed otherwise. `not_object` is the error for JSON that is not an object.
result<void> read_document(token_storage& storage, token_document& document, std::string_view text,
                           const verify_options& options, errc not_object, big_integers big) {
  // Filled by the scan as it goes.
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-member-init)
  std::array<plain_value, max_plain_values> scratch;
  if (const auto indexed = index_plain(text, options.limits.max_depth, scratch)) {
    if (indexed->front().kind != plain_kind::object) return fail(not_object);
    document.index = storage.keep(*indexed);
    return {};
  }
  auto parsed = parse_strict(text, options.limits.max_depth, storage.storage(), big);
  if (!parsed) return std::unexpected(parsed.error());
  if (!parsed->is_object()) return fail(not_object);
  document.value = std::move(*parsed);
  return {};
}

}  // namespace

result<verified_token> verifier_state::verify(std::string_view token) const {
  const auto parts = split_compact(token, options.limits);
  if (!parts) return std::unexpected(parts.error());

  auto storage = std::allocate_shared<token_storage>(recycling_allocator<token_storage>{});

  // Header, and every check that needs no cryptography.
  const auto header_bytes = storage->decode(parts->header);
  if (!header_bytes) return std::unexpected(header_bytes.error());
  if (auto ok = read_document(*storage, storage->header, as_text(*header_bytes), options,
                              errc::invalid_header, big_integers::refuse);
      !ok) {
    return std::unexpected(ok.error());
  }
  const auto* indexed_header = storage->header.indexed_root();
  const auto fields = indexed_header != nullptr
                          ? header_fields::of(*indexed_header)
                          : header_fields::of(storage->header.value.get_object());

  const auto alg = header_algorithm(fields);
  if (!alg) return std::unexpected(alg.error());
  if (!options.algorithms.contains(*alg)) return fail(errc::algorithm_not_allowed);
  storage->alg = *alg;

  const header_rules rules{.expected_type = &options.type,
                           .allow_unencoded_payload = options.allow_unencoded_payload,
                           .critical_extensions = &options.critical_extensions};
  // "crit" and "b64" are rare, and checked on the complete header.
  const auto encoded =
      check_header(fields, fields.extended ? &storage->header_object() : nullptr, rules);
  if (!encoded) return std::unexpected(encoded.error());

  // The key: the one given, or the one of the set named by kid (never jwk, jku, x5u or x5c).
  const verifying_key* key_ptr = nullptr;
  result<verifying_key> selected = std::unexpected(std::error_code{});
  if (keys || resolver) {
    std::optional<std::string_view> kid;
    if (fields.kid.is == header_fields::text_member::state::text) kid = fields.kid.text;
    selected = keys ? keys->select(kid, *alg) : resolver->resolve(kid, *alg);
    if (!selected) return std::unexpected(selected.error());
    key_ptr = &*selected;
  } else if (key) {
    key_ptr = &*key;
  } else {
    return fail(errc::no_matching_key);  // unreachable: every verifier is built with a key source
  }
  const verifying_key& key_ref = *key_ptr;
  if (!key_ref.may_serve(*alg)) return fail(errc::key_algorithm_mismatch);

  // Signature: nothing of the payload is read before it holds.
  const auto signature = storage->decode(parts->signature);
  if (!signature) return std::unexpected(signature.error());
  if (signature->empty() || !key_ref.material().verify(*alg, parts->signing_input, *signature)) {
    return fail(errc::invalid_signature);
  }
  storage->signature = *signature;

  // Claims.
  std::string_view payload_text = parts->payload;
  if (*encoded) {
    const auto payload_bytes = storage->decode(parts->payload);
    if (!payload_bytes) return std::unexpected(payload_bytes.error());
    payload_text = as_text(*payload_bytes);
  }
  if (auto ok = read_document(*storage, storage->claims, payload_text, options,
                              errc::invalid_payload, big_integers::keep);
      !ok) {
    return std::unexpected(ok.error());
  }
  const auto* indexed_claims = storage->claims.indexed_root();
  const auto claims = indexed_claims != nullptr
                          ? registered_claims::of(*indexed_claims)
                          : registered_claims::of(storage->claims.value.get_object());
  if (auto ok = validate_claims(claims, options, time_source->now()); !ok) {
    return std::unexpected(ok.error());
  }
  return verified_token(std::move(storage));
}

}  // namespace detail

algorithm verified_token::alg() const noexcept { return storage_->alg; }
const json::object& verified_token::header() const { return storage_->header_object(); }
claims_view verified_token::claims() const noexcept { return claims_view(*storage_); }
std::span<const std::byte> verified_token::signature() const noexcept {
  return storage_->signature;
}

namespace {

// The checks every verifier's options pass once, at creation. `served` is what the keys can
// serve; empty when not known yet (a remote set still being fetched).
result<void> check_options(const verify_options& options, algorithm_set served, bool known) {
  if (options.algorithms.empty()) return detail::fail(errc::empty_algorithm_list);
  if (known && options.algorithms.intersect(served).empty()) {
    return detail::fail(errc::key_outside_allow_list);
  }
  if (options.leeway < std::chrono::seconds(0) || options.leeway > std::chrono::days(365)) {
    return detail::fail(errc::invalid_leeway);
  }
  return {};
}

std::shared_ptr<const clock> time_source_of(const verify_options& options) {
  return options.time_source ? options.time_source : system_clock_ptr();
}

}  // namespace

result<verifier> verifier::create(verifying_key key, verify_options options) {
  if (auto ok = check_options(options, key.algorithms(), true); !ok) {
    return std::unexpected(ok.error());
  }
  auto time_source = time_source_of(options);
  return verifier(std::make_shared<const detail::verifier_state>(detail::verifier_state{
      std::move(key), std::nullopt, nullptr, std::move(options), std::move(time_source)}));
}

result<verifier> verifier::create(key_set keys, verify_options options) {
  if (auto ok = check_options(options, keys.algorithms(), true); !ok) {
    return std::unexpected(ok.error());
  }
  auto time_source = time_source_of(options);
  return verifier(std::make_shared<const detail::verifier_state>(detail::verifier_state{
      std::nullopt, std::move(keys), nullptr, std::move(options), std::move(time_source)}));
}

result<verifier> verifier::create(std::shared_ptr<const key_resolver> keys,
                                  verify_options options) {
  if (!keys) return detail::fail(errc::no_usable_keys);
  const auto served = keys->algorithms();
  if (auto ok = check_options(options, served, !served.empty()); !ok) {
    return std::unexpected(ok.error());
  }
  auto time_source = time_source_of(options);
  return verifier(std::make_shared<const detail::verifier_state>(detail::verifier_state{
      std::nullopt, std::nullopt, std::move(keys), std::move(options), std::move(time_source)}));
}

result<verified_token> verifier::verify(std::string_view token) const {
  return state_->verify(token);
}

const verify_options& verifier::options() const noexcept { return state_->options; }

}  // namespace tessera
