// `tessera`: make, inspect and verify JSON Web Tokens from the shell.
//
// main() owns the contract with scripts (docs/CLI.md): exit 0, 1 or 2, and errors as one line
// `error: CODE: message` on stderr. Commands report failures as values; only here do they
// become text and exit statuses.
#include <exception>
#include <iostream>
#include <new>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include <tessera/version.hpp>

#include "cli_error.hpp"
#include "commands/command.hpp"
#include "exit_codes.hpp"

namespace {

using namespace tessera::cli;

int finish(const cli_result<void>& outcome) {
  if (!outcome) {
    print_error(outcome.error());
    return outcome.error().exit_status;
  }
  // A full disk or a closed pipe must not pass for success.
  std::cout.flush();
  if (!std::cout) {
    print_error(io_error("cannot write to standard output"));
    return exit_io;
  }
  return exit_success;
}

int run(int argc, char** argv) {
  CLI::App app{"Make, inspect and verify JSON Web Tokens (RFC 7519).", "tessera"};
  app.set_version_flag("--version", std::string("tessera ") + tessera::version(),
                       "Print the library version and exit");
  app.require_subcommand(0, 1);
  app.footer(
      "Run `tessera COMMAND --help` for a command's options.\n"
      "Exit codes: 0 success; 1 token rejected or input refused; 2 usage or I/O error.\n"
      "Errors are one line on stderr: error: CODE: message (codes in docs/CLI.md).");

  const std::vector<command> commands = {
      add_encode_command(app),      add_decode_command(app),  add_verify_command(app),
      add_keygen_command(app),      add_jwk_command(app),     add_serve_command(app),
      add_user_command(app),        add_keys_command(app),    add_client_command(app),
      add_hash_secret_command(app), add_migrate_command(app), add_completion_command(app)};
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version arrive as "errors" with exit code 0; CLI11 prints them to stdout.
    if (e.get_exit_code() == 0) return app.exit(e);
    print_error(usage_error(std::string(e.what()) + " (see --help)"));
    return exit_usage;
  }

  for (const auto& c : commands) {
    if (c.app->parsed()) return finish(c.run());
  }
  std::cerr << app.help();
  return exit_usage;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::bad_alloc&) {
    print_error({.code = "out_of_memory", .message = "out of memory", .exit_status = exit_io});
  } catch (const std::exception& e) {
    // Nothing is expected to throw; if something does, keep the one-line contract.
    print_error({.code = "internal_error", .message = e.what(), .exit_status = exit_io});
  }
  return exit_io;
}
