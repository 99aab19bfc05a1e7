#include "input.hpp"

#include <algorithm>
#include <cerrno>
#include <string>
#include <system_error>
#include <utility>

#include <fcntl.h>
#include <unistd.h>

#include <tessera/error.hpp>

namespace tessera::cli {
namespace {

struct fd_contents {
  std::string bytes;
  bool over_limit = false;  // there was more than `limit`; the rest was left unread
  int error = 0;            // errno of a failed read, 0 when none
};

// Reads at most limit + 1 bytes: one byte past the limit is enough to know it was exceeded.
fd_contents read_up_to(int fd, std::size_t limit) {
  fd_contents out;
  const std::size_t cap = limit + 1;
  while (out.bytes.size() < cap) {
    const std::size_t chunk = std::min<std::size_t>(cap - out.bytes.size(), 64 * 1024);
    const std::size_t used = out.bytes.size();
    out.bytes.resize(used + chunk);
    const ssize_t n = ::read(fd, out.bytes.data() + used, chunk);
    if (n < 0) {
      out.bytes.resize(used);
      if (errno == EINTR) continue;
      out.error = errno;
      return out;
    }
    out.bytes.resize(used + static_cast<std::size_t>(n));
    if (n == 0) return out;
  }
  out.over_limit = true;
  out.bytes.resize(limit);
  return out;
}

std::string describe_errno(int error) {
  return std::error_code(error, std::generic_category()).message();
}

cli_error too_large(std::string_view what, std::size_t limit) {
  return {.code = "input_too_large",
          .message = std::string(what) + " is larger than " + std::to_string(limit) + " bytes",
          .exit_status = exit_rejected};
}

cli_error token_too_large(std::size_t max_token_size) {
  return library_error(
      make_error_code(errc::token_too_large), exit_rejected,
      std::to_string(max_token_size) + " bytes; --max-token-size raises the limit");
}

}  // namespace

std::string_view trim_trailing_whitespace(std::string_view text) noexcept {
  const auto last = text.find_last_not_of(" \t\r\n\v\f");
  return last == std::string_view::npos ? std::string_view{} : text.substr(0, last + 1);
}

cli_result<std::string> read_token(std::string_view argument, std::size_t max_token_size) {
  std::string token;
  if (argument.empty() || argument == "-") {
    if (argument.empty() && ::isatty(STDIN_FILENO) == 1) {
      return std::unexpected(
          usage_error("no TOKEN given and standard input is a terminal (pass - to read it)"));
    }
    auto in = read_up_to(STDIN_FILENO, max_token_size + token_whitespace_slack);
    if (in.error != 0) {
      return std::unexpected(io_error("cannot read standard input: " + describe_errno(in.error)));
    }
    if (in.over_limit) return std::unexpected(token_too_large(max_token_size));
    token = trim_trailing_whitespace(in.bytes);
  } else {
    token = trim_trailing_whitespace(argument);
  }
  // The library checks the size too; checking here gives the same message for both sources.
  if (token.size() > max_token_size) return std::unexpected(token_too_large(max_token_size));
  return token;
}

cli_result<std::string> read_stdin(std::size_t limit, std::string_view what) {
  auto in = read_up_to(STDIN_FILENO, limit);
  if (in.error != 0) {
    return std::unexpected(io_error("cannot read standard input: " + describe_errno(in.error)));
  }
  if (in.over_limit) return std::unexpected(too_large(what, limit));
  return std::move(in.bytes);
}

cli_result<std::string> read_file(const std::string& path, std::size_t limit,
                                  std::string_view what) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return std::unexpected(
        io_error("cannot open " + std::string(what) + " '" + path + "': " + describe_errno(errno)));
  }
  auto in = read_up_to(fd, limit);
  ::close(fd);
  // A directory opens fine and fails here, with EISDIR.
  if (in.error != 0) {
    return std::unexpected(io_error("cannot read " + std::string(what) + " '" + path +
                                    "': " + describe_errno(in.error)));
  }
  if (in.over_limit) return std::unexpected(too_large(what, limit));
  return std::move(in.bytes);
}

}  // namespace tessera::cli
