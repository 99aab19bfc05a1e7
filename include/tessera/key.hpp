// Keys bound to the algorithms they may serve.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <tessera/algorithm.hpp>
#include <tessera/result.hpp>

namespace tessera {

namespace detail {
class key_material;
struct key_access;
}  // namespace detail

/// Choices that relax the key checks. Each is an explicit opt-out named in the error it lifts.
struct key_options {
  /// Accept an HMAC secret shorter than the hash (RFC 7518 section 3.2 requires at least 32, 48
  /// or 64 bytes for HS256, HS384 and HS512), or an RSA key under 2048 bits. Lifts
  /// `errc::key_too_short` and `errc::rsa_key_too_small`.
  bool allow_weak_key = false;
  /// The passphrase of an encrypted private key (PKCS#8 or legacy PEM encryption).
  std::string_view passphrase{};
};

/// The curve of a new EdDSA key.
enum class okp_curve : std::uint8_t {
  ed25519,  ///< Ed25519 (RFC 8032), the default
  ed448     ///< Ed448 (RFC 8032)
};

/// Parameters of `signing_key::generate`.
struct key_generation_options {
  int rsa_bits = 2048;                   ///< RS*, PS*: 2048 to 8192
  okp_curve curve = okp_curve::ed25519;  ///< EdDSA
};

class verifying_key;

/**
 * A key that signs with exactly one algorithm, which also names the token's "alg".
 *
 * @code
 * auto key = tessera::signing_key::hmac(tessera::algorithm::hs256, secret);
 * if (!key) return key.error();  // errc::key_too_short, errc::key_looks_asymmetric, ...
 * @endcode
 */
class signing_key {
 public:
  /// An HMAC secret for `alg` (HS256, HS384 or HS512). The secret is copied into memory that is
  /// cleansed when the last copy of the key goes. Refused: an empty secret, one shorter than the
  /// hash unless `options.allow_weak_key`, and one that is a PEM, OpenSSH, DER or JWK key (the
  /// algorithm-confusion attack, CVE-2022-29217).
  [[nodiscard]] static result<signing_key> hmac(algorithm alg, std::span<const std::byte> secret,
                                                key_options options = {});
  /// As above, with the bytes of `secret`.
  [[nodiscard]] static result<signing_key> hmac(algorithm alg, std::string_view secret,
                                                key_options options = {});

  /**
   * A private key for `alg`, read from PEM or DER (the format is detected): PKCS#8 (also
   * encrypted: give `options.passphrase`), PKCS#1 or SEC1. The key's type must serve `alg`: an
   * RSA key RS* and PS*, an EC key the ES algorithm of its curve, an Ed25519 or Ed448 key EdDSA.
   *
   * Errors: `errc::invalid_key_data`, `errc::passphrase_required`, `errc::wrong_passphrase`,
   * `errc::key_not_for_algorithm`, `errc::rsa_key_too_small`, `errc::unsupported_key_type`,
   * `errc::invalid_key_parameters`, `errc::not_a_private_key`.
   */
  [[nodiscard]] static result<signing_key> load(algorithm alg, std::span<const std::byte> data,
                                                key_options options = {});
  /// As `load`, from PEM text.
  [[nodiscard]] static result<signing_key> from_pem(algorithm alg, std::string_view pem,
                                                    key_options options = {});

  /// A new random key for `alg`: a secret of the hash's length for HS*, an RSA key of
  /// `options.rsa_bits` for RS* and PS*, a key on the algorithm's curve for ES*, and an Ed25519
  /// (or Ed448) key for EdDSA.
  [[nodiscard]] static result<signing_key> generate(algorithm alg,
                                                    key_generation_options options = {});

  /// The algorithm this key signs with.
  [[nodiscard]] algorithm alg() const noexcept { return alg_; }

  /// The key that verifies this key's signatures, bound to the same algorithm (for HMAC: the
  /// same secret).
  [[nodiscard]] verifying_key verifier_key() const;

