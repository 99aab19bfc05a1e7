// The registered-claim checks of a verifier, with PyJWT's semantics made stricter on types.
#pragma once

#include <chrono>

#include <tessera/json.hpp>
#include <tessera/result.hpp>
#include <tessera/validation.hpp>

#include "jwt/registered_claims.hpp"

namespace tessera::detail {

/// Checks the registered claims of a payload against `options` at time `now`. The times compare
/// as numbers, fractions of a second included on both sides.
[[nodiscard]] result<void> validate_claims(const registered_claims& claims,
                                           const verify_options& options,
                                           std::chrono::system_clock::time_point now);

/// Checks `claims` against `options` at time `now`. The times compare as numbers, fractions of
/// a second included on both sides.
[[nodiscard]] result<void> validate_claims(const json::object& claims,
                                           const verify_options& options,
                                           std::chrono::system_clock::time_point now);

}  // namespace tessera::detail
