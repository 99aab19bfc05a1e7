// `tessera migrate`: apply the store's schema migrations without starting the service.
#include <iostream>

#include <CLI/CLI.hpp>

#include "admin.hpp"
#include "commands/command.hpp"
#include "commands/service_options.hpp"

namespace tessera::cli {

command add_migrate_command(CLI::App& parent) {
  auto* app = parent.add_subcommand(
      "migrate",
      "Apply the database schema migrations (SQLite or PostgreSQL); safe while other instances "
      "start (PostgreSQL: under an advisory lock). `serve` also migrates on start.");
  auto options = std::make_shared<service_options>();
  add_service_options(*app, *options);
  app->footer("Example: TESSERA_DATABASE_URL=postgresql://tessera@db/tessera tessera migrate");
  return {app, [options]() -> cli_result<void> {
            auto config = load_service_config(*options);
            if (!config) return std::unexpected(config.error());
            if (auto migrated = server::migrate(*config); !migrated) {
              return std::unexpected(service_error(migrated.error()));
            }
            std::cerr << "schema is up to date\n";
            return {};
          }};
}

}  // namespace tessera::cli
