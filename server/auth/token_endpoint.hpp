// POST /token (RFC 6749 sections 3.2, 4.3, 4.4 and 6): the password grant (legacy, for
// FastAPI's OAuth2PasswordBearer clients), the refresh grant and the client-credentials grant,
// each for the client that authenticated (or, when none is named, the first-party client).
#pragma once

#include "auth/login.hpp"
#include "http/message.hpp"

namespace tessera::server {

/// Validates the request, then authenticates the client and runs the grant on the hashing pool.
[[nodiscard]] handler_result handle_token(login_context& ctx, const request& req);

}  // namespace tessera::server
