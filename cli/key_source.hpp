// Where a key comes from: the KEY options of encode and verify (--secret, --secret-file,
// --secret-env, --key, and for verify --jwks and --jwks-url), exactly one of them, and the
// passphrase of an encrypted private key (--passphrase-file, --passphrase-env).
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "cli_error.hpp"

namespace tessera::cli {

/// The HMAC secret options as given on the command line.
struct secret_source {
  std::optional<std::string> text{};      ///< --secret TEXT
  std::optional<std::string> file{};      ///< --secret-file FILE
  std::optional<std::string> variable{};  ///< --secret-env VAR
};

/// The passphrase options as given on the command line; at most one.
struct passphrase_source {
  std::optional<std::string> file{};      ///< --passphrase-file FILE
  std::optional<std::string> variable{};  ///< --passphrase-env VAR
};

/// Every KEY option. encode registers the first four, verify all six.
struct key_source {
  secret_source secret{};
  std::optional<std::string> key_file{};   ///< --key FILE: PEM, DER, X.509, OpenSSH or a JWK
  std::optional<std::string> jwks_file{};  ///< --jwks FILE: a JWK Set (verify)
  std::optional<std::string> jwks_url{};   ///< --jwks-url URL: a remote JWK Set (verify)
  passphrase_source passphrase{};
};

/// Which of the KEY options was given.
enum class key_kind { secret, key_file, jwks_file, jwks_url };

/// Whether the JWK Set options exist (verify) or not (encode); they change the usage messages.
enum class key_command { encode, verify };

/// The one KEY option given. None or several: `usage`; a passphrase option without --key, or
/// both passphrase options: `usage`.
[[nodiscard]] cli_result<key_kind> chosen_key(const key_source& source, key_command command);

/// Larger secret and key files are refused (`input_too_large`): a mistyped path such as
/// /dev/zero must not be read for ever.
inline constexpr std::size_t max_secret_file_size = 1024 * 1024;
inline constexpr std::size_t max_key_file_size = 1024 * 1024;
/// A passphrase file is read up to this size; its first line is the passphrase.
inline constexpr std::size_t max_passphrase_file_size = 64 * 1024;

/// The secret's bytes, exactly as given: a file is not trimmed, so `printf %s` and `echo` make
/// different keys. None or several of the options: `usage`; an unreadable file or an unset
/// variable: `io_error`. Whether the secret is acceptable is the library's call, not this one.
[[nodiscard]] cli_result<std::string> read_secret(const secret_source& source);

/// The passphrase, or an empty string when no passphrase option was given. From a file: its
/// first line without the line ending (as `openssl -passin file:` reads it); from a variable:
/// its whole value. An unreadable file or an unset variable: `io_error`; both options: `usage`.
[[nodiscard]] cli_result<std::string> read_passphrase(const passphrase_source& source);

}  // namespace tessera::cli
