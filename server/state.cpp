#include "state.hpp"

#include <sys/stat.h>
#include <cerrno>
#include <string>
#include <system_error>

namespace tessera::server {
namespace {

result<void> make_private_directory(const std::string& path) {
  if (::mkdir(path.c_str(), 0700) != 0 && errno != EEXIST) {
    return fail(errc::file_error,
                "cannot create " + path + ": " + std::system_category().message(errno));
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return fail(errc::file_error, path + " is not a directory");
  }
  if ((st.st_mode & 0077) != 0 && ::chmod(path.c_str(), 0700) != 0) {
    return fail(errc::file_error, "cannot restrict " + path + " to its owner");
  }
  return {};
}

}  // namespace

result<std::unique_ptr<store>> open_state(const service_config& config) {
  if (auto made = make_private_directory(config.data_dir); !made) {
    return std::unexpected(made.error());
  }
  return open_store(config.effective_database_url());
}

result<password_hasher> make_hasher(const service_config& config) {
  return password_hasher::create({.memory_kib = config.password_hash.memory_kib,
                                  .iterations = config.password_hash.iterations});
}

}  // namespace tessera::server
