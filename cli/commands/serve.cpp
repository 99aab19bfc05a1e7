// `tessera serve`: the token service (docs/SERVICE.md).
#include <CLI/CLI.hpp>

#include "commands/command.hpp"
#include "commands/service_options.hpp"
#include "service.hpp"

namespace tessera::cli {

command add_serve_command(CLI::App& parent) {
  auto* app = parent.add_subcommand(
      "serve", "Run the token service: POST /login, GET /secure-endpoint, ... (docs/SERVICE.md)");
  struct serve_options {
    service_options service{};
    std::optional<std::string> listen{};
    bool dev = false;
  };
  auto options = std::make_shared<serve_options>();
  add_service_options(*app, options->service);
  app->add_option("--listen", options->listen,
                  "ADDRESS:PORT to listen on (default 127.0.0.1:8000)");
  app->add_flag("--dev", options->dev,
                "Development mode: loopback only, and the demo user test/password on an empty "
                "store (marked dev-only: a start without --dev refuses to run while it exists)");
  app->footer(
      "Examples:\n"
      "  tessera serve --dev\n"
      "  curl -X POST http://localhost:8000/login -H 'Content-Type: application/json' \\\n"
      "       -d '{\"username\": \"test\", \"password\": \"password\"}'\n"
      "  tessera serve --config /etc/tessera/tessera.toml\n"
      "Every configuration key can be set with TESSERA_<KEY> (dots as underscores).\n"
      "SIGHUP reloads the TLS certificate and key, the clients, cors.allowed_origins and\n"
      "log.access; other changes are logged and wait for a restart. SIGTERM stops gracefully.");
  return {
      app, [options]() -> cli_result<void> {
        // The file, the environment and the flags, as a reload (SIGHUP) reads them again.
        const auto read = [options]() -> cli_result<server::service_config> {
          auto config = load_service_config(options->service);
          if (!config) return std::unexpected(config.error());
          if (options->listen) config->listen = *options->listen;
          config->dev = options->dev;
          return config;
        };
        auto config = read();
        if (!config) return std::unexpected(config.error());
        config->reread = [read]() -> server::result<server::service_config> {
          auto again = read();
          if (!again)
            return server::fail(server::errc::invalid_configuration, again.error().message);
          return std::move(*again);
        };
        const int status = server::run_service(std::move(*config));
        if (status != 0) {
          return std::unexpected(cli_error{.code = "service_failed",
                                           .message = "the service could not start (see the log)",
                                           .exit_status = exit_rejected});
        }
        return {};
      }};
}

}  // namespace tessera::cli
