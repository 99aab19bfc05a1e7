#include "store/postgres_store.hpp"
#include "store/migrations.hpp"
#include "store/rows.hpp"
#include "unix_time.hpp"
#include "words.hpp"

#include <chrono>
#include <cstring>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#include <libpq-fe.h>

namespace tessera::server {
namespace {

// Any constant: the key of the advisory lock that serialises migrations across instances.
constexpr const char* migration_lock = "SELECT pg_advisory_lock(7431902215)";
constexpr const char* migration_unlock = "SELECT pg_advisory_unlock(7431902215)";

// One result, freed when it goes.
class pg_result {
 public:
  explicit pg_result(PGresult* r) : r_(r) {}
  pg_result(pg_result&& o) noexcept : r_(std::exchange(o.r_, nullptr)) {}
  pg_result(const pg_result&) = delete;
  pg_result& operator=(const pg_result&) = delete;
  ~pg_result() { PQclear(r_); }

  [[nodiscard]] bool ok() const {
    const auto s = PQresultStatus(r_);
    return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
  }
  [[nodiscard]] bool unique_violation() const {
    const char* state = PQresultErrorField(r_, PG_DIAG_SQLSTATE);
    return state != nullptr && std::strcmp(state, "23505") == 0;
  }
  [[nodiscard]] int rows() const { return PQntuples(r_); }
  [[nodiscard]] std::string text(int row, int col) const { return PQgetvalue(r_, row, col); }
  [[nodiscard]] bool is_null(int row, int col) const { return PQgetisnull(r_, row, col) != 0; }
  [[nodiscard]] std::int64_t integer(int row, int col) const {
    return std::stoll(PQgetvalue(r_, row, col));
  }
  [[nodiscard]] bool boolean(int row, int col) const { return PQgetvalue(r_, row, col)[0] == 't'; }
  [[nodiscard]] std::size_t affected() const {
    const char* n = PQcmdTuples(r_);
    return n[0] == '\0' ? 0 : static_cast<std::size_t>(std::stoull(n));
  }
  [[nodiscard]] std::string error() const { return PQresultErrorMessage(r_); }

 private:
  PGresult* r_;
};

// One row of a result, as store/rows.hpp reads it.
struct pg_row {
  const pg_result& result;
  int row;
  [[nodiscard]] std::string text(int col) const { return result.text(row, col); }
  [[nodiscard]] std::int64_t integer(int col) const { return result.integer(row, col); }
  [[nodiscard]] bool boolean(int col) const { return result.boolean(row, col); }
  [[nodiscard]] bool is_null(int col) const { return result.is_null(row, col); }
};

// A parameter: text, or SQL NULL.
using param = std::optional<std::string>;

class postgres_store final : public store {
 public:
  explicit postgres_store(PGconn* conn) : conn_(conn) {}
  postgres_store(const postgres_store&) = delete;
  postgres_store& operator=(const postgres_store&) = delete;
  ~postgres_store() override { PQfinish(conn_); }

  result<void> migrate() override {
    const std::lock_guard lock(mutex_);
    if (!run(migration_lock, {}).ok()) return unavailable();
    auto done = apply_migrations();
    (void)run(migration_unlock, {});
    return done;
  }

  result<std::optional<user_record>> find_user(std::string_view username) override {
    return find_one(std::string(rows::select_user) + " WHERE username = $1", username,
                    rows::read_user<pg_row>);
  }

  result<void> add_user(const user_record& u) override {
    auto r = query(
        "INSERT INTO users (username, password_hash, scopes, disabled, dev_only, created_at, "
        "name, email, email_verified) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        {u.username, u.password_hash, join_words(u.scopes), u.disabled ? "t" : "f",
         u.dev_only ? "t" : "f", std::to_string(u.created_at != 0 ? u.created_at : unix_now()),
         u.name, u.email, u.email_verified ? "t" : "f"},
        true);
    if (!r) return std::unexpected(r.error());
    return {};
  }

  result<std::vector<user_record>> list_users() override {
    return find_all(std::string(rows::select_user) + " ORDER BY username", rows::read_user<pg_row>);
  }