  /// The private key as unencrypted PKCS#8 PEM; `errc::secret_key_has_no_pem` for HMAC.
  [[nodiscard]] result<std::string> to_pem() const;
  /// The private key as encrypted PKCS#8 PEM (AES-256-CBC, key from `passphrase` by PBKDF2),
  /// which `load` reads back with `key_options::passphrase`.
  [[nodiscard]] result<std::string> to_encrypted_pem(std::string_view passphrase) const;

  /// Internal: the prepared key state.
  [[nodiscard]] const detail::key_material& material() const noexcept { return *material_; }

 private:
  friend struct detail::key_access;
  signing_key(std::shared_ptr<const detail::key_material> material, algorithm alg) noexcept
      : material_(std::move(material)), alg_(alg) {}

  std::shared_ptr<const detail::key_material> material_;
  algorithm alg_;
};

/**
 * A key that verifies signatures, with the set of algorithms it may serve. A verifier accepts a
 * token only when its "alg" is both in the caller's allow-list and in this set, and no API turns
 * a public key into an HMAC secret.
 */
class verifying_key {
 public:
  friend class signing_key;

  /// An HMAC secret serving every HS algorithm whose hash length it meets (all three with
  /// `options.allow_weak_key`). Refused as for `signing_key::hmac`.
  [[nodiscard]] static result<verifying_key> hmac(std::span<const std::byte> secret,
                                                  key_options options = {});
  /// An HMAC secret given as text, serving every HS algorithm whose hash length it meets.
  [[nodiscard]] static result<verifying_key> hmac(std::string_view secret,
                                                  key_options options = {});
  /// An HMAC secret bound to the one algorithm `alg`.
  [[nodiscard]] static result<verifying_key> hmac(algorithm alg, std::span<const std::byte> secret,
                                                  key_options options = {});
  /// An HMAC secret given as text, bound to the one algorithm `alg`.
  [[nodiscard]] static result<verifying_key> hmac(algorithm alg, std::string_view secret,
                                                  key_options options = {});

  /**
   * A public key, read from any format users hold (detected): SPKI or PKCS#1 in PEM or DER, an
   * X.509 certificate (its public key), an OpenSSH public key line (`ssh-rsa`,
   * `ecdsa-sha2-nistp256/384/521`, `ssh-ed25519`), or a private key (its public part).
   * Without `alg` the key serves what its type allows: RSA all RS* and PS*, EC the ES algorithm
   * of its curve, OKP EdDSA; with `alg`, only that one. No public key ever serves HS*.
   */
  [[nodiscard]] static result<verifying_key> load(std::span<const std::byte> data,
                                                  std::optional<algorithm> alg = {},
                                                  key_options options = {});
  /// As `load`, from text (PEM or an OpenSSH line).
  [[nodiscard]] static result<verifying_key> from_pem(std::string_view pem,
                                                      std::optional<algorithm> alg = {},
                                                      key_options options = {});

  /// The public key as SPKI PEM; `errc::secret_key_has_no_pem` for HMAC.
  [[nodiscard]] result<std::string> to_pem() const;

  /// The algorithms this key may serve.
  [[nodiscard]] algorithm_set algorithms() const noexcept { return algorithms_; }
  /// True when this key may verify a token whose header names `alg`.
  [[nodiscard]] bool may_serve(algorithm alg) const noexcept { return algorithms_.contains(alg); }

  /// Internal: the prepared key state.
  [[nodiscard]] const detail::key_material& material() const noexcept { return *material_; }

 private:
  friend struct detail::key_access;
  verifying_key(std::shared_ptr<const detail::key_material> material,
                algorithm_set algorithms) noexcept
      : material_(std::move(material)), algorithms_(algorithms) {}

  std::shared_ptr<const detail::key_material> material_;
  algorithm_set algorithms_;
};

}  // namespace tessera
