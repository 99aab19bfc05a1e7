// `tessera jwk public`.
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

// The members a public JWK keeps: its key type's public members, and what describes its use.
bool is_public_member(std::string_view kty, std::string_view name) {
  constexpr std::array<std::string_view, 5> always = {"kty", "kid", "use", "alg", "key_ops"};
  for (auto m : always) {
    if (name == m) return true;
  }
  if (kty == "RSA") return name == "n" || name == "e";
  if (kty == "EC") return name == "crv" || name == "x" || name == "y";
  return kty == "OKP" && (name == "crv" || name == "x");
}

cli_result<void> run_public(const key_input& input) {
  const auto key = open_key(input);
  if (!key) return std::unexpected(key.error());
  if (!key->file.is_jwk) {
    auto loaded = load_non_jwk(*key, std::nullopt, false);
    if (!loaded) return std::unexpected(loaded.error());
    auto kid = default_kid(loaded->verifying);
    if (!kid) return std::unexpected(kid.error());
    auto members = checked(to_jwk(loaded->verifying, {.kid = *kid, .include_alg = false}));
    if (!members) return std::unexpected(members.error());
    return print_json(*members);
  }
  auto parsed = parse_jwk_file(key->file, key->options());
  if (!parsed) return std::unexpected(parsed.error());
  if (parsed->key.kty() == "oct") {
    return std::unexpected(library_error(make_error_code(errc::key_not_usable), exit_rejected,
                                         "a secret has no public form"));
  }
  // The JWK as written, in its order, less the private members (d, p, q, dp, dq, qi, oth) and
  // anything unknown, which might be private too.
  json::object out;
  for (const auto& member : parsed->members) {
    if (is_public_member(parsed->key.kty(), member.key())) out[member.key()] = member.value();
  }
  return print_json(out);
}

}  // namespace

command add_public(CLI::App& parent) {
  auto input = std::make_shared<key_input>();
  auto* app = parent.add_subcommand(
      "public", "Print the public JWK of a key: private members removed, kid/use/alg/key_ops kept");
  add_key_input(*app, *input,
                "The key: a JWK, or PEM, DER, X.509 or OpenSSH (as `jwk from-key` prints it)");
  app->footer(
      "Keeps kty, the public key members, kid, use, alg and key_ops; drops everything else.\n"
      "Exit: 0 printed; 1 key refused (key_not_usable for an oct secret); 2 usage or I/O error.\n\n"
      "Examples:\n"
      "  tessera jwk public --key private.jwk > public.jwk\n"
      "  printf '{\"keys\":[%s]}\\n' \"$(tessera jwk public --key private.jwk)\" > jwks.json");
  return {app, [input] { return run_public(*input); }};
}

}  // namespace tessera::cli::jwk_common
