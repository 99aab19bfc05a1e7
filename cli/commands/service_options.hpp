// What the service's commands share: where the configuration and the data live, and how a
// service failure is reported.
#pragma once

#include <optional>
#include <string>

#include "cli_error.hpp"
#include "config/config.hpp"
#include "error.hpp"

namespace CLI {
class App;
}

namespace tessera::cli {

struct service_options {
  std::optional<std::string> config_file{};
  std::optional<std::string> data_dir{};
};

/// Adds --config and --data-dir to `app`.
void add_service_options(CLI::App& app, service_options& options);

/// Defaults, then the file, then TESSERA_* variables, then the flags. A bad configuration is a
/// usage error (exit 2) naming the key.
[[nodiscard]] cli_result<server::service_config> load_service_config(
    const service_options& options);

/// A service failure under its stable name (`already_exists`, `store_unavailable`, ...): exit 2
/// for a bad configuration or what cannot be reached or read, 1 for the rest.
[[nodiscard]] cli_error service_error(const server::failure& why);

}  // namespace tessera::cli
