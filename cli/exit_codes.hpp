// The exit statuses of every command. Scripts rely on them (docs/CLI.md, "Exit codes"), so the
// values never change.
#pragma once

namespace tessera::cli {

/// The command did what was asked (a token was made, decoded or verified).
inline constexpr int exit_success = 0;
/// The token was rejected, or the input was refused: a weak key, a bad claim, malformed JSON.
inline constexpr int exit_rejected = 1;
/// The command line is wrong: an unknown flag, a missing or invalid argument.
inline constexpr int exit_usage = 2;
/// A file or variable could not be read. It shares 2 with usage errors: in both cases the
/// command never got as far as judging a token.
inline constexpr int exit_io = 2;

}  // namespace tessera::cli
