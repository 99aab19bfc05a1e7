// `tessera keygen`: make a new key for one algorithm, as PEM (raw bytes for a secret) or a JWK.
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <openssl/crypto.h>
#include <unistd.h>
#include <CLI/CLI.hpp>

#include <tessera/base64url.hpp>
#include <tessera/error.hpp>
#include <tessera/jwk.hpp>
#include <tessera/key.hpp>

#include "commands/command.hpp"
#include "json_output.hpp"
#include "name_lists.hpp"
#include "output_file.hpp"

namespace tessera::cli {
namespace {

struct keygen_options {
  std::string alg{};
  std::optional<std::string> kid{};
  std::optional<std::string> out{};
  std::optional<std::string> public_out{};
  std::string format = "pem";
  bool force = false;
  std::optional<int> rsa_bits{};
};

bool is_rsa(algorithm alg) noexcept {
  return alg == algorithm::rs256 || alg == algorithm::rs384 || alg == algorithm::rs512 ||
         alg == algorithm::ps256 || alg == algorithm::ps384 || alg == algorithm::ps512;
}

// The key's text: a private key and, for asymmetric keys, its public half. Cleansed when it
// goes, as the library does with its own copies.
struct key_texts {
  key_texts() = default;
  key_texts(const key_texts&) = delete;
  key_texts& operator=(const key_texts&) = delete;
  ~key_texts() { OPENSSL_cleanse(private_text.data(), private_text.size()); }

