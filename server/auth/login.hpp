// POST /login (the article's JSON body) and POST /token (RFC 6749 section 4.3, the form that
// FastAPI's OAuth2PasswordBearer clients send). The password check runs on the hashing pool.
#pragma once

#include <string>
#include <vector>

#include "auth/login_throttle.hpp"
#include "auth/sessions.hpp"
#include "http/message.hpp"
#include "observability/metrics.hpp"
#include "password/argon2id.hpp"
#include "store/store.hpp"

namespace tessera::server {

/// Everything a login needs; shared by both endpoints.
struct login_context {
  const service_config& config;
  store& users;
  const password_hasher& hasher;
  session_service& sessions;
  login_throttle& throttle;
  server::metrics& metrics;
};

/// POST /login with {"username", "password"}.
[[nodiscard]] handler_result handle_login(login_context& ctx, const request& req);
/// POST /token: grant_type=password (username, password, scope) or grant_type=refresh_token.
[[nodiscard]] handler_result handle_token(login_context& ctx, const request& req);
/// POST /refresh with {"refresh_token"}.
[[nodiscard]] handler_result handle_refresh(login_context& ctx, const request& req);

}  // namespace tessera::server
