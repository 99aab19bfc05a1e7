// POST /login (the article's JSON body) and POST /token (RFC 6749 section 4.3, the form that
// FastAPI's OAuth2PasswordBearer clients send). The password check runs on the hashing pool.
#pragma once

#include <string>
#include <vector>

#include "auth/login_throttle.hpp"
#include "auth/token_issuer.hpp"
#include "http/message.hpp"
#include "observability/metrics.hpp"
#include "password/argon2id.hpp"
#include "store/store.hpp"

namespace tessera::server {

/// Everything a login needs; shared by both endpoints.
struct login_context {
  store& users;
  const password_hasher& hasher;
  const token_issuer& issuer;
  login_throttle& throttle;
  server::metrics& metrics;
};

/// POST /login with {"username", "password"}.
[[nodiscard]] handler_result handle_login(login_context& ctx, const request& req);
/// POST /token with grant_type=password&username=&password=[&scope=].
[[nodiscard]] handler_result handle_token(login_context& ctx, const request& req);

}  // namespace tessera::server
