// The prepared state behind signing_key and verifying_key: parsed once, then shared read-only
// by every copy of the key and every thread.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

#include <openssl/types.h>

#include <tessera/algorithm.hpp>
#include <tessera/result.hpp>

namespace tessera::detail {

/// Large enough for every signature this library makes: RSA up to 8192 bits (1024 bytes).
inline constexpr std::size_t max_signature_size = 1024;

class key_material {
 public:
  key_material() = default;
  key_material(const key_material&) = delete;
  key_material& operator=(const key_material&) = delete;
  virtual ~key_material() = default;

  /// Signs `input` with `alg` (which the owning key has already checked) into `out`; returns the
  /// signature's length.
  [[nodiscard]] virtual result<std::size_t> sign(
      algorithm alg, std::string_view input,
      std::span<std::byte, max_signature_size> out) const = 0;

  /// True when `signature` is a valid signature of `input` under `alg`.
  [[nodiscard]] virtual bool verify(algorithm alg, std::string_view input,
                                    std::span<const std::byte> signature) const noexcept = 0;

  /// The OpenSSL key of an asymmetric key; nullptr for an HMAC secret.
  [[nodiscard]] virtual EVP_PKEY* pkey() const noexcept { return nullptr; }
  /// True when the material can sign (a private key or a secret).
  [[nodiscard]] virtual bool can_sign() const noexcept = 0;
  /// The secret of an HMAC key; empty for an asymmetric key.
  [[nodiscard]] virtual std::span<const std::byte> secret() const noexcept { return {}; }
};

}  // namespace tessera::detail
