// What the `tessera jwk` subcommands share: the key they read and how, and JSON output. Each
// subcommand is a file of its own (jwk_from_key.cpp, jwk_to_pem.cpp, jwk_thumbprint.cpp,
// jwk_public.cpp); jwk.cpp puts them under `tessera jwk`.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <tessera/json.hpp>
#include <tessera/key.hpp>
#include <tessera/result.hpp>

#include "cli_error.hpp"
#include "commands/command.hpp"
#include "key_file.hpp"
#include "key_source.hpp"

namespace CLI {
class App;
}

namespace tessera::cli::jwk_common {

// The options every `jwk` subcommand takes: the key and how to read it.
struct key_input {
  std::string path{};
  passphrase_source passphrase{};
  bool allow_weak_key = false;
};

// The key file and the options to read it with.
struct opened_key {
  key_file file;
  std::string passphrase;
  bool allow_weak_key = false;

  [[nodiscard]] key_options options() const {
    return {.allow_weak_key = allow_weak_key, .passphrase = passphrase};
  }
};

// A key in a format other than JWK, as a signing key (its private half) or a verifying key.
struct loaded_key {
  std::optional<signing_key> signing{};
  verifying_key verifying;
};

[[nodiscard]] std::span<const std::byte> bytes_of(std::string_view text) noexcept;
void add_key_input(CLI::App& app, key_input& input, const char* what);
[[nodiscard]] cli_result<opened_key> open_key(const key_input& input);
[[nodiscard]] cli_result<void> print_json(const json::object& members);

template <class T>
cli_result<T> checked(result<T> r) {
  if (!r) return std::unexpected(library_error(r.error()));
  return std::move(*r);
}

// The first algorithm a key serves: a private key is loaded for one, and the JWK written
// without "alg" unless one was asked for, so the choice does not show.
[[nodiscard]] cli_result<algorithm> some_algorithm(algorithm_set algorithms);
[[nodiscard]] cli_result<loaded_key> load_non_jwk(const opened_key& key,
                                                  std::optional<algorithm> alg, bool need_private);
[[nodiscard]] cli_result<std::string> default_kid(const verifying_key& key);

// The subcommands.
command add_from_key(CLI::App& parent);
command add_to_pem(CLI::App& parent);
command add_thumbprint(CLI::App& parent);
command add_public(CLI::App& parent);

}  // namespace tessera::cli::jwk_common
