// Umbrella header: all of libtessera's public API.
#pragma once

#include <tessera/algorithm.hpp>
#include <tessera/base64url.hpp>
#include <tessera/claims.hpp>
#include <tessera/error.hpp>
#include <tessera/json.hpp>
#include <tessera/jwk.hpp>
#include <tessera/jwt.hpp>
#include <tessera/key.hpp>
#include <tessera/key_resolver.hpp>
#include <tessera/key_set.hpp>
#include <tessera/result.hpp>
#include <tessera/validation.hpp>
#include <tessera/version.hpp>

/// @namespace tessera
/// libtessera: JSON Web Tokens (RFC 7519) signed and verified with the safe defaults of RFC 8725.
/// Every fallible function returns a `result`, whose error is a `std::error_code` holding an
/// `errc`; what skips verification is in `tessera::unsafe`.
