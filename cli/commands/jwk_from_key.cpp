// `tessera jwk from-key`.
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

struct from_key_options {
  key_input input{};
  std::optional<std::string> kid{};
  std::optional<std::string> alg{};
  bool include_private = false;
};

cli_error no_public_form() {
  return library_error(make_error_code(errc::key_not_usable), exit_rejected,
                       "a secret has no public form; --private exports it");
}

cli_result<void> run_from_key(const from_key_options& o) {
  std::optional<algorithm> alg;
  if (o.alg) {
    auto parsed = parse_algorithm_argument(*o.alg);
    if (!parsed) return std::unexpected(parsed.error());
    alg = *parsed;
  }
  const auto key = open_key(o.input);
  if (!key) return std::unexpected(key.error());

  std::optional<signing_key> signing;
  std::optional<verifying_key> verifying;
  std::optional<std::string> kid = o.kid;
  if (key->file.is_jwk) {
    auto parsed = parse_jwk_file(key->file, key->options());
    if (!parsed) return std::unexpected(parsed.error());
    if (parsed->key.kty() == "oct" && !o.include_private) return std::unexpected(no_public_form());
    if (!kid) kid = parsed->key.kid();
    if (!alg) alg = parsed->key.alg();
    auto v = parsed->key.verifying();
    if (!v) return std::unexpected(key_error(v.error()));
    if (alg && !v->may_serve(*alg)) {
      return std::unexpected(library_error(make_error_code(errc::key_not_for_algorithm)));
    }
    verifying = std::move(*v);
    if (o.include_private) {
      auto chosen = alg ? cli_result<algorithm>(*alg) : some_algorithm(verifying->algorithms());
      if (!chosen) return std::unexpected(chosen.error());
      auto s = parsed->key.signing(*chosen);
      if (!s) return std::unexpected(key_error(s.error()));
      signing = std::move(*s);
    }
  } else if (alg && is_hmac(*alg)) {
    // With an HS algorithm the file is the secret itself: its exact bytes.
    if (!o.include_private) return std::unexpected(no_public_form());
    auto s = signing_key::hmac(*alg, key->file.bytes, key->options());
    if (!s) return std::unexpected(key_error(s.error()));
    verifying = s->verifier_key();
    signing = std::move(*s);
  } else {
    auto loaded = load_non_jwk(*key, alg, o.include_private);
    if (!loaded) return std::unexpected(loaded.error());
    verifying = std::move(loaded->verifying);
    signing = std::move(loaded->signing);
  }

  if (!kid) {
    auto thumbprint = default_kid(*verifying);
    if (!thumbprint) return std::unexpected(thumbprint.error());
    kid = std::move(*thumbprint);
  }
  const jwk_export_options options{
      .include_private = o.include_private, .kid = kid, .include_alg = false};
  auto members =
      signing ? checked(to_jwk(*signing, options)) : checked(to_jwk(*verifying, options));
  if (!members) return std::unexpected(members.error());
  if (alg) (*members)["alg"] = to_string(*alg);
  return print_json(*members);
}

}  // namespace

command add_from_key(CLI::App& parent) {
  auto o = std::make_shared<from_key_options>();
  auto* app = parent.add_subcommand(
      "from-key",
      "Print a key (PEM, DER, X.509, OpenSSH, a JWK, or with --alg HS* a secret) "
      "as a JWK");
  add_key_input(*app, o->input,
                "The key: PEM or DER (PKCS#8, PKCS#1, SEC1, SPKI, X.509), an OpenSSH public key "
                "line, a JWK; with --alg HS*, a file of raw secret bytes");
  app->add_option("--kid", o->kid,
                  "Key id; default: the JWK's own kid, else the RFC 7638 thumbprint")
      ->type_name("KID");
  app->add_option("--alg", o->alg,
                  "Bind the key to ALG and write \"alg\" (HS256/384/512: the file is a secret)")
      ->type_name("ALG");
  app->add_flag("--private", o->include_private,
                "Include the private members (d, ...; k of a secret); without it only the public "
                "key is printed");
  app->footer(
      "Prints the JWK on one line. The private form is printed unencrypted: keep it to files\n"
      "only you can read (umask 077). Exit: 0 printed; 1 key refused; 2 usage or I/O error.\n\n"
      "Examples:\n"
      "  tessera jwk from-key --key public.pem --alg ES256\n"
      "  tessera jwk from-key --key private.pem --private --passphrase-env KEY_PASSPHRASE\n"
      "  tessera jwk from-key --key ~/.ssh/id_ed25519.pub --kid laptop\n"
      "  tessera jwk from-key --key secret.bin --alg HS256 --private");
  return {app, [o] { return run_from_key(*o); }};
}

}  // namespace tessera::cli::jwk_common
