// Where the service keeps its state. SQLite is the embedded default.
#pragma once

#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tessera::server {

struct store_error {
  enum class kind { conflict, not_found, unavailable, invalid };
  kind what;
  std::string message;
};

template <class T>
using store_result = std::expected<T, store_error>;

struct user_record {
  std::string username;
  std::string password_hash;  ///< libsodium's crypto_pwhash_str string: algorithm, cost, salt
  std::vector<std::string> scopes;
  bool disabled = false;
  bool dev_only = false;  ///< made by --dev; a start without --dev refuses to run while one exists
  std::int64_t created_at = 0;
};

/// The persistent state of the service. Implementations are safe to call from several threads.
class store {
 public:
  store() = default;
  store(const store&) = delete;
  store& operator=(const store&) = delete;
  virtual ~store() = default;

  /// Applies the schema migrations not applied yet.
  virtual store_result<void> migrate() = 0;

  virtual store_result<std::optional<user_record>> find_user(std::string_view username) = 0;
  /// `conflict` when the name is taken.
  virtual store_result<void> add_user(const user_record& user) = 0;
  virtual store_result<std::vector<user_record>> list_users() = 0;
  /// `not_found` when there is no such user.
  virtual store_result<void> set_password_hash(std::string_view username,
                                               std::string_view hash) = 0;
  virtual store_result<void> set_disabled(std::string_view username, bool disabled) = 0;
  virtual store_result<void> remove_user(std::string_view username) = 0;
  virtual store_result<bool> has_dev_users() = 0;
  virtual store_result<std::size_t> count_users() = 0;
  /// A cheap round trip, for /readyz.
  virtual store_result<void> ping() = 0;
};

/// Opens the store named by a database URL: `sqlite:PATH`.
[[nodiscard]] store_result<std::unique_ptr<store>> open_store(const std::string& database_url);

}  // namespace tessera::server
