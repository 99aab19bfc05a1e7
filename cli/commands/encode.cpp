// `tessera encode`: sign claims into a compact token with an HMAC secret or a private key.
#include <cstdint>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <boost/json/object.hpp>

#include <tessera/error.hpp>
#include <tessera/jwt.hpp>

#include "claim_checks.hpp"
#include "commands/command.hpp"
#include "commands/shared_options.hpp"
#include "duration.hpp"
#include "input.hpp"
#include "key_file.hpp"
#include "key_source.hpp"
#include "name_lists.hpp"
#include "random_id.hpp"

namespace tessera::cli {
namespace {

/// Claims read from stdin beyond this are refused: a payload that large is a mistake.
constexpr std::size_t max_claims_input = 1024 * 1024;

struct encode_options {
  std::string alg{};
  key_source key{};
  bool allow_weak_key = false;
  std::optional<std::string> kid{};
  std::optional<std::string> header{};
  std::optional<std::string> iss{};
  std::optional<std::string> sub{};
  std::vector<std::string> aud{};
  std::optional<std::string> exp{};
  std::optional<std::string> nbf{};
  bool iat = false;
  bool jti = false;
  std::optional<std::int64_t> now{};
  std::optional<std::string> claims_json{};  // absent: {}; "-": stdin
};

cli_result<claims> load_claims(const std::optional<std::string>& argument) {
  if (!argument) return claims{};
  std::string text;
  if (*argument == "-") {
    auto in = read_stdin(max_claims_input, "CLAIMS_JSON on stdin");
    if (!in) return std::unexpected(in.error());
    text = std::move(*in);
  } else {
    text = *argument;
  }
  auto parsed = claims::from_json(text);
  if (!parsed) {
    return std::unexpected(library_error(parsed.error(), exit_rejected, "in CLAIMS_JSON"));
  }
  return std::move(*parsed);
}

// --header: extra members, checked as a verifier will check them, so that no token is made that
// every verifier would refuse.
cli_result<json::object> load_extra_header(const std::string& text) {
  auto parsed = parse_strict(text);
  if (!parsed) return std::unexpected(library_error(parsed.error(), exit_rejected, "in --header"));
  if (!parsed->is_object()) {
    return std::unexpected(library_error(make_error_code(errc::invalid_header), exit_rejected,
                                         "--header must be a JSON object"));
  }
  for (const char* name : {"kid", "typ", "cty"}) {
    const auto* v = parsed->get_object().if_contains(name);
    if (v != nullptr && !v->is_string()) {
      return std::unexpected(
          library_error(make_error_code(errc::invalid_header), exit_rejected,
                        std::string("--header: \"") + name + "\" must be a string"));
    }
  }
  return std::move(parsed->get_object());
}

// The times the flags name, resolved before anything is read so that a bad DURATION is reported
// as the usage error it is.
struct claim_times {
  std::int64_t now = 0;
  std::optional<std::int64_t> exp{};
  std::optional<std::int64_t> nbf{};
};

cli_result<claim_times> resolve_times(const encode_options& o) {
  claim_times times{.now = now_seconds(o.now)};
  if (o.exp) {
    auto t = resolve_time(*o.exp, times.now, "--exp");
    if (!t) return std::unexpected(t.error());
    times.exp = *t;
  }
  if (o.nbf) {
    auto t = resolve_time(*o.nbf, times.now, "--nbf");
    if (!t) return std::unexpected(t.error());
    times.nbf = *t;
  }
  return times;
}

// Flags win over members of CLAIMS_JSON with the same name; claims::set keeps the member where
// it was, so the order of CLAIMS_JSON is kept.
cli_result<void> apply_claim_flags(claims& payload, const encode_options& o,
                                   const claim_times& times) {
  if (o.iss) payload.issuer(*o.iss);
  if (o.sub) payload.subject(*o.sub);
  // One --aud gives a string and several a list, as PyJWT users expect.
  if (o.aud.size() == 1) payload.audience(o.aud.front());
  if (o.aud.size() > 1) payload.audience(std::span<const std::string>(o.aud));
  // Dates are set as integers: claims::expires_at takes a system_clock time_point, whose
  // nanoseconds end in 2262, and an @UNIX time may lie beyond.
  if (times.exp) payload.set("exp", *times.exp);
  if (times.nbf) payload.set("nbf", *times.nbf);
  if (o.iat) payload.set("iat", times.now);
  if (o.jti) {
    auto id = random_jwt_id();
    if (!id) return std::unexpected(id.error());
    payload.jwt_id(*id);
  }
  return {};
}

cli_result<loaded_signing_key> make_signing_key(algorithm alg, key_kind kind,
                                                const encode_options& o) {
  if (kind == key_kind::secret) {
    const auto secret = read_secret(o.key.secret);
    if (!secret) return std::unexpected(secret.error());
    auto key = signing_key::hmac(alg, *secret, {.allow_weak_key = o.allow_weak_key});
    if (!key) return std::unexpected(library_error(key.error()));
    return loaded_signing_key{.key = std::move(*key)};
  }
  const auto passphrase = read_passphrase(o.key.passphrase);
  if (!passphrase) return std::unexpected(passphrase.error());
  const auto file = read_key_file(*o.key.key_file);
  if (!file) return std::unexpected(file.error());
  return load_signing_key(alg, *file,
                          {.allow_weak_key = o.allow_weak_key, .passphrase = *passphrase});
}

cli_result<void> run_encode(const encode_options& o) {
  // Usage errors first (exit 2), so a mistyped flag is reported before any key is read.
  const auto alg = parse_algorithm_argument(o.alg);
  if (!alg) return std::unexpected(alg.error());
  const auto times = resolve_times(o);
  if (!times) return std::unexpected(times.error());
  const auto kind = chosen_key(o.key, key_command::encode);
  if (!kind) return std::unexpected(kind.error());

  const auto key = make_signing_key(*alg, *kind, o);
  if (!key) return std::unexpected(key.error());

  auto payload = load_claims(o.claims_json);
  if (!payload) return std::unexpected(payload.error());
  if (auto ok = apply_claim_flags(*payload, o, *times); !ok) return ok;
  if (auto ok = check_registered_claims(payload->members()); !ok) {
    return std::unexpected(library_error(ok.error()));
  }

  header_options header;
  if (o.header) {
    auto extra = load_extra_header(*o.header);
    if (!extra) return std::unexpected(extra.error());
    header.extra = std::move(*extra);
  }
  // A JWK's own kid names the key unless --kid or --header does, so that a verifier holding the
  // JWK Set finds the key.
  if (key->kid && !header.extra.contains("kid")) header.kid = *key->kid;
  if (o.kid) header.kid = *o.kid;

  const auto token = encode(*payload, key->key, header);
  if (!token) return std::unexpected(library_error(token.error()));
  std::cout << *token << '\n';
  return {};
}

}  // namespace

command add_encode_command(CLI::App& parent) {
  auto o = std::make_shared<encode_options>();
  auto* app = parent.add_subcommand(
      "encode", "Sign claims into a compact JWT (an HMAC secret or a private key)");
  app->add_option("--alg", o->alg,
                  "Signature algorithm (case-sensitive): HS256, HS384, HS512 with a secret (or an "
                  "oct JWK); "
                  "RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, ES256K, EdDSA "
                  "with --key")
      ->type_name("ALG")
      ->required();
  add_key_options(*app, o->key, key_command::encode);
  add_allow_weak_key_option(*app, o->allow_weak_key);

  constexpr const char* claims_group = "Claims (override members of CLAIMS_JSON)";
  app->add_option("--iss", o->iss, "Issuer")->type_name("S")->group(claims_group);
  app->add_option("--sub", o->sub, "Subject")->type_name("S")->group(claims_group);
  app->add_option("--aud", o->aud, "Audience; repeat for a list (once gives a string)")
      ->type_name("A")
      ->allow_extra_args(false)
      ->group(claims_group);
  app->add_option("--exp", o->exp, "Expiry: 30s, 15m, 1h, 2d from now, or @UNIX")
      ->type_name("DURATION")
      ->group(claims_group);
  app->add_option("--nbf", o->nbf, "Not before: 30s, 15m, 1h, 2d from now, or @UNIX")
      ->type_name("DURATION")
      ->group(claims_group);
  app->add_flag("--iat", o->iat, "Set iat to now")->group(claims_group);
  app->add_flag("--jti", o->jti, "Set jti to 128 random bits, base64url")->group(claims_group);
  add_now_option(*app, o->now, "Use this time as now for --exp, --nbf and --iat (for tests)");

  constexpr const char* header_group = "Header";
  app->add_option("--kid", o->kid, "Key id (\"kid\"); default: the kid of a JWK given to --key")
      ->type_name("KID")
      ->group(header_group);
  app->add_option("--header", o->header,
                  "Extra header members as a JSON object; \"alg\" cannot be set "
                  "(header_alg_not_settable)")
      ->type_name("JSON")
      ->group(header_group);

  app->add_option("CLAIMS_JSON", o->claims_json,
                  "The claims as a JSON object (strict: no duplicate names); - reads stdin; "
                  "absent means {}");
  app->footer(
      "Prints the token and a newline. Exit: 0 made; 1 input refused (weak key, bad claims);\n"
      "2 usage or I/O error.\n\n"
      "Examples:\n"
      "  tessera encode --alg HS256 --secret-env JWT_SECRET --sub alice --exp 15m --iat\n"
      "  tessera encode --alg HS256 --secret secret --allow-weak-key \\\n"
      "      '{\"user_id\":123,\"username\":\"JohnDoe\",\"admin\":true}'\n"
      "  echo '{\"role\":\"admin\"}' | tessera encode --alg HS512 --secret-file key.bin \\\n"
      "      --aud api --aud admin --jti -\n"
      "  tessera encode --alg ES256 --key private.pem --kid 2026-06 --sub alice --exp 15m\n"
      "  tessera encode --alg RS256 --key encrypted.pem --passphrase-env KEY_PASSPHRASE --exp 1h\n"
      "  tessera encode --alg EdDSA --key private.jwk --sub alice");
  return {app, [o] { return run_encode(*o); }};
}

}  // namespace tessera::cli
