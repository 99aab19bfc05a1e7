// The registered claims of a token about to be made must have the types RFC 7519 gives them.
#pragma once

#include <tessera/json.hpp>
#include <tessera/result.hpp>

namespace tessera::cli {

/**
 * Refuses claims that every verifier, ours included, would reject: "exp", "nbf" and "iat" must
 * be NumericDates (a number of seconds, within 2^53), "iss", "sub" and "jti" strings, and "aud" a
 * string or an array of strings. Errors carry the library's codes (`invalid_exp_claim`, ...), as
 * the verifier would report them. The library's encode() leaves this to its caller, as PyJWT's
 * does, so that any payload can be signed; the CLI is where a typo is best caught.
 */
[[nodiscard]] result<void> check_registered_claims(const json::object& claims);

}  // namespace tessera::cli
