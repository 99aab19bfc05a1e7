// `tessera serve`, `tessera user ...` and `tessera client add`: the service assembled from its
// parts, and its administration.
#pragma once

#include <expected>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "http/router.hpp"

namespace tessera::server {

/// Everything `tessera serve` runs, assembled from its configuration: the store, the keys, the
/// sessions and the routes. Tests and fuzz targets call its routes in-process.
class service {
 public:
  /// Opens the store and the keys and builds the routes; null (after logging why) when the
  /// service cannot start.
  [[nodiscard]] static std::unique_ptr<service> assemble(service_config config);
  service(const service&) = delete;
  service& operator=(const service&) = delete;
  ~service();

  [[nodiscard]] const service_config& config() const noexcept;
  [[nodiscard]] const router& routes() const noexcept;
  /// Serves HTTP until SIGTERM/SIGINT; the process exit status.
  int serve(std::function<void(const std::string&)> on_listening = {});

 private:
  struct parts;
  explicit service(std::unique_ptr<parts> p) noexcept;
  std::unique_ptr<parts> parts_;
};

/// Runs the service until SIGTERM/SIGINT. Returns the process exit status; problems at start
/// are logged and give 1. `on_listening` receives the bound address.
int run_service(service_config config, std::function<void(const std::string&)> on_listening = {});

/// Creates the data directory (0700) and opens the store; the message says why not.
struct user_admin_result {
  bool ok = false;
  std::string message;
};

user_admin_result add_user(const service_config& config, const std::string& username,
                           std::string password, const std::vector<std::string>& scopes);
user_admin_result remove_user(const service_config& config, const std::string& username);
user_admin_result set_password(const service_config& config, const std::string& username,
                               std::string password);
user_admin_result set_disabled(const service_config& config, const std::string& username,
                               bool disabled);
/// One line per user: name, scopes, flags.
user_admin_result list_users(const service_config& config, std::vector<std::string>& lines);

/// A client made by `tessera client add`: its [[clients]] entry, and its secret (256 random bits,
/// base64url; empty for a public client), which exists nowhere else.
struct new_client {
  client_config entry;
  std::string secret;
};

/// Checks `wanted` (id, grants, scopes, public) and, unless it is public, makes its secret and
/// the entry's `$sha256$` secret_hash. The message says what is wrong.
[[nodiscard]] std::expected<new_client, std::string> make_client(client_config wanted);

}  // namespace tessera::server
