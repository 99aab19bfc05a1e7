#include "key_source.hpp"

#include <cstdlib>

#include "input.hpp"

namespace tessera::cli {

cli_result<std::string> read_secret(const secret_source& source) {
  const int given = int{source.text.has_value()} + int{source.file.has_value()} +
                    int{source.variable.has_value()};
  if (given != 1) {
    return std::unexpected(
        usage_error(given == 0 ? "a key is required: --secret, --secret-file or --secret-env"
                               : "give only one of --secret, --secret-file and --secret-env"));
  }
  if (source.text) return *source.text;
  if (source.file) return read_file(*source.file, max_secret_file_size, "secret file");

  // std::getenv is fine here: the CLI is single-threaded and never sets variables.
  const char* value = std::getenv(source.variable->c_str());
  if (value == nullptr) {
    return std::unexpected(io_error("environment variable '" + *source.variable + "' is not set"));
  }
  return std::string(value);
}

}  // namespace tessera::cli
