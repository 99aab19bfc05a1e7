// Options that several commands share, so that they read and are documented the same way.
// Included only by command files, which include CLI11 anyway.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include <tessera/json.hpp>

#include "duration.hpp"
#include "key_source.hpp"

namespace tessera::cli {

/// --max-token-size: the library's default, and at most 1 GiB (stdin is buffered up to it).
inline constexpr auto default_max_token_size =
    static_cast<std::int64_t>(parse_limits{}.max_token_size);
inline constexpr std::int64_t max_token_size_ceiling = std::int64_t{1} << 30;

inline void add_secret_options(CLI::App& app, secret_source& source,
                               const char* group = "Key (exactly one)") {
  app.add_option("--secret", source.text,
                 "HMAC secret as text; other local users can see it in `ps`, so prefer the two "
                 "options below")
      ->type_name("TEXT")
      ->group(group);
  app.add_option("--secret-file", source.file,
                 "Read the HMAC secret from FILE: its exact bytes, no newline stripped")
      ->type_name("FILE")
      ->group(group);
  app.add_option("--secret-env", source.variable,
                 "Read the HMAC secret from the environment variable VAR")
      ->type_name("VAR")
      ->group(group);
}

/// --passphrase-file and --passphrase-env, for encrypted private keys.
inline void add_passphrase_options(CLI::App& app, passphrase_source& source) {
  constexpr const char* group = "Passphrase of an encrypted private key (at most one)";
  app.add_option("--passphrase-file", source.file,
                 "Read the passphrase from the first line of FILE (line ending not included)")
      ->type_name("FILE")
      ->group(group);
  app.add_option("--passphrase-env", source.variable,
                 "Read the passphrase from the environment variable VAR")
      ->type_name("VAR")
      ->group(group);
}

/// The KEY options of encode (secrets and --key) and verify (also --jwks and --jwks-url).
inline void add_key_options(CLI::App& app, key_source& source, key_command command) {
  constexpr const char* group = "Key (exactly one)";
  add_secret_options(app, source.secret, group);
  app.add_option("--key", source.key_file,
                 command == key_command::encode
                     ? "Private key FILE: PEM or DER (PKCS#8, also encrypted; PKCS#1; SEC1) or a "
                       "JWK; the format is detected"
                     : "Public key FILE: PEM or DER (SPKI, PKCS#1, X.509 certificate, or a private "
                       "key), an OpenSSH public key line, or a JWK; the format is detected")
      ->type_name("FILE")
      ->group(group);
  if (command == key_command::verify) {
    app.add_option("--jwks", source.jwks_file,
                   "A JWK Set FILE; the token's kid picks the key (without a kid, exactly one "
                   "key may fit its alg)")
        ->type_name("FILE")
        ->group(group);
    app.add_option("--jwks-url", source.jwks_url,
                   "Fetch the JWK Set from URL (https://; plain http:// only to 127.0.0.1, "
                   "localhost or [::1]); 10 s timeout")
        ->type_name("URL")
        ->group(group);
  }
  add_passphrase_options(app, source.passphrase);
}

inline void add_allow_weak_key_option(CLI::App& app, bool& allow) {
  app.add_flag("--allow-weak-key", allow,
               "Accept an HMAC secret shorter than the hash (RFC 7518 section 3.2 asks for at "
               "least 32, 48 or 64 bytes for HS256, HS384, HS512), or an RSA key under 2048 "
               "bits");
}

inline void add_now_option(CLI::App& app, std::optional<std::int64_t>& now, const char* what) {
  app.add_option("--now", now, what)->type_name("UNIX")->check(CLI::Range(min_now, max_now));
}

inline void add_max_token_size_option(CLI::App& app, std::int64_t& size) {
  // A signed type on purpose: CLI11 2.1 wraps "-5" into a huge unsigned value.
  app.add_option("--max-token-size", size,
                 "Refuse tokens longer than N bytes (token_too_large); stdin is read no further")
      ->type_name("N")
      ->capture_default_str()
      ->check(CLI::Range(std::int64_t{1}, max_token_size_ceiling));
}

inline void add_token_argument(CLI::App& app, std::string& token) {
  app.add_option("TOKEN", token,
                 "The compact token; - or nothing reads it from stdin (trailing whitespace is "
                 "stripped)");
}

}  // namespace tessera::cli