  result<void> set_password_hash(std::string_view username, std::string_view hash) override {
    return update_user("UPDATE users SET password_hash = $1 WHERE username = $2", std::string(hash),
                       username);
  }
  result<void> set_disabled(std::string_view username, bool disabled) override {
    return update_user("UPDATE users SET disabled = $1 WHERE username = $2", disabled ? "t" : "f",
                       username);
  }
  result<void> remove_user(std::string_view username) override {
    auto r = query("DELETE FROM users WHERE username = $1", {std::string(username)});
    if (!r) return std::unexpected(r.error());
    if (r->affected() == 0) return not_found(username);
    return {};
  }
  result<bool> has_dev_users() override {
    auto r = query("SELECT 1 FROM users WHERE dev_only LIMIT 1", {});
    if (!r) return std::unexpected(r.error());
    return r->rows() > 0;
  }
  result<std::size_t> count_users() override {
    auto r = query("SELECT COUNT(*) FROM users", {});
    if (!r) return std::unexpected(r.error());
    return static_cast<std::size_t>(r->integer(0, 0));
  }

  result<void> end_user_sessions(std::string_view username, std::int64_t now) override {
    // One statement, so both changes land together.
    auto r = query(
        "WITH u AS (UPDATE users SET not_before = $1 WHERE username = $2) "
        "UPDATE sessions SET revoked_at = $1 WHERE username = $2 AND revoked_at IS NULL",
        {std::to_string(now), std::string(username)});
    if (!r) return std::unexpected(r.error());
    return {};
  }

  result<void> add_session(const session_record& s) override {
    auto r = query(
        "INSERT INTO sessions (id, username, client_id, scopes, kid, created_at, expires_at, "
        "user_agent, ip, browser_key, parent_session) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        {s.id, s.username, s.client_id, join_words(s.scopes), s.kid, std::to_string(s.created_at),
         std::to_string(s.expires_at), s.user_agent, s.ip,
         s.browser_key.empty() ? param{} : param{s.browser_key}, s.parent_session});
    if (!r) return std::unexpected(r.error());
    return {};
  }

  result<std::optional<session_record>> find_session(std::string_view id) override {
    return find_one(std::string(rows::select_session) + " WHERE id = $1", id,
                    rows::read_session<pg_row>);
  }

  result<void> revoke_session(std::string_view id, std::int64_t now) override {
    auto r = query("UPDATE sessions SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
                   {std::to_string(now), std::string(id)});
    if (!r) return std::unexpected(r.error());
    return {};
  }

  result<std::vector<session_record>> list_user_sessions(std::string_view username,
                                                         std::int64_t now) override {
    auto r = query(std::string(rows::select_session) +
                       " WHERE username = $1 AND revoked_at IS NULL AND expires_at > $2 "
                       "ORDER BY created_at DESC, id",
                   {std::string(username), std::to_string(now)});
    if (!r) return std::unexpected(r.error());
    std::vector<session_record> out;
    out.reserve(static_cast<std::size_t>(r->rows()));
    for (int i = 0; i < r->rows(); ++i) out.push_back(rows::read_session(pg_row{*r, i}));
    return out;
  }

  result<std::optional<session_record>> find_session_by_browser_key(
      std::string_view browser_key) override {
    return find_one(std::string(rows::select_session) + " WHERE browser_key = $1", browser_key,
                    rows::read_session<pg_row>);
  }

  result<std::vector<std::string>> child_sessions(std::string_view parent_id) override {
    auto r = query("SELECT id FROM sessions WHERE parent_session = $1 AND revoked_at IS NULL",
                   {std::string(parent_id)});
    if (!r) return std::unexpected(r.error());
    std::vector<std::string> out;
    out.reserve(static_cast<std::size_t>(r->rows()));
    for (int i = 0; i < r->rows(); ++i) out.push_back(r->text(i, 0));
    return out;
  }

  result<void> touch_session(std::string_view id, std::int64_t now) override {
    auto r = query("UPDATE sessions SET last_used_at = $1 WHERE id = $2",
                   {std::to_string(now), std::string(id)});
    if (!r) return std::unexpected(r.error());
    return {};
  }

  result<std::size_t> revoke_sessions_of_key(std::string_view kid, std::int64_t now) override {
    auto r = query("UPDATE sessions SET revoked_at = $1 WHERE kid = $2 AND revoked_at IS NULL",
                   {std::to_string(now), std::string(kid)});
    if (!r) return std::unexpected(r.error());
    return r->affected();
  }

  result<void> add_refresh_token(const refresh_record& t) override {
    auto r =
        query("INSERT INTO refresh_tokens (token_hash, session_id, issued_at) VALUES ($1, $2, $3)",
              {t.token_hash, t.session_id, std::to_string(t.issued_at)});
    if (!r) return std::unexpected(r.error());
    return {};
  }

