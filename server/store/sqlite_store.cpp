#include "store/sqlite_store.hpp"
#include "store/migrations.hpp"
#include "store/rows.hpp"
#include "unix_time.hpp"
#include "words.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <chrono>
#include <mutex>
#include <optional>

#include <sqlite3.h>

namespace tessera::server {
namespace {

class statement {
 public:
  statement(sqlite3* db, const char* sql) { sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr); }
  statement(const statement&) = delete;
  statement& operator=(const statement&) = delete;
  ~statement() { sqlite3_finalize(stmt_); }

  [[nodiscard]] bool ok() const { return stmt_ != nullptr; }
  statement& bind(int i, std::string_view text) {
    sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    return *this;
  }
  statement& bind(int i, std::int64_t n) {
    sqlite3_bind_int64(stmt_, i, n);
    return *this;
  }
  int step() { return sqlite3_step(stmt_); }
  [[nodiscard]] std::string text(int col) const {
    const auto* p = sqlite3_column_text(stmt_, col);
    return p == nullptr ? std::string{}
                        : std::string(reinterpret_cast<const char*>(p),
                                      static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)));
  }
  [[nodiscard]] std::int64_t integer(int col) const { return sqlite3_column_int64(stmt_, col); }
  [[nodiscard]] bool boolean(int col) const { return integer(col) != 0; }
  [[nodiscard]] bool is_null(int col) const {
    return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
  }
  statement& bind_null(int i) {
    sqlite3_bind_null(stmt_, i);
    return *this;
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

class sqlite_store final : public store {
 public:
  explicit sqlite_store(sqlite3* db) : db_(db) {}
  sqlite_store(const sqlite_store&) = delete;
  sqlite_store& operator=(const sqlite_store&) = delete;
  ~sqlite_store() override { sqlite3_close(db_); }

  result<void> migrate() override {
    const std::lock_guard lock(mutex_);
    if (auto r = exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
                      "version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)");
        !r) {
      return r;
    }
    for (const auto& m : migrations_for(sql_dialect::sqlite)) {
      const auto version = std::int64_t{m.version};
      if (auto r = exec("BEGIN IMMEDIATE"); !r) return r;
      statement applied(db_, "SELECT 1 FROM schema_migrations WHERE version = ?");
      applied.bind(1, version);
      if (applied.step() == SQLITE_ROW) {
        if (auto r = exec("COMMIT"); !r) return r;
        continue;
      }
      statement record(db_, "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)");
      record.bind(1, version).bind(2, unix_now());
      if (auto r = exec(std::string(m.sql).c_str()); !r || record.step() != SQLITE_DONE) {
        auto why = fail(errc::store_unavailable,
                        "migration " + std::string(m.name) + " failed: " + sqlite3_errmsg(db_));
        (void)exec("ROLLBACK");  // the error reported is the migration's, not the rollback's
        return why;
      }
      if (auto r = exec("COMMIT"); !r) return r;
    }
    return {};
  }

  result<std::optional<user_record>> find_user(std::string_view username) override {
    return find_one(std::string(rows::select_user) + " WHERE username = ?", username,
                    rows::read_user<statement>);
  }

  result<void> add_user(const user_record& user) override {
    const std::lock_guard lock(mutex_);
    statement s(db_,
                "INSERT INTO users (username, password_hash, scopes, disabled, dev_only, "
                "created_at, name, email, email_verified) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, user.username)
        .bind(2, user.password_hash)
        .bind(3, join_words(user.scopes))
        .bind(4, std::int64_t{user.disabled})
        .bind(5, std::int64_t{user.dev_only})
        .bind(6, user.created_at != 0 ? user.created_at : unix_now())
        .bind(7, user.name)
        .bind(8, user.email)
        .bind(9, std::int64_t{user.email_verified});
    const int rc = s.step();
    if (rc == SQLITE_DONE) return {};
    if (rc == SQLITE_CONSTRAINT) {
      return fail(errc::already_exists, "user '" + user.username + "' exists");
    }
    return unavailable();
  }

  result<std::vector<user_record>> list_users() override {
    return find_all(std::string(rows::select_user) + " ORDER BY username",
                    rows::read_user<statement>);
  }

  result<void> set_password_hash(std::string_view username, std::string_view hash) override {
    return update("UPDATE users SET password_hash = ? WHERE username = ?", hash, username);
  }

  result<void> set_profile(const user_record& user) override {
    const std::lock_guard lock(mutex_);
    statement s(db_, "UPDATE users SET name = ?, email = ?, email_verified = ? WHERE username = ?");
    s.bind(1, user.name)
        .bind(2, user.email)
        .bind(3, std::int64_t{user.email_verified})
        .bind(4, user.username);
    if (s.step() != SQLITE_DONE) return unavailable();
    if (sqlite3_changes(db_) == 0) return not_found(user.username);
    return {};
  }

  result<void> set_disabled(std::string_view username, bool disabled) override {
    return update("UPDATE users SET disabled = ? WHERE username = ?", disabled ? "1" : "0",
                  username);
  }

  result<void> remove_user(std::string_view username) override {
    const std::lock_guard lock(mutex_);
    statement s(db_, "DELETE FROM users WHERE username = ?");
    s.bind(1, username);
    if (s.step() != SQLITE_DONE) return unavailable();
    if (sqlite3_changes(db_) == 0) return not_found(username);
    return {};
  }

  result<bool> has_dev_users() override {
    const std::lock_guard lock(mutex_);
    statement s(db_, "SELECT 1 FROM users WHERE dev_only = 1 LIMIT 1");
    const int rc = s.step();
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return unavailable();
  }

  result<std::size_t> count_users() override {
    const std::lock_guard lock(mutex_);
    statement s(db_, "SELECT COUNT(*) FROM users");
    if (s.step() != SQLITE_ROW) return unavailable();
    return static_cast<std::size_t>(s.integer(0));
  }

  result<void> end_user_sessions(std::string_view username, std::int64_t now) override {
    const std::lock_guard lock(mutex_);
    if (auto r = exec("BEGIN IMMEDIATE"); !r) return r;
    statement user(db_, "UPDATE users SET not_before = ? WHERE username = ?");
    user.bind(1, now).bind(2, username);
    statement sessions(
        db_, "UPDATE sessions SET revoked_at = ? WHERE username = ? AND revoked_at IS NULL");
    sessions.bind(1, now).bind(2, username);
    if (user.step() != SQLITE_DONE || sessions.step() != SQLITE_DONE) {
      (void)exec("ROLLBACK");  // the error reported is the update's, not the rollback's
      return unavailable();
    }
    return exec("COMMIT");
  }

  result<void> add_session(const session_record& r) override {
    const std::lock_guard lock(mutex_);
    statement s(db_,
                "INSERT INTO sessions (id, username, client_id, scopes, kid, created_at, "
                "expires_at, user_agent, ip, browser_key, parent_session) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, r.id)
        .bind(2, r.username)
        .bind(3, r.client_id)
        .bind(4, join_words(r.scopes))
        .bind(5, r.kid)
        .bind(6, r.created_at)
        .bind(7, r.expires_at)
        .bind(8, r.user_agent)
        .bind(9, r.ip);
    if (r.browser_key.empty()) {
      s.bind_null(10);
    } else {
      s.bind(10, r.browser_key);
    }
    s.bind(11, r.parent_session);
    if (s.step() != SQLITE_DONE) return unavailable();
    return {};
  }

  result<std::optional<session_record>> find_session(std::string_view id) override {
    return find_one(std::string(rows::select_session) + " WHERE id = ?", id,
                    rows::read_session<statement>);
  }

  result<void> revoke_session(std::string_view id, std::int64_t now) override {
    const std::lock_guard lock(mutex_);
    statement s(db_, "UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL");
    s.bind(1, now).bind(2, id);
    if (s.step() != SQLITE_DONE) return unavailable();
    return {};
  }

  result<std::vector<session_record>> list_user_sessions(std::string_view username,
                                                         std::int64_t now) override {
    const std::lock_guard lock(mutex_);
    statement s(db_, (std::string(rows::select_session) +
                      " WHERE username = ? AND revoked_at IS NULL AND expires_at > ? "
                      "ORDER BY created_at DESC, id")
                         .c_str());
    s.bind(1, username).bind(2, now);
    std::vector<session_record> out;
    int rc = SQLITE_OK;
    while ((rc = s.step()) == SQLITE_ROW) out.push_back(rows::read_session(s));
    if (rc != SQLITE_DONE) return unavailable();
    return out;
  }

  result<std::optional<session_record>> find_session_by_browser_key(
      std::string_view browser_key) override {
    return find_one(std::string(rows::select_session) + " WHERE browser_key = ?", browser_key,
                    rows::read_session<statement>);
  }

  result<std::vector<std::string>> child_sessions(std::string_view parent_id) override {
    const std::lock_guard lock(mutex_);
    statement s(db_, "SELECT id FROM sessions WHERE parent_session = ? AND revoked_at IS NULL");
    s.bind(1, parent_id);
    std::vector<std::string> out;
    int rc = SQLITE_OK;
    while ((rc = s.step()) == SQLITE_ROW) out.push_back(s.text(0));
    if (rc != SQLITE_DONE) return unavailable();
    return out;
  }

  result<void> touch_session(std::string_view id, std::int64_t now) override {
    const std::lock_guard lock(mutex_);
    statement s(db_, "UPDATE sessions SET last_used_at = ? WHERE id = ?");
    s.bind(1, now).bind(2, id);
    if (s.step() != SQLITE_DONE) return unavailable();
    return {};
  }

  result<std::size_t> revoke_sessions_of_key(std::string_view kid, std::int64_t now) override {
    const std::lock_guard lock(mutex_);
    statement s(db_, "UPDATE sessions SET revoked_at = ? WHERE kid = ? AND revoked_at IS NULL");
    s.bind(1, now).bind(2, kid);
    if (s.step() != SQLITE_DONE) return unavailable();
    return static_cast<std::size_t>(sqlite3_changes(db_));
  }

  result<void> add_refresh_token(const refresh_record& r) override {
    const std::lock_guard lock(mutex_);
    statement s(db_,
                "INSERT INTO refresh_tokens (token_hash, session_id, issued_at) VALUES (?, ?, ?)");
    s.bind(1, r.token_hash).bind(2, r.session_id).bind(3, r.issued_at);
    if (s.step() != SQLITE_DONE) return unavailable();
    return {};
  }

  result<std::optional<refresh_record>> find_refresh_token(std::string_view hash) override {
    return find_one(std::string(rows::select_refresh_token) + " WHERE token_hash = ?", hash,
                    rows::read_refresh_token<statement>);
  }

  result<bool> spend_refresh_token(std::string_view hash, std::int64_t now) override {
    const std::lock_guard lock(mutex_);
    statement s(db_,
                "UPDATE refresh_tokens SET spent_at = ? WHERE token_hash = ? AND spent_at IS NULL");
    s.bind(1, now).bind(2, hash);
    if (s.step() != SQLITE_DONE) return unavailable();
    return sqlite3_changes(db_) == 1;
  }

  result<void> revoke_token_id(std::string_view jti, std::int64_t expires_at) override {
    const std::lock_guard lock(mutex_);
    statement s(db_, "INSERT OR IGNORE INTO revoked_tokens (jti, expires_at) VALUES (?, ?)");
    s.bind(1, jti).bind(2, expires_at);
    if (s.step() != SQLITE_DONE) return unavailable();
    return {};
  }

  result<revocations> load_revocations(std::int64_t revoked_since,
                                       std::int64_t expiring_since) override {
    const std::lock_guard lock(mutex_);
    revocations out;
    statement sessions(db_, "SELECT id, revoked_at FROM sessions WHERE revoked_at >= ?");
    sessions.bind(1, revoked_since);
    int rc = SQLITE_OK;
    while ((rc = sessions.step()) == SQLITE_ROW) {
      out.sessions.emplace_back(sessions.text(0), sessions.integer(1));
    }
    if (rc != SQLITE_DONE) return unavailable();
    statement tokens(db_, "SELECT jti, expires_at FROM revoked_tokens WHERE expires_at >= ?");
    tokens.bind(1, expiring_since);
    while ((rc = tokens.step()) == SQLITE_ROW) {
      out.token_ids.emplace_back(tokens.text(0), tokens.integer(1));
    }
    if (rc != SQLITE_DONE) return unavailable();
    statement users(db_, "SELECT username, not_before FROM users WHERE not_before >= ?");
    users.bind(1, revoked_since);
    while ((rc = users.step()) == SQLITE_ROW) {
      out.user_not_before.emplace_back(users.text(0), users.integer(1));
    }
    if (rc != SQLITE_DONE) return unavailable();
    return out;
  }

  result<void> add_authorization_code(const authorization_code_record& c) override {
    const std::lock_guard lock(mutex_);
    statement s(db_,
                "INSERT INTO authorization_codes (code_hash, client_id, redirect_uri, username, "
                "browser_session, scopes, nonce, code_challenge, auth_time, expires_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, c.code_hash)
        .bind(2, c.client_id)
        .bind(3, c.redirect_uri)
        .bind(4, c.username)
        .bind(5, c.browser_session)
        .bind(6, join_words(c.scopes))
        .bind(7, c.nonce)
        .bind(8, c.code_challenge)
        .bind(9, c.auth_time)
        .bind(10, c.expires_at);
    if (s.step() != SQLITE_DONE) return unavailable();
    return {};
  }

  result<std::optional<code_redemption>> redeem_authorization_code(std::string_view code_hash,
                                                                   std::int64_t now) override {
    const std::lock_guard lock(mutex_);
    statement spend(db_,
                    "UPDATE authorization_codes SET redeemed_at = ? WHERE code_hash = ? AND "
                    "redeemed_at IS NULL");
    spend.bind(1, now).bind(2, code_hash);
    if (spend.step() != SQLITE_DONE) return unavailable();
    const bool first = sqlite3_changes(db_) == 1;
    statement read(db_, (std::string(rows::select_code) + " WHERE code_hash = ?").c_str());
    read.bind(1, code_hash);
    const int rc = read.step();
    if (rc == SQLITE_DONE) return std::optional<code_redemption>{};
    if (rc != SQLITE_ROW) return unavailable();
    return std::optional<code_redemption>(
        code_redemption{.code = rows::read_code(read), .first = first});
  }

  result<void> set_code_token_session(std::string_view code_hash,
                                      std::string_view session_id) override {
    const std::lock_guard lock(mutex_);
    statement s(db_, "UPDATE authorization_codes SET token_session = ? WHERE code_hash = ?");
    s.bind(1, session_id).bind(2, code_hash);
    if (s.step() != SQLITE_DONE) return unavailable();
    return {};
  }

  result<void> put_consent(const consent_record& c) override {
    const std::lock_guard lock(mutex_);
    statement s(
        db_,
        "INSERT INTO consents (username, client_id, scopes, granted_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (username, client_id) DO UPDATE SET scopes = excluded.scopes, "
        "granted_at = excluded.granted_at");
    s.bind(1, c.username).bind(2, c.client_id).bind(3, join_words(c.scopes)).bind(4, c.granted_at);
    if (s.step() != SQLITE_DONE) return unavailable();
    return {};
  }

  result<std::optional<consent_record>> find_consent(std::string_view username,
                                                     std::string_view client_id) override {
    const std::lock_guard lock(mutex_);
    statement s(
        db_, (std::string(rows::select_consent) + " WHERE username = ? AND client_id = ?").c_str());
    s.bind(1, username).bind(2, client_id);
    const int rc = s.step();
    if (rc == SQLITE_ROW) return std::optional<consent_record>(rows::read_consent(s));
    if (rc == SQLITE_DONE) return std::optional<consent_record>{};
    return unavailable();
  }

  result<std::vector<consent_record>> list_consents(std::string_view username) override {
    const std::lock_guard lock(mutex_);
    statement s(
        db_,
        (std::string(rows::select_consent) + " WHERE username = ? ORDER BY client_id").c_str());
    s.bind(1, username);
    std::vector<consent_record> out;
    int rc = SQLITE_OK;
    while ((rc = s.step()) == SQLITE_ROW) out.push_back(rows::read_consent(s));
    if (rc != SQLITE_DONE) return unavailable();
    return out;
  }

  result<bool> delete_consent(std::string_view username, std::string_view client_id) override {
    const std::lock_guard lock(mutex_);
    statement s(db_, "DELETE FROM consents WHERE username = ? AND client_id = ?");
    s.bind(1, username).bind(2, client_id);
    if (s.step() != SQLITE_DONE) return unavailable();
    return sqlite3_changes(db_) > 0;
  }

  result<pruned_rows> prune(std::int64_t sessions_ended_before, std::int64_t tokens_expired_before,
                            std::size_t limit) override {
    const std::lock_guard lock(mutex_);
    // Most syncs find nothing to prune. A read says so without taking the store's one write
    // lock, which logins and refreshes would queue behind, and without the temporary tables
    // the deletes' IN lists are built in.
    const auto due = anything_ended_before(sessions_ended_before, tokens_expired_before);
    if (!due) return unavailable();
    if (!*due) return pruned_rows{};
    // One transaction, so one durable commit for both deletes.
    if (auto r = exec("BEGIN IMMEDIATE"); !r) return std::unexpected(r.error());
    // A session's refresh tokens go with it (ON DELETE CASCADE).
    auto sessions = delete_batch(
        "DELETE FROM sessions WHERE id IN (SELECT id FROM sessions WHERE expires_at < ? LIMIT ?)",
        sessions_ended_before, limit);
    if (!sessions) return rollback();
    auto tokens = delete_batch(
        "DELETE FROM revoked_tokens WHERE jti IN "
        "(SELECT jti FROM revoked_tokens WHERE expires_at < ? LIMIT ?)",
        tokens_expired_before, limit);
    if (!tokens) return rollback();
    auto codes = delete_batch(
        "DELETE FROM authorization_codes WHERE code_hash IN "
        "(SELECT code_hash FROM authorization_codes WHERE expires_at < ? LIMIT ?)",
        sessions_ended_before, limit);
    if (!codes) return rollback();
    if (auto r = exec("COMMIT"); !r) {
      (void)exec("ROLLBACK");
      return std::unexpected(r.error());
    }
    return pruned_rows{.sessions = *sessions, .token_ids = *tokens, .codes = *codes};
  }

  result<std::vector<key_record>> list_keys() override {
    return find_all(std::string(rows::select_key) + " ORDER BY created_at, kid",
                    rows::read_key<statement>);
  }

  result<void> add_key(const key_record& k) override {
    const std::lock_guard lock(mutex_);
    statement s(db_,
                "INSERT INTO signing_keys (kid, alg, encrypted_pem, state, created_at, "
                "activate_at) VALUES (?, ?, ?, ?, ?, ?)");
    s.bind(1, k.kid)
        .bind(2, k.alg)
        .bind(3, k.encrypted_pem)
        .bind(4, to_string(k.state))
        .bind(5, k.created_at)
        .bind(6, k.activate_at);
    const int rc = s.step();
    if (rc == SQLITE_DONE) return {};
    if (rc == SQLITE_CONSTRAINT) return fail(errc::already_exists, "key exists");
    return unavailable();
  }

  result<void> set_key_state(std::string_view kid, key_state state,
                             std::optional<std::int64_t> retired_at) override {
    const std::lock_guard lock(mutex_);
    statement s(db_, "UPDATE signing_keys SET state = ?, retired_at = ? WHERE kid = ?");
    s.bind(1, to_string(state));
    if (retired_at) {
      s.bind(2, *retired_at);
    } else {
      s.bind_null(2);
    }
    s.bind(3, kid);
    if (s.step() != SQLITE_DONE) return unavailable();
    if (sqlite3_changes(db_) == 0) return fail(errc::not_found, "no such key");
    return {};
  }

  result<void> delete_key(std::string_view kid) override {
    const std::lock_guard lock(mutex_);
    statement s(db_, "DELETE FROM signing_keys WHERE kid = ?");
    s.bind(1, kid);
    if (s.step() != SQLITE_DONE) return unavailable();
    return {};
  }

  result<void> ping() override {
    const std::lock_guard lock(mutex_);
    statement s(db_, "SELECT 1");
    if (s.step() != SQLITE_ROW) return unavailable();
    return {};
  }

 private:
  // The row a query on one key finds, made by `read`; nothing when there is none.
  template <class Read>
  auto find_one(const std::string& sql, std::string_view key, Read read)
      -> result<std::optional<decltype(read(std::declval<const statement&>()))>> {
    using row = decltype(read(std::declval<const statement&>()));
    const std::lock_guard lock(mutex_);
    statement s(db_, sql.c_str());
    s.bind(1, key);
    const int rc = s.step();
    if (rc == SQLITE_ROW) return std::optional<row>(read(s));
    if (rc == SQLITE_DONE) return std::optional<row>{};
    return unavailable();
  }
  // Every row a query finds, each made by `read`.
  template <class Read>
  auto find_all(const std::string& sql, Read read)
      -> result<std::vector<decltype(read(std::declval<const statement&>()))>> {
    const std::lock_guard lock(mutex_);
    statement s(db_, sql.c_str());
    std::vector<decltype(read(s))> records;
    int rc = SQLITE_OK;
    while ((rc = s.step()) == SQLITE_ROW) records.push_back(read(s));
    if (rc != SQLITE_DONE) return unavailable();
    return records;
  }

  [[nodiscard]] std::unexpected<failure> unavailable() const {
    return fail(errc::store_unavailable, std::string("sqlite: ") + sqlite3_errmsg(db_));
  }
  // Whether a session or a revoked token ended before its cut-off; nothing when the store
  // cannot tell. Both lookups are on an index (sessions_by_expiry, revoked_tokens_by_expiry).
  std::optional<bool> anything_ended_before(std::int64_t sessions_ended_before,
                                            std::int64_t tokens_expired_before) {
    statement s(db_,
                "SELECT EXISTS (SELECT 1 FROM sessions WHERE expires_at < ?) "
                "OR EXISTS (SELECT 1 FROM revoked_tokens WHERE expires_at < ?) "
                "OR EXISTS (SELECT 1 FROM authorization_codes WHERE expires_at < ?)");
    s.bind(1, sessions_ended_before).bind(2, tokens_expired_before).bind(3, sessions_ended_before);
    if (s.step() != SQLITE_ROW) return std::nullopt;
    return s.integer(0) != 0;
  }
  // Runs a batched DELETE bound to (cutoff, limit); the rows it deleted, or nothing on failure.
  std::optional<std::size_t> delete_batch(const char* sql, std::int64_t cutoff, std::size_t limit) {
    statement s(db_, sql);
    s.bind(1, cutoff).bind(2, static_cast<std::int64_t>(limit));
    if (s.step() != SQLITE_DONE) return std::nullopt;
    return static_cast<std::size_t>(sqlite3_changes(db_));
  }
  // The error of the statement that failed, after undoing its transaction.
  std::unexpected<failure> rollback() {
    auto error = unavailable();
    (void)exec("ROLLBACK");
    return error;
  }
  static std::unexpected<failure> not_found(std::string_view username) {
    return fail(errc::not_found, "no user '" + std::string(username) + "'");
  }

  result<void> exec(const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
      std::string text = message != nullptr ? message : "unknown error";
      sqlite3_free(message);
      return fail(errc::store_unavailable, "sqlite: " + text);
    }
    return {};
  }

  result<void> update(const char* sql, std::string_view value, std::string_view username) {
    const std::lock_guard lock(mutex_);
    statement s(db_, sql);
    s.bind(1, value).bind(2, username);
    if (s.step() != SQLITE_DONE) return unavailable();
    if (sqlite3_changes(db_) == 0) return not_found(username);
    return {};
  }

  sqlite3* db_;
  std::mutex mutex_;
};

}  // namespace

result<std::unique_ptr<store>> open_sqlite_store(const std::string& path) {
  // Create the file 0600 before SQLite does; its -wal and -shm files take the same mode.
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return fail(errc::store_unavailable, "cannot open " + path);
  ::fchmod(fd, 0600);
  ::close(fd);

  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, nullptr) !=
      SQLITE_OK) {
    std::string message = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return fail(errc::store_unavailable, "sqlite: " + message);
  }
  sqlite3_busy_timeout(db, 5000);
  // The service keeps what it reads often (revocations, keys, verified tokens) in memory; the
  // store is read on a login, a refresh or a sync, and its file's pages stay in the kernel's page
  // cache anyway. So SQLite's own cache is kept small (16 pages, enough for the inner pages of
  // the B-trees one statement walks) instead of the default 2 MiB, which new sessions would fill.
  constexpr const char* cache_pragma = "PRAGMA cache_size=-64";
  auto s = std::make_unique<sqlite_store>(db);
  // WAL lets readers run beside a writer; synchronous=FULL makes every commit durable.
  for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL",
                             "PRAGMA foreign_keys=ON", cache_pragma}) {
    if (sqlite3_exec(db, pragma, nullptr, nullptr, nullptr) != SQLITE_OK) {
      return fail(errc::store_unavailable, std::string("sqlite: ") + sqlite3_errmsg(db));
    }
  }
  if (auto r = s->migrate(); !r) return std::unexpected(r.error());
  return std::unique_ptr<store>(std::move(s));
}

}  // namespace tessera::server
