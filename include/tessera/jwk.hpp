// JSON Web Keys (RFC 7517, RFC 7518 section 6, RFC 8037), export, and RFC 7638 thumbprints.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include <tessera/algorithm.hpp>
#include <tessera/json.hpp>
#include <tessera/key.hpp>
#include <tessera/result.hpp>

namespace tessera {

namespace detail {
struct jwk_state;
}

/// What a key is asked to do; a JWK's "use" and "key_ops" may forbid it.
enum class key_operation : std::uint8_t {
  sign,   ///< making signatures ("key_ops" must list "sign")
  verify  ///< checking signatures ("key_ops" must list "verify")
};

/**
 * One JSON Web Key, imported and validated: EC points on their curve, RSA sizes (2048-bit floor
 * unless `allow_weak_key`), private members consistent with the public ones, and `oct` secrets
 * under the HMAC rules. A JWK's "alg" binds it to that one algorithm; "use" must be "sig" and
 * "key_ops" must list the operation for it to sign or verify.
 *
 * @code
 * auto key = tessera::jwk::parse(R"({"kty":"OKP","crv":"Ed25519","x":"11qYAY..."})");
 * auto v = tessera::verifier::create(*key->verifying(), {.algorithms =
 * {tessera::algorithm::eddsa}});
 * @endcode
 */
class jwk {
 public:
  /// Errors: `errc::invalid_json` and the other parse errors, `errc::invalid_jwk`,
  /// `errc::unsupported_key_type`, `errc::rsa_key_too_small`, `errc::key_too_short`,
  /// `errc::invalid_key_parameters`, `errc::key_not_for_algorithm` ("alg" does not fit the key).
  [[nodiscard]] static result<jwk> parse(std::string_view json, key_options options = {});
  /// As `parse`, from the members of a JSON object already parsed (e.g. one of a set's "keys").
  [[nodiscard]] static result<jwk> from_json(const json::object& members, key_options options = {});

  /// "RSA", "EC", "OKP" or "oct".
  [[nodiscard]] std::string_view kty() const noexcept;
  /// The "kid" (key ID), when the JWK has one.
  [[nodiscard]] const std::optional<std::string>& kid() const noexcept;
  /// The declared "alg" when it names a JWS algorithm.
  [[nodiscard]] std::optional<algorithm> alg() const noexcept;
  /// True when the JWK holds a private key ("d" of an RSA, EC or OKP key) or is a secret ("oct").
  [[nodiscard]] bool is_private() const noexcept;
  /// True when "use" and "key_ops" (where present) allow `op`, and a declared "alg" is a JWS
  /// signature algorithm.
  [[nodiscard]] bool allows(key_operation op) const noexcept;
  /// The algorithms this key may serve: its "alg", or what its type allows.
  [[nodiscard]] algorithm_set algorithms() const noexcept;

  /// The key for verifying (the public part); `errc::key_not_usable` when the JWK forbids it.
  [[nodiscard]] result<verifying_key> verifying() const;
  /// A key that signs with `alg` (default: the JWK's "alg"). Errors: `errc::not_a_private_key`,
  /// `errc::key_not_usable`, `errc::key_not_for_algorithm`.
  [[nodiscard]] result<signing_key> signing(std::optional<algorithm> alg = {}) const;

 private:
  explicit jwk(std::shared_ptr<const detail::jwk_state> state) noexcept
      : state_(std::move(state)) {}
  std::shared_ptr<const detail::jwk_state> state_;
};

/// What `to_jwk` writes besides the key itself.
struct jwk_export_options {
  /// Write the private members ("d", ...; "k" for a secret). A secret is never exported without.
  bool include_private = false;
  /// "kid" to write; nullopt leaves it out.
  std::optional<std::string> kid{};
  /// "use": "sig" by default; nullopt leaves it out.
  std::optional<std::string> use{"sig"};
  /// Write "alg" when the key serves exactly one algorithm.
  bool include_alg = true;
};

/// The key as a JWK. Errors: `errc::key_not_usable` when a secret is asked for without
/// `include_private`, `errc::not_a_private_key` for private members of a key that has none.
[[nodiscard]] result<json::object> to_jwk(const verifying_key& key,
                                          const jwk_export_options& options = {});
/// The signing key as a JWK: its public members, and its private ones with `include_private`.
/// "alg" is the key's algorithm (with `include_alg`). Errors as for a `verifying_key`.
[[nodiscard]] result<json::object> to_jwk(const signing_key& key,
                                          const jwk_export_options& options = {});

/// The RFC 7638 thumbprint (base64url of SHA-256 over the required members in lexicographic
/// order) of a JWK given as JSON members. `errc::invalid_jwk` when a required member is missing.
[[nodiscard]] result<std::string> jwk_thumbprint(const json::object& members);
/// The RFC 7638 thumbprint of a key's public JWK (of the secret for HMAC).
[[nodiscard]] result<std::string> jwk_thumbprint(const verifying_key& key);

}  // namespace tessera
