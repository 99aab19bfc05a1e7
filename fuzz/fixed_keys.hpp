// One verifier per JWS algorithm, with keys made once per process, for the token fuzz targets.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include <tessera/jwt.hpp>

namespace tessera::fuzz {

/// The HMAC secret of the HS* verifiers; no test token elsewhere uses it.
inline constexpr std::string_view fuzz_secret =
    "tessera-fuzz-secret-0123456789abcdef-64-bytes-long-enough-HS512";

/// Verifiers for HS256/384/512, RS256, PS256, ES256/384/512, ES256K and EdDSA.
[[nodiscard]] std::span<const verifier> every_algorithm_verifiers();

}  // namespace tessera::fuzz
