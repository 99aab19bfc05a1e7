// Reading keys from the formats users hold: PEM and DER (PKCS#8, encrypted PKCS#8, PKCS#1, SEC1,
// SPKI), X.509 certificates, and OpenSSH public key lines.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

#include <tessera/result.hpp>

#include "detail/openssl_handles.hpp"

namespace tessera::detail {

/// A private key in PEM or DER, any of PKCS#8 (also encrypted), PKCS#1 or SEC1. Errors:
/// `errc::passphrase_required`, `errc::wrong_passphrase`, `errc::invalid_key_data`.
[[nodiscard]] result<pkey_ptr> parse_private_key(std::span<const std::byte> data,
                                                 std::string_view passphrase);

/// A public key: SPKI or PKCS#1 (PEM or DER), the key of an X.509 certificate (PEM or DER), an
/// OpenSSH public key line, or the public part of a private key. `errc::invalid_key_data`.
[[nodiscard]] result<pkey_ptr> parse_public_key(std::span<const std::byte> data,
                                                std::string_view passphrase);

/// An OpenSSH public key line: `ssh-rsa`, `ecdsa-sha2-nistp256/384/521` or `ssh-ed25519`.
[[nodiscard]] result<pkey_ptr> parse_openssh_public_key(std::string_view line);

}  // namespace tessera::detail
