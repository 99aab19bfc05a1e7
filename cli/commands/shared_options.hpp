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

inline void add_secret_options(CLI::App& app, secret_source& source) {
  constexpr const char* group = "Key (exactly one)";
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

inline void add_allow_weak_key_option(CLI::App& app, bool& allow) {
  app.add_flag("--allow-weak-key", allow,
               "Accept an HMAC secret shorter than the hash (RFC 7518 section 3.2 asks for at "
               "least 32, 48 or 64 bytes for HS256, HS384, HS512)");
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
