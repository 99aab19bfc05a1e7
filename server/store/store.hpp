// Where the service keeps its state. SQLite is the embedded default.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "error.hpp"

namespace tessera::server {

struct user_record {
  std::string username{};
  std::string password_hash{};  ///< libsodium's crypto_pwhash_str string: algorithm, cost, salt
  std::vector<std::string> scopes{};
  bool disabled = false;
  bool dev_only = false;  ///< made by --dev; a start without --dev refuses to run while one exists
  std::int64_t created_at = 0;
  /// Access tokens issued before this time are refused (set when the user's sessions end).
  std::int64_t not_before = 0;
  std::string name{};   ///< the full name (OpenID Connect `name`), or empty
  std::string email{};  ///< or empty
  bool email_verified = false;
};

/// A login's token family: the access and refresh tokens issued from it carry its id (sid).
struct session_record {
  std::string id{};
  std::string username{};
  std::string client_id{};
  std::vector<std::string> scopes{};
  std::string kid{};  ///< the key that signed its tokens (revoking the key ends the session)
  std::int64_t created_at = 0;
  std::int64_t expires_at = 0;  ///< absolute: no refresh after this
  std::optional<std::int64_t> revoked_at{};
  std::string user_agent{};  ///< of the login, cut to `max_session_user_agent` bytes
  std::string ip{};          ///< the client address of the login
  std::optional<std::int64_t> last_used_at{};  ///< the last refresh; none before the first
  /// A browser session's: the hash of its `__Host-tessera-session` cookie, which /authorize
  /// reads. Empty for other sessions.
  std::string browser_key{};
  /// An app's session: the browser session it was authorized from (authorization_code).
  std::string parent_session{};
};

/// An authorization code (RFC 6749 section 4.1), kept only as the SHA-256 of its value.
struct authorization_code_record {
  std::string code_hash{};
  std::string client_id{};
  std::string redirect_uri{};
  std::string username{};
  std::string browser_session{};  ///< the browser session that authorized it (the `sid`)
  std::vector<std::string> scopes{};
  std::string nonce{};
  std::string code_challenge{};  ///< PKCE S256
  std::int64_t auth_time = 0;    ///< when the user signed in
  std::int64_t expires_at = 0;
  std::optional<std::int64_t> redeemed_at{};
  std::string token_session{};  ///< the session of the tokens it was exchanged for
};

/// A code being redeemed: the record, and whether this redemption was the first.
struct code_redemption {
  authorization_code_record code;
  bool first = false;
};

/// What a user allowed an app (client) to receive.
struct consent_record {
  std::string username{};
  std::string client_id{};
  std::vector<std::string> scopes{};
  std::int64_t granted_at = 0;
};

/// The longest User-Agent kept with a session; a longer one is cut.
inline constexpr std::size_t max_session_user_agent = 256;

/// A refresh token, kept only as the SHA-256 of its value.
struct refresh_record {
  std::string token_hash{};
  std::string session_id{};
  std::int64_t issued_at = 0;
  std::optional<std::int64_t> spent_at{};
};

enum class key_state : std::uint8_t { next, active, retired, revoked };

/// A signing key, its private part encrypted at rest (an encrypted PKCS#8 PEM).
struct key_record {
  std::string kid{};
  std::string alg{};
  std::string encrypted_pem{};
  key_state state = key_state::next;
  std::int64_t created_at = 0;
  std::int64_t activate_at = 0;
  std::optional<std::int64_t> retired_at{};
};

/// What the bearer guard must refuse, as of now.
struct revocations {
  std::vector<std::pair<std::string, std::int64_t>> sessions;   ///< sid, revoked_at
  std::vector<std::pair<std::string, std::int64_t>> token_ids;  ///< jti, expires_at
  std::vector<std::pair<std::string, std::int64_t>> user_not_before;
};

/// What one `store::prune` deleted.
struct pruned_rows {
  std::size_t sessions = 0;
  std::size_t token_ids = 0;
  std::size_t codes = 0;
};

/// The persistent state of the service. Implementations are safe to call from several threads.
/// Every operation fails with `errc::store_unavailable` when the database does; the others it
/// may give are named beside it.
class store {
 public:
  store() = default;
  store(const store&) = delete;
  store& operator=(const store&) = delete;
  virtual ~store() = default;

  /// Applies the schema migrations not applied yet.
  virtual result<void> migrate() = 0;

  virtual result<std::optional<user_record>> find_user(std::string_view username) = 0;
  /// `errc::already_exists` when the name is taken.
  virtual result<void> add_user(const user_record& user) = 0;
  virtual result<std::vector<user_record>> list_users() = 0;
  /// Sets the user's OpenID Connect profile (name, email, email_verified); `errc::not_found`.
  virtual result<void> set_profile(const user_record& user) = 0;
  /// `errc::not_found` when there is no such user (also for `set_disabled`, `remove_user`).
  virtual result<void> set_password_hash(std::string_view username, std::string_view hash) = 0;
  virtual result<void> set_disabled(std::string_view username, bool disabled) = 0;
  virtual result<void> remove_user(std::string_view username) = 0;
  virtual result<bool> has_dev_users() = 0;
  virtual result<std::size_t> count_users() = 0;
  /// Sets the user's not-before time and ends every session of the user.
  virtual result<void> end_user_sessions(std::string_view username, std::int64_t now) = 0;

