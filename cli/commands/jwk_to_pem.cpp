// `tessera jwk to-pem`.
#include <array>
#include <iostream>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>
#include <boost/json/object.hpp>

#include <tessera/error.hpp>
#include <tessera/jwk.hpp>
#include <tessera/key.hpp>

#include "commands/command.hpp"
#include "commands/jwk_common.hpp"
#include "commands/shared_options.hpp"
#include "json_output.hpp"
#include "key_file.hpp"
#include "key_source.hpp"
#include "name_lists.hpp"

namespace tessera::cli::jwk_common {
namespace {

cli_result<void> run_to_pem(const key_input& input) {
  const auto key = open_key(input);
  if (!key) return std::unexpected(key.error());
  std::optional<signing_key> signing;
  std::optional<verifying_key> verifying;
  if (key->file.is_jwk) {
    auto parsed = parse_jwk_file(key->file, key->options());
    if (!parsed) return std::unexpected(parsed.error());
    if (parsed->key.kty() == "oct") {
      return std::unexpected(library_error(make_error_code(errc::secret_key_has_no_pem)));
    }
    if (parsed->key.is_private()) {
      auto chosen = parsed->key.alg() ? cli_result<algorithm>(*parsed->key.alg())
                                      : some_algorithm(parsed->key.algorithms());
      if (!chosen) return std::unexpected(chosen.error());
      auto s = parsed->key.signing(*chosen);
      if (!s) return std::unexpected(key_error(s.error()));
      signing = std::move(*s);
    } else {
      auto v = parsed->key.verifying();
      if (!v) return std::unexpected(key_error(v.error()));
      verifying = std::move(*v);
    }
  } else {
    // A private key in any format stays private (PKCS#8); anything else becomes SPKI.
    auto loaded = load_non_jwk(*key, std::nullopt, false);
    if (!loaded) return std::unexpected(loaded.error());
    auto chosen = some_algorithm(loaded->verifying.algorithms());
    if (!chosen) return std::unexpected(chosen.error());
    auto s = signing_key::load(*chosen, bytes_of(key->file.bytes), key->options());
    if (s) {
      signing = std::move(*s);
    } else if (s.error() == errc::not_a_private_key || s.error() == errc::invalid_key_data) {
      verifying = std::move(loaded->verifying);  // SPKI, PKCS#1 public, X.509, OpenSSH
    } else {
      return std::unexpected(key_error(s.error()));
    }
  }
  auto pem = signing ? checked(signing->to_pem()) : checked(verifying->to_pem());
  if (!pem) return std::unexpected(pem.error());
  std::cout << *pem;
  return {};
}

}  // namespace

command add_to_pem(CLI::App& parent) {
  auto input = std::make_shared<key_input>();
  auto* app = parent.add_subcommand(
      "to-pem", "Print a key as PEM: a private key as PKCS#8, a public key as SPKI");
  add_key_input(*app, *input,
                "The key: a JWK (RSA, EC, OKP; an oct secret has no PEM), or PEM, DER, X.509 or "
                "OpenSSH to normalise");
  app->footer(
      "A private key is printed unencrypted. Exit: 0 printed; 1 key refused\n"
      "(secret_key_has_no_pem for an oct JWK); 2 usage or I/O error.\n\n"
      "Examples:\n"
      "  tessera jwk to-pem --key public.jwk > public.pem\n"
      "  (umask 077; tessera jwk to-pem --key private.jwk > private.pem)\n"
      "  tessera jwk to-pem --key certificate.der   # the certificate's public key");
  return {app, [input] { return run_to_pem(*input); }};
}

}  // namespace tessera::cli::jwk_common
