// POST /login and POST /refresh (the JSON bodies of the FastAPI secure-sessions guide), and the
// password check and refresh that /token's grants share with them. Password checks run on the
// hashing pool.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/client_auth.hpp"
#include "auth/login_throttle.hpp"
#include "auth/sessions.hpp"
#include "auth/token_issuer.hpp"
#include "http/message.hpp"
#include "observability/metrics.hpp"
#include "password/argon2id.hpp"
#include "store/store.hpp"

namespace tessera::server {

/// Everything a login needs; shared by /login, /refresh and /token.
struct login_context {
  const service_config& config;
  store& users;
  const password_hasher& hasher;
  session_service& sessions;
  login_throttle& throttle;
  client_authenticator& clients;
  const token_issuer& tokens;
  server::metrics& metrics;
};

/// Which shape the answers take: FastAPI's `{"detail"}` (/login, /refresh) or RFC 6749's
/// `{"error"}` (/token).
enum class answer_style : std::uint8_t { detail, oauth };

/// A password login for `client_id`.
struct password_login {
  std::string username;
  std::string password;
  std::string address;        ///< the client's address, for the throttle
  std::string user_agent{};   ///< kept with the session
  std::string browser_key{};  ///< a browser sign-in's session-cookie hash
  std::vector<std::string> requested;
  std::string client_id;
  answer_style style = answer_style::detail;
};

/// POST /login with {"username", "password"}.
[[nodiscard]] handler_result handle_login(login_context& ctx, const request& req);
/// POST /refresh with {"refresh_token"}: tokens of the first-party client only.
[[nodiscard]] handler_result handle_refresh(login_context& ctx, const request& req);

/// 429 when the source's address (or its user from that address) has failed too often; nothing
/// when it may go on.
[[nodiscard]] std::optional<response> login_throttled(login_context& ctx,
                                                      const login_source& source,
                                                      answer_style style);
/// On the hashing pool: checks the password and starts a session; records the outcome in the
/// metrics. `errc::invalid_credentials` for a wrong password or an unknown or disabled user.
[[nodiscard]] result<token_pair> sign_in(login_context& ctx, password_login& login);
/// On the hashing pool: `sign_in`, answered as `login.style` says.
[[nodiscard]] response run_password_login(login_context& ctx, password_login& login);
/// On the hashing pool (the store is touched): the refresh grant.
[[nodiscard]] response run_refresh(login_context& ctx, const refresh_grant& grant,
                                   answer_style style);
/// 503, after logging `why` (its detail is for the operator, not the client).
[[nodiscard]] response service_unavailable(const failure& why);
/// 200 with the tokens, no-store; `scope` when granted, or when it differs from `requested`.
[[nodiscard]] response token_response(const issued_token& access, const std::string* refresh_token,
                                      const std::vector<std::string>& granted,
                                      const std::vector<std::string>& requested);

}  // namespace tessera::server