  virtual result<void> add_session(const session_record& session) = 0;
  virtual result<std::optional<session_record>> find_session(std::string_view id) = 0;
  /// Ends a session (idempotent).
  virtual result<void> revoke_session(std::string_view id, std::int64_t now) = 0;
  /// The sessions of `username` neither ended nor expired at `now`, the newest first.
  virtual result<std::vector<session_record>> list_user_sessions(std::string_view username,
                                                                 std::int64_t now) = 0;
  /// The live-or-not session whose browser cookie hashes to `browser_key`.
  virtual result<std::optional<session_record>> find_session_by_browser_key(
      std::string_view browser_key) = 0;
  /// The ids of the live sessions whose parent is `parent_id`.
  virtual result<std::vector<std::string>> child_sessions(std::string_view parent_id) = 0;
  /// Records a refresh of the session at `now` (its last use).
  virtual result<void> touch_session(std::string_view id, std::int64_t now) = 0;
  /// Ends the sessions whose tokens `kid` signed; returns how many.
  virtual result<std::size_t> revoke_sessions_of_key(std::string_view kid, std::int64_t now) = 0;

  virtual result<void> add_refresh_token(const refresh_record& token) = 0;
  virtual result<std::optional<refresh_record>> find_refresh_token(std::string_view hash) = 0;
  /// Marks the token spent if it was not: true when this call spent it (a conditional update,
  /// so two concurrent refreshes cannot both think they were first).
  virtual result<bool> spend_refresh_token(std::string_view hash, std::int64_t now) = 0;

  virtual result<void> revoke_token_id(std::string_view jti, std::int64_t expires_at) = 0;

  virtual result<void> add_authorization_code(const authorization_code_record& code) = 0;
  /// Marks the code redeemed at `now` if it was not (a conditional update: of two concurrent
  /// redemptions one is first), and returns it; nothing for an unknown code.
  virtual result<std::optional<code_redemption>> redeem_authorization_code(
      std::string_view code_hash, std::int64_t now) = 0;
  /// Records the session of the tokens a code was exchanged for.
  virtual result<void> set_code_token_session(std::string_view code_hash,
                                              std::string_view session_id) = 0;

  /// Records (or replaces) what `consent.username` allowed `consent.client_id`.
  virtual result<void> put_consent(const consent_record& consent) = 0;
  virtual result<std::optional<consent_record>> find_consent(std::string_view username,
                                                             std::string_view client_id) = 0;
  virtual result<std::vector<consent_record>> list_consents(std::string_view username) = 0;
  /// Withdraws a consent: false when there was none.
  virtual result<bool> delete_consent(std::string_view username, std::string_view client_id) = 0;
  /// The revocations that can still refuse a token: sessions ended and users' not-before times
  /// set at or after `revoked_since`, and revoked token ids whose token expires at or after
  /// `expiring_since`. Older entries cover only tokens that have expired.
  virtual result<revocations> load_revocations(std::int64_t revoked_since,
                                               std::int64_t expiring_since) = 0;
  /// Deletes up to `limit` sessions that ended before `sessions_ended_before` (with their refresh
  /// tokens), as many authorization codes that expired before it, and up to `limit` revoked
  /// token ids whose token expired before `tokens_expired_before`. Returns how many of each went.
  virtual result<pruned_rows> prune(std::int64_t sessions_ended_before,
                                    std::int64_t tokens_expired_before, std::size_t limit) = 0;

  virtual result<std::vector<key_record>> list_keys() = 0;
  /// Inserts a key; `errc::already_exists` if a key with that kid exists.
  virtual result<void> add_key(const key_record& key) = 0;
  /// `errc::not_found` when there is no such key.
  virtual result<void> set_key_state(std::string_view kid, key_state state,
                                     std::optional<std::int64_t> retired_at) = 0;
  virtual result<void> delete_key(std::string_view kid) = 0;

  /// A cheap round trip, for /readyz.
  virtual result<void> ping() = 0;
};

[[nodiscard]] std::string_view to_string(key_state state) noexcept;
[[nodiscard]] std::optional<key_state> parse_key_state(std::string_view text) noexcept;

/// Opens the store named by a database URL (`sqlite:PATH` or `postgresql://...`) and applies
/// its migrations; `errc::invalid_configuration` for another scheme.
[[nodiscard]] result<std::unique_ptr<store>> open_store(const std::string& database_url);

}  // namespace tessera::server
