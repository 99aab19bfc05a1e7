#include "commands/jwk_common.hpp"

#include <iostream>
#include <utility>

#include <CLI/CLI.hpp>

#include <tessera/error.hpp>
#include <tessera/jwk.hpp>

#include "commands/shared_options.hpp"
#include "json_output.hpp"

namespace tessera::cli::jwk_common {

std::span<const std::byte> bytes_of(std::string_view text) noexcept {
  return std::as_bytes(std::span(text.data(), text.size()));
}

void add_key_input(CLI::App& app, key_input& input, const char* what) {
  app.add_option("--key", input.path, what)->type_name("FILE")->required();
  add_passphrase_options(app, input.passphrase);
  app.add_flag("--allow-weak-key", input.allow_weak_key,
               "Accept an RSA key under 2048 bits, or an HMAC secret shorter than the hash");
}

cli_result<opened_key> open_key(const key_input& input) {
  auto passphrase = read_passphrase(input.passphrase);
  if (!passphrase) return std::unexpected(passphrase.error());
  auto file = read_key_file(input.path);
  if (!file) return std::unexpected(file.error());
  return opened_key{.file = std::move(*file),
                    .passphrase = std::move(*passphrase),
                    .allow_weak_key = input.allow_weak_key};
}

cli_result<void> print_json(const json::object& members) {
  auto text = compact_json(members);
  if (!text) return std::unexpected(library_error(text.error()));
  std::cout << *text << '\n';
  return {};
}

cli_result<algorithm> some_algorithm(algorithm_set algorithms) {
  std::optional<algorithm> first;
  algorithms.for_each([&](algorithm a) {
    if (!first) first = a;
  });
  if (!first) return std::unexpected(library_error(make_error_code(errc::key_not_usable)));
  return *first;
}

cli_result<loaded_key> load_non_jwk(const opened_key& key, std::optional<algorithm> alg,
                                    bool need_private) {
  auto verifying = verifying_key::load(bytes_of(key.file.bytes), alg, key.options());
  if (!verifying) return std::unexpected(key_error(verifying.error()));
  loaded_key out{.verifying = std::move(*verifying)};
  if (!need_private) return out;
  auto chosen = alg ? cli_result<algorithm>(*alg) : some_algorithm(out.verifying.algorithms());
  if (!chosen) return std::unexpected(chosen.error());
  auto signing = signing_key::load(*chosen, bytes_of(key.file.bytes), key.options());
  if (!signing) return std::unexpected(key_error(signing.error()));
  out.signing = std::move(*signing);
  return out;
}

cli_result<std::string> default_kid(const verifying_key& key) {
  return checked(jwk_thumbprint(key));
}

}  // namespace tessera::cli::jwk_common