  std::string private_text{};
  std::string public_text{};
};

// Flags that contradict each other or the algorithm, found before any key is made.
cli_result<void> check_arguments(algorithm alg, const keygen_options& o) {
  if (o.rsa_bits && !is_rsa(alg)) {
    return std::unexpected(usage_error("--rsa-bits applies to RS* and PS* keys only"));
  }
  if (o.kid && o.format != "jwk") {
    return std::unexpected(usage_error("--kid needs --format jwk: a PEM file has no key id"));
  }
  if (o.public_out && is_hmac(alg)) {
    return std::unexpected(
        usage_error("--public-out: an HMAC secret has no public key; keep it secret"));
  }
  if (o.out && o.public_out && *o.out == *o.public_out) {
    return std::unexpected(usage_error("--out and --public-out name the same file"));
  }
  // Raw key bytes would garble the terminal, and scroll a secret into its history.
  if (!o.out && is_hmac(alg) && o.format == "pem" && ::isatty(STDOUT_FILENO) == 1) {
    return std::unexpected(usage_error(
        "refusing to write a raw secret to a terminal; use --out FILE, or --format jwk"));
  }
  std::vector<std::string> paths;
  if (o.out) paths.push_back(*o.out);
  if (o.public_out) paths.push_back(*o.public_out);
  return check_new_paths(paths, o.force);
}

cli_result<std::string> jwk_text(const signing_key& key, const jwk_export_options& options) {
  const auto members = to_jwk(key, options);
  if (!members) return std::unexpected(library_error(members.error()));
  auto text = compact_json(*members);
  if (!text) return std::unexpected(library_error(text.error()));
  return *text + '\n';
}

cli_result<void> render_jwk(const signing_key& key, const keygen_options& o, key_texts& out) {
  std::string kid;
  if (o.kid) {
    kid = *o.kid;
  } else {
    auto thumbprint = jwk_thumbprint(key.verifier_key());
    if (!thumbprint) return std::unexpected(library_error(thumbprint.error()));
    kid = std::move(*thumbprint);
  }
  auto private_text = jwk_text(key, {.include_private = true, .kid = kid});
  if (!private_text) return std::unexpected(private_text.error());
  out.private_text = std::move(*private_text);
  if (!is_hmac(key.alg())) {
    auto public_text = jwk_text(key, {.include_private = false, .kid = kid});
    if (!public_text) return std::unexpected(public_text.error());
    out.public_text = std::move(*public_text);
  }
  return {};
}

cli_result<void> render_pem(const signing_key& key, key_texts& out) {
  if (is_hmac(key.alg())) {
    // A secret has no PEM form: its raw bytes, which --secret-file reads back exactly.
    const auto members = to_jwk(key, {.include_private = true});
    if (!members) return std::unexpected(library_error(members.error()));
    auto secret = base64url_decode_to_string(members->at("k").as_string());
    if (!secret) return std::unexpected(library_error(secret.error()));
    out.private_text = std::move(*secret);
    return {};
  }
  auto private_pem = key.to_pem();
  if (!private_pem) return std::unexpected(library_error(private_pem.error()));
  out.private_text = std::move(*private_pem);
  auto public_pem = key.verifier_key().to_pem();
  if (!public_pem) return std::unexpected(library_error(public_pem.error()));
  out.public_text = std::move(*public_pem);
  return {};
}

cli_result<void> run_keygen(const keygen_options& o) {
  const auto alg = parse_algorithm_argument(o.alg);
  if (!alg) return std::unexpected(alg.error());
  if (auto ok = check_arguments(*alg, o); !ok) return ok;

  // rsa_key_too_small under 2048 bits, unsupported_key_type over 8192 (exit 1).
  const auto key = signing_key::generate(*alg, {.rsa_bits = o.rsa_bits.value_or(2048)});
  if (!key) return std::unexpected(library_error(key.error()));

  key_texts texts;
  auto rendered = o.format == "jwk" ? render_jwk(*key, o, texts) : render_pem(*key, texts);
  if (!rendered) return rendered;

  // Files first: if one cannot be written, nothing reaches stdout.
  std::vector<output_file> files;
  if (o.out) files.push_back({.path = *o.out, .contents = texts.private_text, .is_secret = true});
  if (o.public_out) {
    files.push_back({.path = *o.public_out, .contents = texts.public_text, .is_secret = false});
  }
  auto written = write_files(files, o.force);
  for (auto& f : files) OPENSSL_cleanse(f.contents.data(), f.contents.size());
  if (!written) return written;
  if (!o.out) std::cout.write(texts.private_text.data(), std::ssize(texts.private_text));
  return {};
}

}  // namespace

command add_keygen_command(CLI::App& parent) {
  auto o = std::make_shared<keygen_options>();
  auto* app = parent.add_subcommand(
      "keygen", "Make a new signing key: PEM, a JWK, or for HS* a random secret");
  app->add_option("--alg", o->alg,
                  "The algorithm the key is for: HS256, HS384, HS512, RS256, RS384, RS512, "
                  "PS256, PS384, PS512, ES256, ES384, ES512, ES256K, EdDSA (Ed25519)")
      ->type_name("ALG")
      ->required();
  app->add_option("--out", o->out,
                  "Write the private key to FILE, created with mode 0600 (default: stdout)")
      ->type_name("FILE");
  app->add_option("--public-out", o->public_out,
                  "Also write the public key to FILE (SPKI PEM or a public JWK; mode 0644 less "
                  "the umask); not for HS*")
      ->type_name("FILE");
  app->add_option("--format", o->format,
                  "pem: PKCS#8 private key and SPKI public key (for HS*: the raw secret bytes); "
                  "jwk: JSON Web Keys on one line")
      ->type_name("FORMAT")
      ->capture_default_str()
      ->check(CLI::IsMember({"pem", "jwk"}));
  app->add_option("--kid", o->kid,
                  "Key id of a JWK (--format jwk); default: its RFC 7638 thumbprint")
      ->type_name("KID");
  app->add_flag("--force", o->force,
                "Replace existing files (atomically: written beside them, then renamed)");
  app->add_option("--rsa-bits", o->rsa_bits, "RSA modulus size for RS*/PS*: 2048 (default) to 8192")
      ->type_name("N");
  app->footer(
      "Without --out, the private key goes to stdout; a raw HS* secret is never written to a\n"
      "terminal (use --out or --format jwk). Existing files are kept unless --force.\n"
      "Exit: 0 made; 1 key refused (--rsa-bits out of range); 2 usage or I/O error "
      "(file_exists).\n\n"
      "Examples:\n"
      "  tessera keygen --alg ES256 --out private.pem --public-out public.pem\n"
      "  tessera keygen --alg RS256 --rsa-bits 3072 --format jwk --kid 2026-06 \\\n"
      "      --out private.jwk --public-out public.jwk\n"
      "  tessera keygen --alg EdDSA --format jwk > private.jwk\n"
      "  tessera keygen --alg HS256 --out secret.bin && tessera encode --alg HS256 "
      "--secret-file secret.bin\n"
      "  tessera keygen --alg ES256 --out private.pem --force   # rotate: replace the old key");
  return {app, [o] { return run_keygen(*o); }};
}

}  // namespace tessera::cli
