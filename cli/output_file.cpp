#include "output_file.hpp"

#include <cerrno>
#include <cstdlib>
#include <string_view>
#include <system_error>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace tessera::cli {
namespace {

std::string describe_errno(int error) {
  return std::error_code(error, std::generic_category()).message();
}

cli_error file_exists(const std::string& path) {
  return {.code = "file_exists",
          .message = "'" + path + "' exists; --force replaces it",
          .exit_status = exit_io};
}

cli_error write_failed(std::string_view verb, const std::string& path, int error) {
  return io_error("cannot " + std::string(verb) + " '" + path + "': " + describe_errno(error));
}

// The directory a temporary file for `path` goes in, so that rename() stays on one filesystem.
std::string directory_of(const std::string& path) {
  const auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string base_name_of(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

mode_t public_mode() {
  // The CLI is single-threaded, so reading the umask by setting it back at once is safe.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  return static_cast<mode_t>(0644 & ~mask);
}

// Writes everything, then forces it to the disk: a key must not vanish on a crash.
int write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return ::fsync(fd) == 0 ? 0 : errno;
}

// A file being written: where it is now and where it goes.
struct staged_file {
  std::string path;
  std::string written;  // == path without replace, else the temporary file
};

cli_result<staged_file> stage(const output_file& file, bool replace) {
  staged_file staged{.path = file.path, .written = file.path};
  int fd = -1;
  if (replace) {
    std::string temp = directory_of(file.path) + "/." + base_name_of(file.path) + ".XXXXXX";
    fd = ::mkostemp(temp.data(), O_CLOEXEC);  // mode 0600
    if (fd < 0) return std::unexpected(write_failed("create a file beside", file.path, errno));
    staged.written = std::move(temp);
  } else {
    // O_EXCL fails on an existing file and on any link, dangling or not.
    fd = ::open(file.path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
      if (errno == EEXIST) return std::unexpected(file_exists(file.path));
      return std::unexpected(write_failed("create", file.path, errno));
    }
  }
  // Exactly 0600 for secrets, whatever the umask; the usual 0644 less the umask otherwise.
  int error = ::fchmod(fd, file.is_secret ? mode_t{0600} : public_mode()) == 0 ? 0 : errno;
  if (error == 0) error = write_all(fd, file.contents);
  if (::close(fd) != 0 && error == 0) error = errno;
  if (error != 0) {
    ::unlink(staged.written.c_str());
    return std::unexpected(write_failed("write", file.path, error));
  }
  return staged;
}

void sync_directory(const std::string& path) {
  const int fd = ::open(directory_of(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);  // best effort: the rename is done either way
  ::close(fd);
}

}  // namespace

cli_result<void> check_new_paths(std::span<const std::string> paths, bool replace) {
  if (replace) return {};
  for (const auto& path : paths) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) == 0) return std::unexpected(file_exists(path));
  }
  return {};
}

cli_result<void> write_files(std::span<const output_file> files, bool replace) {
  std::vector<staged_file> done;
  const auto undo = [&done] {
    for (const auto& f : done) ::unlink(f.written.c_str());
  };
  for (const auto& file : files) {
    auto staged = stage(file, replace);
    if (!staged) {
      undo();
      return std::unexpected(staged.error());
    }
    done.push_back(std::move(*staged));
  }
  if (!replace) return {};
  for (std::size_t i = 0; i < done.size(); ++i) {
    if (::rename(done[i].written.c_str(), done[i].path.c_str()) != 0) {
      const int error = errno;
      // Those already renamed stay replaced; the rest are left as they were.
      for (std::size_t j = i; j < done.size(); ++j) ::unlink(done[j].written.c_str());
      return std::unexpected(write_failed("replace", done[i].path, error));
    }
    sync_directory(done[i].path);
  }
  return {};
}

}  // namespace tessera::cli
