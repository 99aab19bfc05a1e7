// `tessera jwk`: JSON Web Keys from and to other formats, public halves, RFC 7638 thumbprints.
// Each subcommand is in jwk_<name>.cpp.
#include <vector>

#include <CLI/CLI.hpp>

#include "commands/command.hpp"
#include "commands/jwk_common.hpp"

namespace tessera::cli {

command add_jwk_command(CLI::App& parent) {
  auto* app = parent.add_subcommand(
      "jwk", "JSON Web Keys: from-key, to-pem, thumbprint, public (run `tessera jwk SUB --help`)");
  app->require_subcommand(1);
  const std::vector<command> subcommands = {
      jwk_common::add_from_key(*app), jwk_common::add_to_pem(*app),
      jwk_common::add_thumbprint(*app), jwk_common::add_public(*app)};
  app->footer(
      "Examples:\n"
      "  tessera jwk from-key --key public.pem\n"
      "  tessera jwk to-pem --key public.jwk\n"
      "  tessera jwk thumbprint --key public.jwk\n"
      "  tessera jwk public --key private.jwk");
  return {app, [subcommands]() -> cli_result<void> {
            for (const auto& c : subcommands) {
              if (c.app->parsed()) return c.run();
            }
            return std::unexpected(usage_error("a jwk subcommand is required"));
          }};
}

}  // namespace tessera::cli
