#include "commands/service_options.hpp"

#include <CLI/CLI.hpp>

namespace tessera::cli {

void add_service_options(CLI::App& app, service_options& options) {
  app.add_option("--config", options.config_file,
                 "TOML configuration file (keys and defaults: docs/SERVICE.md)");
  app.add_option("--data-dir", options.data_dir,
                 "Directory of the database and signing key (default: tessera-data)");
}

cli_result<server::service_config> load_service_config(const service_options& options) {
  auto config = server::load_config(options.config_file, server::tessera_environment());
  if (!config) return std::unexpected(service_error(config.error()));
  if (options.data_dir) config->data_dir = *options.data_dir;
  return std::move(*config);
}

cli_error service_error(const server::failure& why) {
  const bool cannot_read =
      why.code == server::errc::invalid_configuration || why.code == server::condition::unavailable;
  return {.code = why.name(),
          .message = why.message(),
          .exit_status = cannot_read ? exit_usage : exit_rejected};
}

}  // namespace tessera::cli
