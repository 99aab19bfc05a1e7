#include "store/sqlite_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <chrono>
#include <mutex>

#include <sqlite3.h>

namespace tessera::server {
namespace {

std::unexpected<store_error> fail(store_error::kind what, std::string message) {
  return std::unexpected(store_error{what, std::move(message)});
}

// Versioned schema; each entry is applied once, in order, in its own transaction.
constexpr const char* migrations[] = {
    R"sql(
    CREATE TABLE users (
      username      TEXT PRIMARY KEY NOT NULL,
      password_hash TEXT NOT NULL,
      scopes        TEXT NOT NULL DEFAULT '',
      disabled      INTEGER NOT NULL DEFAULT 0,
      dev_only      INTEGER NOT NULL DEFAULT 0,
      created_at    INTEGER NOT NULL
    );
    )sql",
};

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out.push_back(' ');
    out += s;
  }
  return out;
}

std::vector<std::string> split(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const auto space = text.find(' ');
    if (space != 0) out.emplace_back(text.substr(0, space));
    if (space == std::string_view::npos) break;
    text.remove_prefix(space + 1);
  }
  return out;
}

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

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

constexpr const char* user_columns =
    "SELECT username, password_hash, scopes, disabled, dev_only, created_at FROM users";

user_record read_user(const statement& s) {
  user_record u;
  u.username = s.text(0);
  u.password_hash = s.text(1);
  u.scopes = split(s.text(2));
  u.disabled = s.integer(3) != 0;
  u.dev_only = s.integer(4) != 0;
  u.created_at = s.integer(5);
  return u;
}

class sqlite_store final : public store {
 public:
  explicit sqlite_store(sqlite3* db) : db_(db) {}
  ~sqlite_store() override { sqlite3_close(db_); }

