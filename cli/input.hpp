// Reading tokens, claims and secrets from arguments, standard input and files, never more than
// a limit: a multi-gigabyte stdin or /dev/zero must be refused, not swallowed.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "cli_error.hpp"

namespace tessera::cli {

/// Room for a trailing newline (or CRLF, or a few blank lines) after a token of the maximum size.
inline constexpr std::size_t token_whitespace_slack = 4096;

/// The token given as `argument`, or read from stdin when `argument` is "-" or empty. Trailing
/// whitespace is stripped. stdin is read up to `max_token_size` + token_whitespace_slack + 1
/// bytes and no further. A longer token: `token_too_large` (exit 1); stdin that cannot be read:
/// `io_error`; no argument while stdin is a terminal: `usage`.
[[nodiscard]] cli_result<std::string> read_token(std::string_view argument,
                                                 std::size_t max_token_size);

/// All of stdin. More than `limit` bytes: `input_too_large` (exit 1), without reading the rest.
[[nodiscard]] cli_result<std::string> read_stdin(std::size_t limit, std::string_view what);

/// The exact bytes of the file at `path` (a FIFO such as `<(pass show key)` works too).
/// Unreadable: `io_error`; more than `limit` bytes: `input_too_large`.
[[nodiscard]] cli_result<std::string> read_file(const std::string& path, std::size_t limit,
                                                std::string_view what);

/// `text` without trailing spaces, tabs, CR, LF, VT or FF.
[[nodiscard]] std::string_view trim_trailing_whitespace(std::string_view text) noexcept;

}  // namespace tessera::cli
