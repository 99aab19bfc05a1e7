// `tessera jwk thumbprint`.
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

cli_result<void> run_thumbprint(const key_input& input) {
  const auto key = open_key(input);
  if (!key) return std::unexpected(key.error());
  cli_result<std::string> thumbprint;
  if (key->file.is_jwk) {
    // Of the members as written (RFC 7638 section 3), once the JWK is known to be valid.
    auto parsed = parse_jwk_file(key->file, key->options());
    if (!parsed) return std::unexpected(parsed.error());
    thumbprint = checked(jwk_thumbprint(parsed->members));
  } else {
    auto loaded = load_non_jwk(*key, std::nullopt, false);
    if (!loaded) return std::unexpected(loaded.error());
    thumbprint = default_kid(loaded->verifying);
  }
  if (!thumbprint) return std::unexpected(thumbprint.error());
  std::cout << *thumbprint << '\n';
  return {};
}

}  // namespace

command add_thumbprint(CLI::App& parent) {
  auto input = std::make_shared<key_input>();
  auto* app = parent.add_subcommand(
      "thumbprint", "Print a key's RFC 7638 thumbprint (base64url SHA-256), e.g. for a kid");
  add_key_input(*app, *input,
                "The key: a JWK, or PEM, DER, X.509 or OpenSSH (the thumbprint of its public "
                "JWK)");
  app->footer(
      "A private key has the thumbprint of its public key. Exit: 0 printed; 1 key refused;\n"
      "2 usage or I/O error.\n\n"
      "Examples:\n"
      "  tessera jwk thumbprint --key public.jwk\n"
      "  tessera jwk thumbprint --key private.pem\n"
      "  tessera encode --alg ES256 --key private.pem --kid \"$(tessera jwk thumbprint --key "
      "private.pem)\"");
  return {app, [input] { return run_thumbprint(*input); }};
}

}  // namespace tessera::cli::jwk_common
