// How a command fails: a stable code, a message and an exit status, printed as one line.
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <system_error>

#include "exit_codes.hpp"

namespace tessera::cli {

/// A failure on its way to stderr as `error: CODE: message`.
struct cli_error {
  /// A library code's stable name (tessera::to_name), or one of the CLI's own names listed in
  /// docs/CLI.md (`usage`, `io_error`, ...).
  std::string code{};
  std::string message{};
  int exit_status = exit_rejected;
};

template <class T>
using cli_result = std::expected<T, cli_error>;

/// A library error under its stable name and message; `detail`, when given, is appended.
[[nodiscard]] cli_error library_error(std::error_code ec, int exit_status = exit_rejected,
                                      std::string_view detail = {});
/// A command-line mistake: code `usage`, exit 2.
[[nodiscard]] cli_error usage_error(std::string message);
/// A file or variable that cannot be read: code `io_error`, exit 2.
[[nodiscard]] cli_error io_error(std::string message);

/// Writes `error: CODE: message` to stderr as one line, control characters escaped: messages
/// may quote arguments and paths, which must not move the cursor or recolour the terminal.
void print_error(const cli_error& error);

}  // namespace tessera::cli