  store_result<void> migrate() override {
    const std::lock_guard lock(mutex_);
    if (auto r = exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
                      "version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)");
        !r) {
      return r;
    }
    for (std::size_t i = 0; i < std::size(migrations); ++i) {
      const auto version = static_cast<std::int64_t>(i + 1);
      if (auto r = exec("BEGIN IMMEDIATE"); !r) return r;
      statement applied(db_, "SELECT 1 FROM schema_migrations WHERE version = ?");
      applied.bind(1, version);
      if (applied.step() == SQLITE_ROW) {
        exec("COMMIT");
        continue;
      }
      statement record(db_, "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)");
      record.bind(1, version).bind(2, now());
      if (auto r = exec(migrations[i]); !r || record.step() != SQLITE_DONE) {
        exec("ROLLBACK");
        return fail(store_error::kind::unavailable,
                    "migration " + std::to_string(version) + " failed: " + sqlite3_errmsg(db_));
      }
      if (auto r = exec("COMMIT"); !r) return r;
    }
    return {};
  }

  store_result<std::optional<user_record>> find_user(std::string_view username) override {
    const std::lock_guard lock(mutex_);
    statement s(db_, (std::string(user_columns) + " WHERE username = ?").c_str());
    s.bind(1, username);
    const int rc = s.step();
    if (rc == SQLITE_ROW) return std::optional<user_record>(read_user(s));
    if (rc == SQLITE_DONE) return std::optional<user_record>{};
    return unavailable();
  }

  store_result<void> add_user(const user_record& user) override {
    const std::lock_guard lock(mutex_);
    statement s(db_,
                "INSERT INTO users (username, password_hash, scopes, disabled, dev_only, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?)");
    s.bind(1, user.username)
        .bind(2, user.password_hash)
        .bind(3, join(user.scopes))
        .bind(4, std::int64_t{user.disabled})
        .bind(5, std::int64_t{user.dev_only})
        .bind(6, user.created_at != 0 ? user.created_at : now());
    const int rc = s.step();
    if (rc == SQLITE_DONE) return {};
    if (rc == SQLITE_CONSTRAINT) {
      return fail(store_error::kind::conflict, "user '" + user.username + "' exists");
    }
    return unavailable();
  }

  store_result<std::vector<user_record>> list_users() override {
    const std::lock_guard lock(mutex_);
    statement s(db_, (std::string(user_columns) + " ORDER BY username").c_str());
    std::vector<user_record> out;
    int rc;
    while ((rc = s.step()) == SQLITE_ROW) out.push_back(read_user(s));
    if (rc != SQLITE_DONE) return unavailable();
    return out;
  }

  store_result<void> set_password_hash(std::string_view username, std::string_view hash) override {
    return update("UPDATE users SET password_hash = ? WHERE username = ?", hash, username);
  }

  store_result<void> set_disabled(std::string_view username, bool disabled) override {
    return update("UPDATE users SET disabled = ? WHERE username = ?", disabled ? "1" : "0",
                  username);
  }

  store_result<void> remove_user(std::string_view username) override {
    const std::lock_guard lock(mutex_);
    statement s(db_, "DELETE FROM users WHERE username = ?");
    s.bind(1, username);
    if (s.step() != SQLITE_DONE) return unavailable();
    if (sqlite3_changes(db_) == 0) return not_found(username);
    return {};
  }

  store_result<bool> has_dev_users() override {
    const std::lock_guard lock(mutex_);
    statement s(db_, "SELECT 1 FROM users WHERE dev_only = 1 LIMIT 1");
    const int rc = s.step();
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return unavailable();
  }

  store_result<std::size_t> count_users() override {
    const std::lock_guard lock(mutex_);
    statement s(db_, "SELECT COUNT(*) FROM users");
    if (s.step() != SQLITE_ROW) return unavailable();
    return static_cast<std::size_t>(s.integer(0));
  }

  store_result<void> ping() override {
    const std::lock_guard lock(mutex_);
    statement s(db_, "SELECT 1");
    if (s.step() != SQLITE_ROW) return unavailable();
    return {};
  }

 private:
  static std::int64_t now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }

  std::unexpected<store_error> unavailable() const {
    return fail(store_error::kind::unavailable, std::string("sqlite: ") + sqlite3_errmsg(db_));
  }
  static std::unexpected<store_error> not_found(std::string_view username) {
    return fail(store_error::kind::not_found, "no user '" + std::string(username) + "'");
  }

  store_result<void> exec(const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
      std::string text = message != nullptr ? message : "unknown error";
      sqlite3_free(message);
      return fail(store_error::kind::unavailable, "sqlite: " + text);
    }
    return {};
  }

  store_result<void> update(const char* sql, std::string_view value, std::string_view username) {
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

store_result<std::unique_ptr<store>> open_sqlite_store(const std::string& path) {
  // Create the file 0600 before SQLite does; its -wal and -shm files take the same mode.
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return fail(store_error::kind::unavailable, "cannot open " + path);
  ::fchmod(fd, 0600);
  ::close(fd);

  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, nullptr) !=
      SQLITE_OK) {
    std::string message = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return fail(store_error::kind::unavailable, "sqlite: " + message);
  }
  sqlite3_busy_timeout(db, 5000);
  auto s = std::make_unique<sqlite_store>(db);
  // WAL lets readers run beside a writer; synchronous=FULL makes every commit durable.
  for (const char* pragma :
       {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON"}) {
    if (sqlite3_exec(db, pragma, nullptr, nullptr, nullptr) != SQLITE_OK) {
      return fail(store_error::kind::unavailable, std::string("sqlite: ") + sqlite3_errmsg(db));
    }
  }
  if (auto r = s->migrate(); !r) return std::unexpected(r.error());
  return std::unique_ptr<store>(std::move(s));
}

store_result<std::unique_ptr<store>> open_store(const std::string& database_url) {
  if (database_url.starts_with("sqlite:")) return open_sqlite_store(database_url.substr(7));
  return fail(store_error::kind::invalid,
              "unsupported database_url (expected sqlite:PATH): " + database_url);
}

}  // namespace tessera::server
