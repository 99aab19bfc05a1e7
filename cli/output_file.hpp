// Writing key files: never over an existing file unless asked, never readable by others when
// the key is secret, and never half-written.
#pragma once

#include <span>
#include <string>

#include "cli_error.hpp"

namespace tessera::cli {

/// One file a command writes.
struct output_file {
  std::string path{};
  std::string contents{};
  /// A private key or secret: mode exactly 0600. Otherwise 0644, less the umask.
  bool is_secret = true;
};

/// Without `replace`, `file_exists` (exit 2) when one of `paths` exists (even as a dangling
/// link). Checked before a key is generated, so that no work is wasted; write_files checks
/// again, atomically.
[[nodiscard]] cli_result<void> check_new_paths(std::span<const std::string> paths, bool replace);

/// Writes every file or none. Without `replace`, each is created with O_CREAT | O_EXCL (so an
/// existing file, or a link, is `file_exists`, exit 2). With `replace`, each is written to a
/// temporary file in the same directory and renamed over its path once all are written, so a
/// reader sees the old key or the new one, never a mix. On failure the files made so far are
/// removed. Errors: `file_exists`, `io_error` (exit 2).
[[nodiscard]] cli_result<void> write_files(std::span<const output_file> files, bool replace);

}  // namespace tessera::cli