  result<std::optional<refresh_record>> find_refresh_token(std::string_view hash) override {
    return find_one(std::string(rows::select_refresh_token) + " WHERE token_hash = $1", hash,
                    rows::read_refresh_token<pg_row>);
  }

  result<bool> spend_refresh_token(std::string_view hash, std::int64_t now) override {
    // A conditional update: of two instances racing, exactly one sees a row changed.
    auto r =
        query("UPDATE refresh_tokens SET spent_at = $1 WHERE token_hash = $2 AND spent_at IS NULL",
              {std::to_string(now), std::string(hash)});
    if (!r) return std::unexpected(r.error());
    return r->affected() == 1;
  }

  result<void> revoke_token_id(std::string_view jti, std::int64_t expires_at) override {
    auto r =
        query("INSERT INTO revoked_tokens (jti, expires_at) VALUES ($1, $2) ON CONFLICT DO NOTHING",
              {std::string(jti), std::to_string(expires_at)});
    if (!r) return std::unexpected(r.error());
    return {};
  }

  result<revocations> load_revocations(std::int64_t revoked_since,
                                       std::int64_t expiring_since) override {
    const auto horizon = std::to_string(revoked_since);
    revocations out;
    auto sessions = query("SELECT id, revoked_at FROM sessions WHERE revoked_at >= $1", {horizon});
    if (!sessions) return std::unexpected(sessions.error());
    for (int i = 0; i < sessions->rows(); ++i) {
      out.sessions.emplace_back(sessions->text(i, 0), sessions->integer(i, 1));
    }
    auto tokens = query("SELECT jti, expires_at FROM revoked_tokens WHERE expires_at >= $1",
                        {std::to_string(expiring_since)});
    if (!tokens) return std::unexpected(tokens.error());
    for (int i = 0; i < tokens->rows(); ++i) {
      out.token_ids.emplace_back(tokens->text(i, 0), tokens->integer(i, 1));
    }
    auto users = query("SELECT username, not_before FROM users WHERE not_before >= $1", {horizon});
    if (!users) return std::unexpected(users.error());
    for (int i = 0; i < users->rows(); ++i) {
      out.user_not_before.emplace_back(users->text(i, 0), users->integer(i, 1));
    }
    return out;
  }

  result<void> set_profile(const user_record& u) override {
    auto r =
        query("UPDATE users SET name = $1, email = $2, email_verified = $3 WHERE username = $4",
              {u.name, u.email, u.email_verified ? "t" : "f", u.username});
    if (!r) return std::unexpected(r.error());
    if (r->affected() == 0) return not_found(u.username);
    return {};
  }

