// Sessions (token families), refresh-token rotation with reuse detection (RFC 6749 section 6,
// RFC 9700 section 4.14), logout, revocation (RFC 7009) and introspection (RFC 7662).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "auth/revocation_list.hpp"
#include "auth/token_issuer.hpp"
#include "config/config.hpp"
#include "keys/key_ring.hpp"
#include "store/store.hpp"
#include "unix_time.hpp"

namespace tessera::server {

struct token_pair {
  issued_token access;
  std::string refresh_token;
  std::vector<std::string> scopes;
};

/// invalid: unknown, spent, expired, or issued to another client (RFC 6749 section 6: a refresh
/// token is bound to its client); wider_scope: the request asked for a scope the session lacks.
enum class refresh_outcome : std::uint8_t { ok, invalid, reused, wider_scope, unavailable };

class session_service {
 public:
  session_service(const service_config& config, store& db, const key_ring& keys,
                  revocation_list& revoked, const token_issuer& issuer)
      : config_(config), db_(db), keys_(keys), revoked_(revoked), issuer_(issuer) {}

  /// A new session for `user`, after a successful login.
  [[nodiscard]] std::optional<token_pair> start(const user_record& user, std::string_view client_id,
                                                std::vector<std::string> scopes);

  /// Spends `refresh_token`, issued to `client_id`, and issues a new pair of the same session.
  /// The access token has the `requested` scopes (a subset of the session's; all of them when
  /// empty); the refresh token keeps the session's. A token spent more than `refresh_grace` ago
  /// is theft: the whole session ends (`reused`).
  [[nodiscard]] std::pair<refresh_outcome, std::optional<token_pair>> refresh(
      std::string_view refresh_token, std::string_view client_id,
      const std::vector<std::string>& requested = {});

  /// Ends a session (logout): its refresh tokens and every access token carrying its sid.
  [[nodiscard]] bool end_session(const std::string& sid);

  /// RFC 7009: revokes a refresh token (and its session) or an access token (its jti), when it
  /// was issued to `client_id`. Unknown or invalid tokens, and tokens of other clients, are no
  /// error and change nothing. False when the store failed.
  [[nodiscard]] bool revoke(std::string_view token, std::string_view hint,
                            std::string_view client_id);

  /// RFC 7662: {"active": false} or the token's facts (token_type Bearer for access tokens).
  [[nodiscard]] boost::json::object introspect(std::string_view token);

  /// Ends every session of `username` and refuses its older access tokens (password change,
  /// disable, removal).
  [[nodiscard]] bool end_user_sessions(const std::string& username);

 private:
  [[nodiscard]] std::optional<token_pair> issue_pair(const session_record& session,
                                                     const std::vector<std::string>& scopes);

  const service_config& config_;
  store& db_;
  const key_ring& keys_;
  revocation_list& revoked_;
  const token_issuer& issuer_;
};

/// The stored form of a refresh token: base64url(SHA-256(token)).
[[nodiscard]] std::string hash_refresh_token(std::string_view token);

}  // namespace tessera::server
