#include "key_source.hpp"

#include <cstdlib>

#include "input.hpp"

namespace tessera::cli {
namespace {

int count_given(const secret_source& s) {
  return int{s.text.has_value()} + int{s.file.has_value()} + int{s.variable.has_value()};
}

// std::getenv is fine here: the CLI is single-threaded and never sets variables.
cli_result<std::string> read_variable(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) {
    return std::unexpected(io_error("environment variable '" + name + "' is not set"));
  }
  return std::string(value);
}

}  // namespace

cli_result<key_kind> chosen_key(const key_source& source, key_command command) {
  const int given = count_given(source.secret) + int{source.key_file.has_value()} +
                    int{source.jwks_file.has_value()} + int{source.jwks_url.has_value()};
  const bool verify = command == key_command::verify;
  if (given == 0) {
    return std::unexpected(usage_error(
        verify ? "a key is required: --secret, --secret-file, --secret-env, --key, --jwks or "
                 "--jwks-url"
               : "a key is required: --secret, --secret-file, --secret-env or --key"));
  }
  if (given > 1) {
    return std::unexpected(usage_error(
        verify ? "give only one of --secret, --secret-file, --secret-env, --key, --jwks and "
                 "--jwks-url"
               : "give only one of --secret, --secret-file, --secret-env and --key"));
  }
  const bool has_passphrase =
      source.passphrase.file.has_value() || source.passphrase.variable.has_value();
  if (has_passphrase && !source.key_file) {
    return std::unexpected(usage_error("--passphrase-file and --passphrase-env go with --key"));
  }
  if (source.key_file) return key_kind::key_file;
  if (source.jwks_file) return key_kind::jwks_file;
  if (source.jwks_url) return key_kind::jwks_url;
  return key_kind::secret;
}

cli_result<std::string> read_secret(const secret_source& source) {
  const int given = count_given(source);
  if (given != 1) {
    return std::unexpected(
        usage_error(given == 0 ? "a key is required: --secret, --secret-file or --secret-env"
                               : "give only one of --secret, --secret-file and --secret-env"));
  }
  if (source.text) return *source.text;
  if (source.file) return read_file(*source.file, max_secret_file_size, "secret file");
  return read_variable(*source.variable);
}

cli_result<std::string> read_passphrase(const passphrase_source& source) {
  if (source.file && source.variable) {
    return std::unexpected(usage_error("give only one of --passphrase-file and --passphrase-env"));
  }
  if (source.variable) return read_variable(*source.variable);
  if (!source.file) return std::string();
  auto text = read_file(*source.file, max_passphrase_file_size, "passphrase file");
  if (!text) return std::unexpected(text.error());
  std::string line = text->substr(0, text->find('\n'));
  if (line.ends_with('\r')) line.pop_back();
  return line;
}

}  // namespace tessera::cli