  result<void> add_authorization_code(const authorization_code_record& c) override {
    auto r = query(
        "INSERT INTO authorization_codes (code_hash, client_id, redirect_uri, username, "
        "browser_session, scopes, nonce, code_challenge, auth_time, expires_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        {c.code_hash, c.client_id, c.redirect_uri, c.username, c.browser_session,
         join_words(c.scopes), c.nonce, c.code_challenge, std::to_string(c.auth_time),
         std::to_string(c.expires_at)});
    if (!r) return std::unexpected(r.error());
    return {};
  }

  result<std::optional<code_redemption>> redeem_authorization_code(std::string_view code_hash,
                                                                   std::int64_t now) override {
    auto spent = query(
        "UPDATE authorization_codes SET redeemed_at = $1 WHERE code_hash = $2 AND "
        "redeemed_at IS NULL",
        {std::to_string(now), std::string(code_hash)});
    if (!spent) return std::unexpected(spent.error());
    auto found = find_one(std::string(rows::select_code) + " WHERE code_hash = $1", code_hash,
                          rows::read_code<pg_row>);
    if (!found) return std::unexpected(found.error());
    auto& code = *found;
    if (!code) return std::optional<code_redemption>{};
    return std::optional<code_redemption>(
        code_redemption{.code = std::move(*code), .first = spent->affected() == 1});
  }

  result<void> set_code_token_session(std::string_view code_hash,
                                      std::string_view session_id) override {
    auto r = query("UPDATE authorization_codes SET token_session = $1 WHERE code_hash = $2",
                   {std::string(session_id), std::string(code_hash)});
    if (!r) return std::unexpected(r.error());
    return {};
  }

  result<void> put_consent(const consent_record& c) override {
    auto r = query(
        "INSERT INTO consents (username, client_id, scopes, granted_at) VALUES ($1, $2, $3, $4) "
        "ON CONFLICT (username, client_id) DO UPDATE SET scopes = excluded.scopes, "
        "granted_at = excluded.granted_at",
        {c.username, c.client_id, join_words(c.scopes), std::to_string(c.granted_at)});
    if (!r) return std::unexpected(r.error());
    return {};
  }

  result<std::optional<consent_record>> find_consent(std::string_view username,
                                                     std::string_view client_id) override {
    auto r = query(std::string(rows::select_consent) + " WHERE username = $1 AND client_id = $2",
                   {std::string(username), std::string(client_id)});
    if (!r) return std::unexpected(r.error());
    if (r->rows() == 0) return std::optional<consent_record>{};
    return std::optional<consent_record>(rows::read_consent(pg_row{*r, 0}));
  }

  result<std::vector<consent_record>> list_consents(std::string_view username) override {
    auto r = query(std::string(rows::select_consent) + " WHERE username = $1 ORDER BY client_id",
                   {std::string(username)});
    if (!r) return std::unexpected(r.error());
    std::vector<consent_record> out;
    out.reserve(static_cast<std::size_t>(r->rows()));
    for (int i = 0; i < r->rows(); ++i) out.push_back(rows::read_consent(pg_row{*r, i}));
    return out;
  }

  result<bool> delete_consent(std::string_view username, std::string_view client_id) override {
    auto r = query("DELETE FROM consents WHERE username = $1 AND client_id = $2",
                   {std::string(username), std::string(client_id)});
    if (!r) return std::unexpected(r.error());
    return r->affected() > 0;
  }

  result<pruned_rows> prune(std::int64_t sessions_ended_before, std::int64_t tokens_expired_before,
                            std::size_t limit) override {
    // Every instance prunes: SKIP LOCKED lets two of them take different rows instead of
    // waiting for each other. A session's refresh tokens go with it (ON DELETE CASCADE).
    const auto batch = std::to_string(limit);
    auto sessions = query(
        "DELETE FROM sessions WHERE id IN (SELECT id FROM sessions WHERE expires_at < $1 "
        "LIMIT $2 FOR UPDATE SKIP LOCKED)",
        {std::to_string(sessions_ended_before), batch});
    if (!sessions) return std::unexpected(sessions.error());
    auto tokens = query(
        "DELETE FROM revoked_tokens WHERE jti IN (SELECT jti FROM revoked_tokens "
        "WHERE expires_at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED)",
        {std::to_string(tokens_expired_before), batch});
    if (!tokens) return std::unexpected(tokens.error());
    auto codes = query(
        "DELETE FROM authorization_codes WHERE code_hash IN (SELECT code_hash FROM "
        "authorization_codes WHERE expires_at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED)",
        {std::to_string(sessions_ended_before), batch});
    if (!codes) return std::unexpected(codes.error());
    return pruned_rows{.sessions = sessions->affected(),
                       .token_ids = tokens->affected(),
                       .codes = codes->affected()};
  }

  result<std::vector<key_record>> list_keys() override {
    return find_all(std::string(rows::select_key) + " ORDER BY created_at, kid",
                    rows::read_key<pg_row>);
  }

  result<void> add_key(const key_record& k) override {
    auto r = query(
        "INSERT INTO signing_keys (kid, alg, encrypted_pem, state, created_at, activate_at) "
        "VALUES ($1, $2, $3, $4, $5, $6)",
        {k.kid, k.alg, k.encrypted_pem, std::string(to_string(k.state)),
         std::to_string(k.created_at), std::to_string(k.activate_at)},
        true);
    if (!r) return std::unexpected(r.error());
    return {};
  }

  result<void> set_key_state(std::string_view kid, key_state state,
                             std::optional<std::int64_t> retired_at) override {
    auto r = query(
        "UPDATE signing_keys SET state = $1, retired_at = $2 WHERE kid = $3",
        {std::string(to_string(state)),
         retired_at ? param(std::to_string(*retired_at)) : param(std::nullopt), std::string(kid)});
    if (!r) return std::unexpected(r.error());
    if (r->affected() == 0) return fail(errc::not_found, "no such key");
    return {};
  }

  result<void> delete_key(std::string_view kid) override {
    auto r = query("DELETE FROM signing_keys WHERE kid = $1", {std::string(kid)});
    if (!r) return std::unexpected(r.error());
    return {};
  }

  result<void> ping() override {
    auto r = query("SELECT 1", {});
    if (!r) return std::unexpected(r.error());
    return {};
  }

 private:
  // The row a query on one key finds, made by `read`; nothing when there is none.
  template <class Read>
  auto find_one(const std::string& sql, std::string_view key, Read read)
      -> result<std::optional<decltype(read(std::declval<const pg_row&>()))>> {
    using record = decltype(read(std::declval<const pg_row&>()));
    auto r = query(sql, {std::string(key)});
    if (!r) return std::unexpected(r.error());
    if (r->rows() == 0) return std::optional<record>{};
    return std::optional<record>(read(pg_row{*r, 0}));
  }

  // Every row a query finds, each made by `read`.
  template <class Read>
  auto find_all(const std::string& sql, Read read)
      -> result<std::vector<decltype(read(std::declval<const pg_row&>()))>> {
    auto r = query(sql, {});
    if (!r) return std::unexpected(r.error());
    std::vector<decltype(read(std::declval<const pg_row&>()))> records;
    records.reserve(static_cast<std::size_t>(r->rows()));
    for (int i = 0; i < r->rows(); ++i) records.push_back(read(pg_row{*r, i}));
    return records;
  }

  result<void> apply_migrations() {
    if (!run("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
             "applied_at BIGINT NOT NULL)",
             {})
             .ok()) {
      return unavailable();
    }
    for (const auto& m : migrations_for(sql_dialect::postgres)) {
      const auto version = std::to_string(m.version);
      auto applied = run("SELECT 1 FROM schema_migrations WHERE version = $1", {version});
      if (!applied.ok()) return unavailable();
      if (applied.rows() > 0) continue;
      if (!run("BEGIN", {}).ok()) return unavailable();
      // A script of several statements: PQexec, since PQexecParams takes one.
      auto step = pg_result(PQexec(conn_, std::string(m.sql).c_str()));
      auto record = step.ok() ? run("INSERT INTO schema_migrations (version, applied_at) VALUES "
                                    "($1, $2)",
                                    {version, std::to_string(unix_now())})
                              : pg_result(nullptr);
      if (!step.ok() || !record.ok() || !run("COMMIT", {}).ok()) {
        const std::string why = step.ok() ? record.error() : step.error();
        (void)run("ROLLBACK", {});
        std::string message = "migration ";
        message.append(m.name).append(" failed: ").append(why);
        return fail(errc::store_unavailable, std::move(message));
      }
    }
    return {};
  }

  // Runs one statement; caller holds mutex_.
  pg_result run(const std::string& sql, const std::vector<param>& params) {
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
    return pg_result(PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr,
                                  values.data(), nullptr, nullptr, 0));
  }

  // Runs one statement, reconnecting first when the connection was lost. A statement is never
  // retried after it was sent: it may have been applied.
  result<pg_result> query(const std::string& sql, const std::vector<param>& params,
                          bool conflict_is_distinct = false) {
    const std::lock_guard lock(mutex_);
    if (PQstatus(conn_) != CONNECTION_OK) {
      PQreset(conn_);
      if (PQstatus(conn_) != CONNECTION_OK) return unavailable();
    }
    pg_result r = run(sql, params);
    if (r.ok()) return r;
    if (conflict_is_distinct && r.unique_violation()) {
      return fail(errc::already_exists, "already exists");
    }
    return fail(errc::store_unavailable, "postgresql: " + r.error());
  }

  result<void> update_user(const char* sql, const std::string& value, std::string_view username) {
    auto r = query(sql, {value, std::string(username)});
    if (!r) return std::unexpected(r.error());
    if (r->affected() == 0) return not_found(username);
    return {};
  }

  [[nodiscard]] std::unexpected<failure> unavailable() const {
    return fail(errc::store_unavailable, std::string("postgresql: ") + PQerrorMessage(conn_));
  }
  static std::unexpected<failure> not_found(std::string_view username) {
    return fail(errc::not_found, "no user '" + std::string(username) + "'");
  }

  PGconn* conn_;
  std::mutex mutex_;
};

}  // namespace

result<std::unique_ptr<store>> open_postgres_store(const std::string& url) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string why = PQerrorMessage(conn);
    PQfinish(conn);
    while (!why.empty() && why.back() == '\n') why.pop_back();
    return fail(errc::store_unavailable, "postgresql: " + why);
  }
  // PostgreSQL's notices ("relation ... already exists, skipping" from the migrations' IF NOT
  // EXISTS) would go to stderr raw, in the middle of the service's JSON log lines.
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  auto s = std::make_unique<postgres_store>(conn);
  if (auto r = s->migrate(); !r) return std::unexpected(r.error());
  return std::unique_ptr<store>(std::move(s));
}

}  // namespace tessera::server
