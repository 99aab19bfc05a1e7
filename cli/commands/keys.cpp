// `tessera keys rotate|prune|revoke|list`: the token service's signing keys.
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "commands/command.hpp"
#include "commands/service_options.hpp"
#include "keys/key_ring.hpp"
#include "store/store.hpp"

namespace tessera::cli {
namespace {

struct keys_options {
  service_options service{};
  std::string kid{};
  bool now = false;
};

cli_result<void> report(const server::key_admin_result& r) {
  if (!r.ok) {
    return std::unexpected(
        cli_error{.code = "key_error", .message = r.message, .exit_status = exit_rejected});
  }
  if (!r.message.empty()) std::cerr << r.message << "\n";
  return {};
}

}  // namespace

command add_keys_command(CLI::App& parent) {
  auto* app = parent.add_subcommand("keys", "Manage the token service's signing keys");
  app->require_subcommand(1);
  auto options = std::make_shared<keys_options>();
  auto chosen = std::make_shared<std::string>();
  const auto sub = [&](const char* name, const char* description) {
    auto* s = app->add_subcommand(name, description);
    add_service_options(*s, options->service);
    s->callback([chosen, name] { *chosen = name; });
    return s;
  };
  auto* rotate = sub("rotate",
                     "Publish a new key; it signs once jwks_max_age has passed (every client has "
                     "fetched it), or at once with --now");
  rotate->add_flag("--now", options->now, "Make the new key the signing key immediately");
  sub("prune", "Delete retired keys whose tokens have all expired, and revoked keys");
  auto* revoke = sub("revoke", "Withdraw a compromised key at once and end the sessions it signed");
  revoke
      ->add_option("KID", options->kid,
                   "The key's kid (see `tessera keys list`); write `-- KID` for a kid that "
                   "begins with '-'")
      ->required();
  sub("list", "Show each key: kid, algorithm, state (next, active, retired, revoked), times");
  app->footer(
      "A running service picks up changes within sync_interval (default 2 s).\n"
      "Example: tessera keys rotate --data-dir /var/lib/tessera");

  return {
      app, [options, chosen]() -> cli_result<void> {
        auto config = load_service_config(options->service);
        if (!config) return std::unexpected(config.error());
        auto db = server::open_store(config->effective_database_url());
        if (!db) {
          return std::unexpected(cli_error{
              .code = "store_unavailable", .message = db.error().message, .exit_status = exit_io});
        }
        if (*chosen == "rotate") return report(server::rotate_key(*config, **db, options->now));
        if (*chosen == "prune") return report(server::prune_keys(*config, **db));
        if (*chosen == "revoke") {
          return report(server::revoke_key(*config, **db, options->kid));
        }
        std::vector<std::string> lines;
        auto r = server::list_keys(**db, lines);
        for (const auto& line : lines) std::cout << line << "\n";
        return report(r);
      }};
}

}  // namespace tessera::cli
