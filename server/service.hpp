// `tessera serve` and `tessera user ...`: the service assembled from its parts.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"

namespace tessera::server {

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

}  // namespace tessera::server
