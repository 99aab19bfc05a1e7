// `tessera migrate`: apply the store's schema migrations without starting the service.
#include <filesystem>
#include <iostream>

#include <CLI/CLI.hpp>

#include "commands/command.hpp"
#include "commands/service_options.hpp"
#include "store/store.hpp"

namespace tessera::cli {

command add_migrate_command(CLI::App& parent) {
  auto* app = parent.add_subcommand(
      "migrate",
      "Apply the database schema migrations (SQLite or PostgreSQL); safe while other instances "
      "start (PostgreSQL: under an advisory lock). `serve` also migrates on start.");
  auto options = std::make_shared<service_options>();
  add_service_options(*app, *options);
  app->footer("Example: TESSERA_DATABASE_URL=postgresql://tessera@db/tessera tessera migrate");
  return {
      app, [options]() -> cli_result<void> {
        auto config = load_service_config(*options);
        if (!config) return std::unexpected(config.error());
        const auto url = config->effective_database_url();
        if (url.starts_with("sqlite:")) {
          // The embedded store lives in the data directory, which `serve` creates 0700.
          std::error_code ignored;
          std::filesystem::create_directories(config->data_dir, ignored);
          std::filesystem::permissions(config->data_dir, std::filesystem::perms::owner_all,
                                       ignored);
        }
        auto db = server::open_store(url);  // opening applies the migrations
        if (!db) {
          return std::unexpected(cli_error{
              .code = "store_unavailable", .message = db.error().message, .exit_status = exit_io});
        }
        std::cerr << "schema is up to date\n";
        return {};
      }};
}

}  // namespace tessera::cli
