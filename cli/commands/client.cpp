// `tessera client add`: registers an OAuth client. It makes the secret (256 random bits, base64url,
// so it needs no encoding in any client), shows it once, and prints the [[clients]] entry with
// the secret's SHA-256 (enough for a secret of that strength; no Argon2id cost per request).
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <sys/stat.h>

#include <sodium.h>
#include <CLI/CLI.hpp>

#include "admin.hpp"
#include "commands/command.hpp"

namespace tessera::cli {
namespace {

struct client_options {
  std::string id;
  std::vector<std::string> grants;
  std::vector<std::string> scopes;
  bool is_public = false;
  std::string secret_file;
  std::vector<std::string> redirect_uris;
  std::vector<std::string> post_logout_redirect_uris;
  bool no_consent = false;
  std::string id_token_alg;
};

std::string toml_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i != 0) out += ", ";
    out += "\"" + items[i] + "\"";
  }
  return out + "]";
}

cli_result<void> add_client(client_options& o) {
  auto made = server::make_client({.id = o.id,
                                   .secret_hash = {},
                                   .grants = o.grants,
                                   .scopes = o.scopes,
                                   .is_public = o.is_public,
                                   .redirect_uris = o.redirect_uris,
                                   .post_logout_redirect_uris = o.post_logout_redirect_uris,
                                   .consent = !o.no_consent,
                                   .id_token_alg = o.id_token_alg});
  if (!made) return std::unexpected(usage_error(made.error().message()));
  auto& [client, secret] = *made;
  if (!client.is_public) {
    if (!o.secret_file.empty()) {
      const auto old_mask = ::umask(077);
      std::ofstream out(o.secret_file, std::ios::trunc);
      out << secret << "\n";
      ::umask(old_mask);
      if (!out) return std::unexpected(io_error("cannot write " + o.secret_file));
      std::cerr << "tessera: the client secret is in " << o.secret_file << "\n";
    } else {
      std::cerr << "tessera: client secret (shown once; give it to the client and keep no "
                   "other copy):\n"
                << secret << "\n";
    }
    sodium_memzero(secret.data(), secret.size());
  }
  // A blank line first: the output is made to be appended to a file whose last line may lack
  // its newline.
  std::cout << "\n[[clients]]\n"
            << "id = \"" << client.id << "\"\n";
  if (client.is_public) {
    std::cout << "public = true\n";
  } else {
    std::cout << "secret_hash = \"" << client.secret_hash << "\"\n";
  }
  std::cout << "grants = " << toml_list(client.grants) << "\n"
            << "scopes = " << toml_list(client.scopes) << "\n";
  if (!client.redirect_uris.empty()) {
    std::cout << "redirect_uris = " << toml_list(client.redirect_uris) << "\n";
  }
  if (!client.post_logout_redirect_uris.empty()) {
    std::cout << "post_logout_redirect_uris = " << toml_list(client.post_logout_redirect_uris)
              << "\n";
  }
  if (!client.consent) std::cout << "consent = false\n";
  if (!client.id_token_alg.empty()) {
    std::cout << "id_token_signed_response_alg = \"" << client.id_token_alg << "\"\n";
  }
  return {};
}

}  // namespace

command add_client_command(CLI::App& parent) {
  auto* app = parent.add_subcommand("client", "Register OAuth clients");
  app->require_subcommand(1);
  auto options = std::make_shared<client_options>();
  auto* add = app->add_subcommand(
      "add",
      "Make a client: print its [[clients]] entry for the configuration file on stdout, and its "
      "new secret (256 random bits, base64url) once on stderr or in --secret-file");
  add->add_option("ID", options->id, "The client_id")->required();
  add->add_option("--grant", options->grants,
                  "A grant it may use: authorization_code, refresh_token, client_credentials, "
                  "password (repeatable)");
  add->add_option("--redirect-uri", options->redirect_uris,
                  "authorization_code: where the app receives the answer (repeatable; https, or "
                  "http on 127.0.0.1, [::1] or localhost, or an app's own scheme)");
  add->add_option("--post-logout-redirect-uri", options->post_logout_redirect_uris,
                  "Where the app may send the browser after signing the user out (repeatable)");
  add->add_flag("--no-consent", options->no_consent,
                "A first-party app: users are not asked before it signs them in (confidential "
                "clients, or public ones with https redirect URIs only)");
  add->add_option("--id-token-alg", options->id_token_alg,
                  "Its ID tokens' algorithm: RS256 (the default) or the service's algorithm");
  add->add_option("--scope", options->scopes,
                  "A scope it holds: what client_credentials grants, or the introspection "
                  "scope (repeatable)");
  add->add_flag("--public", options->is_public,
                "An app that cannot keep a secret (SPA, native app): no secret; it names itself "
                "with client_id");
  add->add_option("--secret-file", options->secret_file,
                  "Write the secret to this file (mode 0600) instead of stderr");
  add->footer(
      "Examples:\n"
      "  tessera client add reporting --grant client_credentials --scope reports:read \\\n"
      "      >> /etc/tessera/tessera.toml\n"
      "  tessera client add my-spa --public --grant authorization_code --grant refresh_token \\\n"
      "      --redirect-uri https://app.example/callback\n"
      "The service reads [[clients]] at start and at each reload (SIGHUP: systemctl reload\n"
      "tessera).");
  return {app, [options]() -> cli_result<void> { return add_client(*options); }};
}

}  // namespace tessera::cli
