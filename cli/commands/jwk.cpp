// `tessera jwk`: JSON Web Keys from and to other formats, public halves, RFC 7638 thumbprints.
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
#include "commands/shared_options.hpp"
#include "json_output.hpp"
#include "key_file.hpp"
#include "key_source.hpp"
#include "name_lists.hpp"

namespace tessera::cli {
namespace {

// The options every `jwk` subcommand takes: the key and how to read it.
struct key_input {
  std::string path{};
  passphrase_source passphrase{};
  bool allow_weak_key = false;
};

struct from_key_options {
  key_input input{};
  std::optional<std::string> kid{};
  std::optional<std::string> alg{};
  bool include_private = false;
};

std::span<const std::byte> bytes_of(std::string_view text) noexcept {
  return std::as_bytes(std::span(text.data(), text.size()));
}

void add_key_input(CLI::App& app, key_input& input, const char* what) {
  app.add_option("--key", input.path, what)->type_name("FILE")->required();
  add_passphrase_options(app, input.passphrase);
  app.add_flag("--allow-weak-key", input.allow_weak_key,
               "Accept an RSA key under 2048 bits, or an HMAC secret shorter than the hash");
}

// The key file and the options to read it with.
struct opened_key {
  key_file file;
  std::string passphrase;
  bool allow_weak_key = false;

  [[nodiscard]] key_options options() const {
    return {.allow_weak_key = allow_weak_key, .passphrase = passphrase};
  }
};

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

template <class T>
cli_result<T> checked(result<T> r) {
  if (!r) return std::unexpected(library_error(r.error()));
  return std::move(*r);
}

// The first algorithm a key serves: a private key is loaded for one, and the JWK written
// without "alg" unless one was asked for, so the choice does not show.
cli_result<algorithm> some_algorithm(algorithm_set algorithms) {
  std::optional<algorithm> first;
  algorithms.for_each([&](algorithm a) {
    if (!first) first = a;
  });
  if (!first) return std::unexpected(library_error(make_error_code(errc::key_not_usable)));
  return *first;
}

// A key in a format other than JWK, as a signing key (its private half) or a verifying key.
struct loaded_key {
  std::optional<signing_key> signing{};
  verifying_key verifying;
};

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

// ---- jwk from-key ----

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

// ---- jwk to-pem ----

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

// ---- jwk thumbprint ----

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

// ---- jwk public ----

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

}  // namespace

command add_jwk_command(CLI::App& parent) {
  auto* app = parent.add_subcommand(
      "jwk", "JSON Web Keys: from-key, to-pem, thumbprint, public (run `tessera jwk SUB --help`)");
  app->require_subcommand(1);
  const std::vector<command> subcommands = {add_from_key(*app), add_to_pem(*app),
                                            add_thumbprint(*app), add_public(*app)};
  app->footer(
      "Examples:\n"
      "  tessera jwk from-key --key public.pem\n"
      "  tessera jwk to-pem --key public.jwk\n"
      "  tessera jwk thumbprint --key public.jwk\n"
      "  tessera jwk public --key private.jwk");
  return {app, [subcommands]() -> cli_result<void> {
            for (const auto& c : subcommands) {
              if (c.app->parsed()) return c.run();
            }
            return std::unexpected(usage_error("a jwk subcommand is required"));
          }};
}

}  // namespace tessera::cli
