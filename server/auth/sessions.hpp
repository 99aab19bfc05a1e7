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
  std::string username{};
  std::string session_id{};
  std::int64_t session_expires_at = 0;  ///< no refresh after this (unix seconds)
};

/// A refresh: the token presented, the client presenting it, and the scopes asked for.
struct refresh_grant {
  std::string_view refresh_token;
  std::string_view client_id;  ///< a refresh token is bound to its client (RFC 6749 section 6)
  std::vector<std::string> requested{};  ///< empty: the session's scopes
};

/// Where a login came from, kept with its session for the account page.
struct session_origin {
  std::string_view user_agent;
  std::string_view ip;
  std::string_view browser_key{};     ///< a browser session's cookie hash (session_record)
  std::string_view parent_session{};  ///< an app's session: the browser session it came from
};

/// An RFC 7009 revocation request from an authenticated client.
struct revocation_request {
  std::string_view token;
  std::string_view type_hint;  ///< token_type_hint: "access_token", "refresh_token" or empty
  std::string_view client_id;
};

class session_service {
 public:
  session_service(const service_config& config, store& db, const key_ring& keys,
                  revocation_list& revoked, const token_issuer& issuer)
      : config_(config), db_(db), keys_(keys), revoked_(revoked), issuer_(issuer) {}

  /// A new session for `user` and `client_id`, after a successful login.
  [[nodiscard]] result<token_pair> start(const user_record& user, std::string_view client_id,
                                         std::vector<std::string> scopes, session_origin from = {});

  /// Spends the grant's refresh token and issues a new pair of the same session. The access
  /// token has the `requested` scopes (a subset of the session's); the refresh token keeps the
  /// session's. Fails with `errc::invalid_grant` for a token unknown, spent, expired, or issued
  /// to another client, or of a disabled user; `errc::scope_not_granted` when more scope is asked
  /// for; `errc::refresh_token_reused` when it was spent more than `refresh_grace` ago: that is
  /// theft, and the whole session has ended.
  [[nodiscard]] result<token_pair> refresh(const refresh_grant& grant);

  /// The live session a refresh token of `client_id` belongs to, without spending the token:
  /// nothing when the token is unknown, spent (outside `refresh_grace`), or its session ended,
  /// expired, or belongs to a disabled user.
  [[nodiscard]] result<std::optional<session_record>> peek(std::string_view refresh_token,
                                                           std::string_view client_id);

  /// The sessions of `username` that have not ended, the newest first.
  [[nodiscard]] result<std::vector<session_record>> list_sessions(const std::string& username);

  /// Ends a session (logout): its refresh tokens and every access token carrying its sid, and
  /// the sessions of the apps authorized from it.
  [[nodiscard]] result<void> end_session(const std::string& sid);

  /// Ends session `sid` if it is a live session of `username`: false (and nothing changes) when
  /// there is no such session of that user.
  [[nodiscard]] result<bool> end_session_of(const std::string& username, const std::string& sid);

  /// Ends every session of `username` but `keep`; returns how many ended.
  [[nodiscard]] result<std::size_t> end_other_sessions(const std::string& username,
                                                       const std::string& keep);

  /// RFC 7009: revokes a refresh token (and its session) or an access token (its jti), when it
  /// was issued to the requesting client. Unknown or invalid tokens, and tokens of other
  /// clients, are no error and change nothing; only the store's failure is.
  [[nodiscard]] result<void> revoke(const revocation_request& request);

  /// RFC 7662: {"active": false} or the token's facts (token_type Bearer for access tokens).
  [[nodiscard]] boost::json::object introspect(std::string_view token);

  /// Ends every session of `username` and refuses its older access tokens (password change,
  /// disable, removal).
  [[nodiscard]] result<void> end_user_sessions(const std::string& username);

 private:
  [[nodiscard]] result<token_pair> issue_pair(const session_record& session,
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
