// The registered-claim checks of a verifier, with PyJWT's semantics made stricter on types.
#pragma once

#include <cstdint>

#include <tessera/json.hpp>
#include <tessera/result.hpp>
#include <tessera/validation.hpp>

namespace tessera::detail {

/// Checks `claims` against `options` at time `now` (whole seconds since the epoch).
[[nodiscard]] result<void> validate_claims(const json::object& claims,
                                           const verify_options& options, std::int64_t now);

}  // namespace tessera::detail
