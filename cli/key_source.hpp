// Where the HMAC secret comes from: --secret, --secret-file or --secret-env, exactly one.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "cli_error.hpp"

namespace tessera::cli {

/// The key options as given on the command line.
struct secret_source {
  std::optional<std::string> text{};      ///< --secret TEXT
  std::optional<std::string> file{};      ///< --secret-file FILE
  std::optional<std::string> variable{};  ///< --secret-env VAR
};

/// Larger secret files are refused (`input_too_large`): a mistyped path such as /dev/zero must
/// not be read for ever.
inline constexpr std::size_t max_secret_file_size = 1024 * 1024;

/// The secret's bytes, exactly as given: a file is not trimmed, so `printf %s` and `echo` make
/// different keys. None or several of the options: `usage`; an unreadable file or an unset
/// variable: `io_error`. Whether the secret is acceptable is the library's call, not this one.
[[nodiscard]] cli_result<std::string> read_secret(const secret_source& source);

}  // namespace tessera::cli
