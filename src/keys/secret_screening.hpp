// Refuses HMAC secrets that are really asymmetric keys (RFC 8725 section 2.1, PyJWT
// CVE-2022-29217): a verifier holding a public key as an "HMAC secret" accepts tokens that anyone
// who knows the public key can make.
#pragma once

#include <cstddef>
#include <span>

namespace tessera::detail {

/// True when `secret` is a PEM block, an OpenSSH key line, a DER key or certificate, or a JWK.
[[nodiscard]] bool looks_like_asymmetric_key(std::span<const std::byte> secret);

}  // namespace tessera::detail
