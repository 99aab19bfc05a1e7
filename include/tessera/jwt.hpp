// Encoding and verifying JSON Web Tokens in compact serialisation.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include <tessera/algorithm.hpp>
#include <tessera/claims.hpp>
#include <tessera/error.hpp>
#include <tessera/json.hpp>
#include <tessera/key.hpp>
#include <tessera/key_resolver.hpp>
#include <tessera/key_set.hpp>
#include <tessera/result.hpp>
#include <tessera/validation.hpp>

namespace tessera {

namespace detail {
struct token_storage;
struct verifier_state;
}  // namespace detail

/// Header members of a new token besides "alg", which always comes from the key.
struct header_options {
  std::optional<std::string> kid{};           ///< key id
  std::optional<std::string> type{"JWT"};     ///< "typ"; nullopt leaves it out
  std::optional<std::string> content_type{};  ///< "cty"
  json::object extra{};                       ///< any other members; "alg" is refused
};

/**
 * Signs `payload` with `key` and returns the compact token. The output is byte-identical to
 * PyJWT's `jwt.encode` for the same inputs: header members sorted, compact separators, strings
 * escaped as Python's json.dumps does, payload members in insertion order.
 *
 * Errors: `errc::header_alg_not_settable`, `errc::invalid_claim_value`.
 */
[[nodiscard]] result<std::string> encode(const claims& payload, const signing_key& key,
                                         const header_options& header = {});

/// A token whose signature and claims passed every check. Only `verifier::verify` makes one.
class verified_token {
 public:
  /// The algorithm the token is signed with (its header's "alg").
  [[nodiscard]] algorithm alg() const noexcept;
  /// The header's members (as JSON values built on the first call when the header was plain;
  /// see `claims_view`).
  [[nodiscard]] const json::object& header() const;
  /// The claims; the view is valid while this token (or a copy of it) lives.
  [[nodiscard]] claims_view claims() const noexcept;
  /// The signature's bytes (base64url-decoded).
  [[nodiscard]] std::span<const std::byte> signature() const noexcept;

 private:
  friend struct detail::verifier_state;
  explicit verified_token(std::shared_ptr<const detail::token_storage> storage) noexcept
      : storage_(std::move(storage)) {}
  std::shared_ptr<const detail::token_storage> storage_;
};

/**
 * Verifies tokens against one key and one set of options. Create it once and share it: `verify`
 * is const, takes no lock, and is safe to call from many threads at once.
 *
 * @code
 * auto v = tessera::verifier::create(key, {.algorithms = {tessera::algorithm::hs256},
 *                                          .issuer = {"https://auth.example.com"}});
 * auto t = v->verify(token);
 * if (!t && t.error() == tessera::errc::token_expired) { ... }
 * @endcode
 */
class verifier {
 public:
  /// Errors: `errc::empty_algorithm_list`, `errc::key_outside_allow_list`, `errc::invalid_leeway`.
  [[nodiscard]] static result<verifier> create(verifying_key key, verify_options options);
  /// A verifier that picks the key from `keys` by the token's "kid" and "alg" (see
  /// `key_set::select`). Same errors as above.
  [[nodiscard]] static result<verifier> create(key_set keys, verify_options options);
  /// A verifier that asks `keys` for the key of each token (a remote JWKS, or your own source).
  /// The allow-list check against the keys' algorithms is made only when they are known.
  [[nodiscard]] static result<verifier> create(std::shared_ptr<const key_resolver> keys,
                                               verify_options options);

  /// Checks, in order: size, structure, header (alg allowed and served by the key, typ, crit),
  /// signature, then claims. Nothing of the payload is parsed before the signature holds.
  [[nodiscard]] result<verified_token> verify(std::string_view token) const;

  /// The options this verifier checks tokens against.
  [[nodiscard]] const verify_options& options() const noexcept;

 private:
  explicit verifier(std::shared_ptr<const detail::verifier_state> state) noexcept
      : state_(std::move(state)) {}
  std::shared_ptr<const detail::verifier_state> state_;
};

/// Operations that skip verification. Never use their results to make a security decision.
namespace unsafe {

/// A token's parts, decoded but not verified.
struct unverified_token {
  json::object header;               ///< the header's members
  json::object payload;              ///< the claims (the payload is a JSON object)
  std::vector<std::byte> signature;  ///< the signature's bytes, decoded but not checked
};

/// Decodes a compact token without checking its signature or claims (PyJWT's
/// `options={"verify_signature": False}`). Structure, base64url and JSON are still checked.
[[nodiscard]] result<unverified_token> decode_unverified(std::string_view token,
                                                         parse_limits limits = {});

/// Makes an unsecured token ("alg": "none", empty signature). No verifier accepts one.
[[nodiscard]] result<std::string> encode_unsecured(const claims& payload,
                                                   const header_options& header = {});

}  // namespace unsafe
}  // namespace tessera
