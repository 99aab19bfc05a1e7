// JWK Sets (RFC 7517 section 5) and choosing the key for a token.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include <tessera/algorithm.hpp>
#include <tessera/jwk.hpp>
#include <tessera/key.hpp>
#include <tessera/result.hpp>

namespace tessera {

/**
 * The keys of a JWK Set that can verify signatures. Keys the set marks for another use ("use":
 * "enc", "key_ops" without "verify", an "alg" that is no JWS algorithm) and keys that cannot be
 * imported (unknown "kty", a weak RSA key, a point off its curve) are left out and counted, as
 * PyJWT's PyJWKSet does; a set with no usable key is an error.
 *
 * @code
 * auto keys = tessera::key_set::parse(jwks_json);
 * auto v = tessera::verifier::create(*keys, {.algorithms = {tessera::algorithm::rs256}});
 * @endcode
 */
class key_set {
 public:
  /// Errors: the parse errors, `errc::invalid_key_set`, `errc::no_usable_keys`.
  [[nodiscard]] static result<key_set> parse(std::string_view json, key_options options = {});
  /// As `parse`, from a JSON object already parsed. Errors: `errc::invalid_key_set`,
  /// `errc::no_usable_keys`.
  [[nodiscard]] static result<key_set> from_json(const json::object& members,
                                                 key_options options = {});
  /// A set of already imported keys (those that may verify are kept).
  [[nodiscard]] static result<key_set> from_keys(std::vector<jwk> keys);

  /// The usable keys, in the set's order.
  [[nodiscard]] std::span<const jwk> keys() const noexcept { return keys_; }
  /// How many members of the set were left out as unusable.
  [[nodiscard]] std::size_t skipped() const noexcept { return skipped_; }
  /// The union of the algorithms the usable keys serve.
  [[nodiscard]] algorithm_set algorithms() const noexcept;

  /**
   * The key for a token with header `kid` (if any) and `alg`. With a `kid`: exactly the key of
   * that kid (`errc::no_matching_key` if none, `errc::ambiguous_key` if several), which must serve
   * `alg` (`errc::key_not_usable`). Without: the one key that serves `alg`
   * (`errc::no_matching_key`, `errc::ambiguous_key`). Header members that carry keys or key
   * locations (jwk, jku, x5u, x5c) are never consulted.
   */
  [[nodiscard]] result<verifying_key> select(std::optional<std::string_view> kid,
                                             algorithm alg) const;

 private:
  key_set(std::vector<jwk> keys, std::vector<verifying_key> verifying, std::size_t skipped)
      : keys_(std::move(keys)), verifying_(std::move(verifying)), skipped_(skipped) {}
  std::vector<jwk> keys_;
  std::vector<verifying_key> verifying_;  ///< keys_[i].verifying(), prepared once
  std::size_t skipped_ = 0;
};

}  // namespace tessera
