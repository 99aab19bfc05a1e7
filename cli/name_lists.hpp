// Algorithm and claim names given on the command line (--alg, --require).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <tessera/algorithm.hpp>
#include <tessera/claims.hpp>

#include "cli_error.hpp"

namespace tessera::cli {

/// The algorithm `name` spells, case-sensitively as RFC 7515 wants ("HS256"). An unknown name is
/// a usage error (exit 2) with the library's code: `unknown_algorithm`, or `unsecured_token`
/// for "none".
[[nodiscard]] cli_result<algorithm> parse_algorithm_argument(std::string_view name);

/// Each name of verify's --alg (CLI11 has already split them at commas), in the order given and
/// without repeats. Errors as for parse_algorithm_argument.
[[nodiscard]] cli_result<std::vector<algorithm>> parse_algorithm_list(
    const std::vector<std::string>& names);

/// The registered claims of --require (iss, sub, aud, exp, nbf, iat, jti). Any other name:
/// `unknown_claim`, exit 2.
[[nodiscard]] cli_result<std::vector<claim>> parse_claim_list(
    const std::vector<std::string>& names);

}  // namespace tessera::cli
