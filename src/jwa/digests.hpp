// The SHA-2 digests, fetched from the default provider once for the life of the process.
// OpenSSL 3.0's implicit fetches (EVP_sha256(), name-based inits) take library-wide locks on
// every call (openssl/openssl#17064, #20286).
#pragma once

#include <openssl/types.h>

#include <tessera/algorithm.hpp>

namespace tessera::detail {

/// The digest that `alg` hashes with; nullptr for EdDSA, which hashes internally.
[[nodiscard]] const EVP_MD* digest_for(algorithm alg) noexcept;

}  // namespace tessera::detail
