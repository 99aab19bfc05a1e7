// `tessera verify`: check a token's signature and claims, and print its claims if it holds.
#include <chrono>
#include <cstdint>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include <tessera/error.hpp>
#include <tessera/jwt.hpp>

#include "commands/command.hpp"
#include "commands/shared_options.hpp"
#include "duration.hpp"
#include "input.hpp"
#include "json_output.hpp"
#include "key_file.hpp"
#include "key_source.hpp"
#include "name_lists.hpp"

namespace tessera::cli {
namespace {

struct verify_arguments {
  std::vector<std::string> alg{};
  key_source key{};
  bool allow_weak_key = false;
  std::vector<std::string> aud{};
  std::vector<std::string> iss{};
  std::optional<std::string> sub{};
  std::int64_t leeway = 0;
  std::vector<std::string> require{};
  std::optional<std::string> typ{};
  std::optional<std::int64_t> now{};
  std::int64_t max_token_size = default_max_token_size;
  std::string token{};
};

// A secret serves what --alg allows: bound to that one algorithm when there is one (so a
// non-HMAC name gives key_not_for_algorithm, as in encode), else every HS algorithm whose hash
// length the secret meets.
cli_result<verifying_key> make_secret_key(const std::vector<algorithm>& algs,
                                          const verify_arguments& a) {
  const auto secret = read_secret(a.key.secret);
  if (!secret) return std::unexpected(secret.error());
  const key_options options{.allow_weak_key = a.allow_weak_key};
  auto key = algs.size() == 1 ? verifying_key::hmac(algs.front(), *secret, options)
                              : verifying_key::hmac(*secret, options);
  if (!key) return std::unexpected(library_error(key.error()));
  return std::move(*key);
}

// --key: bound to the one algorithm of --alg when there is one, as a secret is.
cli_result<verifying_key> make_file_key(const std::vector<algorithm>& algs,
                                        const verify_arguments& a) {
  const auto passphrase = read_passphrase(a.key.passphrase);
  if (!passphrase) return std::unexpected(passphrase.error());
  const auto file = read_key_file(*a.key.key_file);
  if (!file) return std::unexpected(file.error());
  const std::optional<algorithm> alg =
      algs.size() == 1 ? std::optional(algs.front()) : std::nullopt;
  return load_verifying_key(*file, alg,
                            {.allow_weak_key = a.allow_weak_key, .passphrase = *passphrase});
}

// key_outside_allow_list: the key serves none of --alg (e.g. a secret and --alg RS256,ES256).
cli_result<verifier> checked(result<verifier> v) {
  if (!v) return std::unexpected(library_error(v.error()));
  return std::move(*v);
}

// The verifier over whichever KEY option was given.
cli_result<verifier> create_verifier(key_kind kind, const std::vector<algorithm>& algs,
                                     const verify_arguments& a, verify_options options) {
  if (kind == key_kind::jwks_file || kind == key_kind::jwks_url) {
    const key_options keys{.allow_weak_key = a.allow_weak_key};
    auto set = kind == key_kind::jwks_file ? load_key_set(*a.key.jwks_file, keys)
                                           : fetch_remote_key_set(*a.key.jwks_url, keys);
    if (!set) return std::unexpected(set.error());
    return checked(verifier::create(std::move(*set), std::move(options)));
  }
  auto key = kind == key_kind::secret ? make_secret_key(algs, a) : make_file_key(algs, a);
  if (!key) return std::unexpected(key.error());
  return checked(verifier::create(std::move(*key), std::move(options)));
}

cli_result<verifier> make_verifier(const verify_arguments& a) {
  // Usage errors first (exit 2), before any key or token is read.
  const auto algs = parse_algorithm_list(a.alg);
  if (!algs) return std::unexpected(algs.error());
  const auto required = parse_claim_list(a.require);
  if (!required) return std::unexpected(required.error());
  const std::chrono::seconds leeway{a.leeway};
  if (leeway < std::chrono::seconds{0} || leeway > std::chrono::days{365}) {
    return std::unexpected(
        library_error(make_error_code(errc::invalid_leeway), exit_usage, "--leeway"));
  }

  const auto kind = chosen_key(a.key, key_command::verify);
  if (!kind) return std::unexpected(kind.error());

  verify_options options;
  for (const auto alg : *algs) options.algorithms.insert(alg);
  options.issuer = a.iss;
  options.audience = a.aud;
  options.subject = a.sub;
  options.leeway = leeway;
  options.required = *required;
  options.type = a.typ;
  options.limits.max_token_size = static_cast<std::size_t>(a.max_token_size);
  // --now 0 is a time like any other: only its absence means the system clock.
  if (a.now) {
    options.time_source = std::make_shared<const fixed_clock>(
        std::chrono::system_clock::time_point(std::chrono::seconds(*a.now)));
  }
  return create_verifier(*kind, *algs, a, std::move(options));
}

cli_result<void> run_verify(const verify_arguments& a) {
  const auto v = make_verifier(a);
  if (!v) return std::unexpected(v.error());
  const auto token = read_token(a.token, v->options().limits.max_token_size);
  if (!token) return std::unexpected(token.error());
  const auto verified = v->verify(*token);
  if (!verified) return std::unexpected(library_error(verified.error()));
  const auto claims = compact_json(verified->claims().members());
  if (!claims) return std::unexpected(library_error(claims.error()));
  std::cout << *claims << '\n';
  return {};
}

}  // namespace

command add_verify_command(CLI::App& parent) {
  auto a = std::make_shared<verify_arguments>();
  auto* app = parent.add_subcommand(
      "verify", "Verify a token's signature and claims; print its claims as JSON if it holds");
  app->add_option("--alg", a->alg,
                  "Allowed algorithms, comma-separated or repeated: HS256, HS384, HS512, RS256, "
                  "RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, ES256K, EdDSA")
      ->type_name("ALG[,ALG...]")
      ->delimiter(',')
      ->allow_extra_args(false)
      ->required();
  add_key_options(*app, a->key, key_command::verify);
  add_allow_weak_key_option(*app, a->allow_weak_key);

  constexpr const char* checks = "Checks";
  app->add_option("--aud", a->aud,
                  "Accepted audience; repeat for several (any one matches). Without it, a token "
                  "that has an aud is rejected")
      ->type_name("A")
      ->allow_extra_args(false)
      ->group(checks);
  app->add_option("--iss", a->iss, "Accepted issuer; repeat for several")
      ->type_name("I")
      ->allow_extra_args(false)
      ->group(checks);
  app->add_option("--sub", a->sub, "Required subject")->type_name("S")->group(checks);
  app->add_option("--leeway", a->leeway, "Tolerance in seconds for exp, nbf and iat")
      ->type_name("SECONDS")
      ->capture_default_str()
      ->group(checks);
  app->add_option("--require", a->require,
                  "Claims that must be present: iss, sub, aud, exp, nbf, iat, jti")
      ->type_name("CLAIM[,CLAIM...]")
      ->delimiter(',')
      ->allow_extra_args(false)
      ->group(checks);
  app->add_option("--typ", a->typ, "Required header typ (case-insensitive, e.g. JWT, at+jwt)")
      ->type_name("T")
      ->group(checks);
  add_now_option(*app, a->now, "Verify as if now were this time (0 included); default: the clock");
  add_max_token_size_option(*app, a->max_token_size);
  add_token_argument(*app, a->token);
  app->footer(
      "Prints the claims as one line of JSON. Exit: 0 valid; 1 rejected (error: CODE: ...);\n"
      "2 usage or I/O error.\n\n"
      "Examples:\n"
      "  tessera verify --alg HS256 --secret-env JWT_SECRET --iss https://auth.example.com \\\n"
      "      --aud api --require exp,sub \"$TOKEN\"\n"
      "  echo \"$TOKEN\" | tessera verify --alg HS256,HS512 --secret-file key.bin --leeway 30 -\n"
      "  tessera verify --alg HS256 --secret-env JWT_SECRET --now 1700000000 \"$TOKEN\"\n"
      "  tessera verify --alg ES256 --key public.pem --aud api \"$TOKEN\"\n"
      "  tessera verify --alg RS256,PS256 --key ~/.ssh/id_rsa.pub \"$TOKEN\"\n"
      "  tessera verify --alg RS256 --jwks jwks.json \"$TOKEN\"\n"
      "  tessera verify --alg RS256,ES256 --jwks-url https://issuer.example/.well-known/jwks.json "
      "\\\n"
      "      --iss https://issuer.example --aud api \"$TOKEN\"");
  return {app, [a] { return run_verify(*a); }};
}

}  // namespace tessera::cli
