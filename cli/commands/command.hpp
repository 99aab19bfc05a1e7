// The commands of `tessera`. Each registers itself on the top-level CLI11 app and hands back
// what to run if the user chooses it; later commands (keygen, jwk, serve) follow the same shape.
#pragma once

#include <functional>

#include "cli_error.hpp"

namespace CLI {
class App;
}

namespace tessera::cli {

/// A command's body, run after the whole command line has parsed, and only if it was chosen.
using command_body = std::function<cli_result<void>()>;

/// A registered subcommand: where CLI11 records whether it was chosen, and what to run then.
struct command {
  CLI::App* app = nullptr;
  command_body run{};
};

command add_encode_command(CLI::App& parent);
command add_decode_command(CLI::App& parent);
command add_verify_command(CLI::App& parent);
command add_keygen_command(CLI::App& parent);
command add_jwk_command(CLI::App& parent);
command add_serve_command(CLI::App& parent);
command add_user_command(CLI::App& parent);
command add_keys_command(CLI::App& parent);
command add_hash_secret_command(CLI::App& parent);
command add_client_command(CLI::App& parent);
command add_migrate_command(CLI::App& parent);
/// `tessera completion`: walks the whole tree from `parent`, so it is added to the root app.
command add_completion_command(CLI::App& parent);

}  // namespace tessera::cli
