// `tessera hash-secret`: the Argon2id hash of a client secret, for [[clients]] secret_hash.
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include "admin.hpp"
#include "commands/command.hpp"
#include "commands/service_options.hpp"

namespace tessera::cli {

command add_hash_secret_command(CLI::App& parent) {
  auto* app = parent.add_subcommand(
      "hash-secret",
      "Read a client secret on stdin and print its Argon2id hash, for secret_hash in [[clients]]");
  auto options = std::make_shared<service_options>();
  add_service_options(*app, *options);
  app->footer(
      "For a secret you already have; `tessera client add` makes new ones. Example:\n"
      "  tessera hash-secret < client.secret");
  return {app, [options]() -> cli_result<void> {
            auto config = load_service_config(*options);
            if (!config) return std::unexpected(config.error());
            std::string secret;
            if (!std::getline(std::cin, secret) || secret.empty()) {
              return std::unexpected(io_error("no secret on standard input"));
            }
            auto hash = server::hash_client_secret(*config, std::move(secret));
            if (!hash) return std::unexpected(service_error(hash.error()));
            std::cout << *hash << "\n";
            return {};
          }};
}

}  // namespace tessera::cli
