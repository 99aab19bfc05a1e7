// Random token ids for --jti.
#pragma once

#include <string>

#include "cli_error.hpp"

namespace tessera::cli {

/// 128 bits from OpenSSL's CSPRNG, base64url-encoded (22 characters): enough that two ids never
/// collide by chance. Errors: `random_error` (exit 2) if the generator fails.
[[nodiscard]] cli_result<std::string> random_jwt_id();

}  // namespace tessera::cli
