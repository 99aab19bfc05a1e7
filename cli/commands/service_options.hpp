// The options `serve` and `user` share: where the configuration and the data live.
#pragma once

#include <optional>
#include <string>

#include "cli_error.hpp"
#include "config/config.hpp"

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

}  // namespace tessera::cli
