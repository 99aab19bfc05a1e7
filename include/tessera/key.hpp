// Keys bound to the algorithms they may serve.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string_view>

#include <tessera/algorithm.hpp>
#include <tessera/result.hpp>

namespace tessera {

namespace detail {
class key_material;
}

/// Choices that relax the key checks. Each is an explicit opt-out named in the error it lifts.
struct key_options {
  /// Accept an HMAC secret shorter than the hash (RFC 7518 section 3.2 requires at least 32, 48
  /// or 64 bytes for HS256, HS384 and HS512). Lifts `errc::key_too_short`.
  bool allow_weak_key = false;
};

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

  /// The algorithm this key signs with.
  [[nodiscard]] algorithm alg() const noexcept { return alg_; }

  /// Internal: the prepared key state.
  [[nodiscard]] const detail::key_material& material() const noexcept { return *material_; }

 private:
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
  /// An HMAC secret serving every HS algorithm whose hash length it meets (all three with
  /// `options.allow_weak_key`). Refused as for `signing_key::hmac`.
  [[nodiscard]] static result<verifying_key> hmac(std::span<const std::byte> secret,
                                                  key_options options = {});
  [[nodiscard]] static result<verifying_key> hmac(std::string_view secret,
                                                  key_options options = {});
  /// An HMAC secret bound to the one algorithm `alg`.
  [[nodiscard]] static result<verifying_key> hmac(algorithm alg, std::span<const std::byte> secret,
                                                  key_options options = {});
  [[nodiscard]] static result<verifying_key> hmac(algorithm alg, std::string_view secret,
                                                  key_options options = {});

  /// The algorithms this key may serve.
  [[nodiscard]] algorithm_set algorithms() const noexcept { return algorithms_; }
  /// True when this key may verify a token whose header names `alg`.
  [[nodiscard]] bool may_serve(algorithm alg) const noexcept { return algorithms_.contains(alg); }

  /// Internal: the prepared key state.
  [[nodiscard]] const detail::key_material& material() const noexcept { return *material_; }

 private:
  verifying_key(std::shared_ptr<const detail::key_material> material,
                algorithm_set algorithms) noexcept
      : material_(std::move(material)), algorithms_(algorithms) {}

  std::shared_ptr<const detail::key_material> material_;
  algorithm_set algorithms_;
};

}  // namespace tessera
