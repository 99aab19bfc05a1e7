// `tessera keys rotate|prune|revoke|list`: the token service's signing keys.
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "admin.hpp"
#include "commands/command.hpp"
#include "commands/service_options.hpp"

namespace tessera::cli {
namespace {

struct keys_options {
  service_options service{};
  std::string kid{};
  bool now = false;
};

cli_result<void> rotate_now_or_later(const server::service_config& config,
                                     server::key_rotation when) {
  auto key = server::rotate_key(config, when);
  if (!key) return std::unexpected(service_error(key.error()));
  if (when == server::key_rotation::immediate) {
    std::cerr << "new signing key " << key->kid << " is active now\n";
  } else {
    std::cerr << "new key " << key->kid << " is published and signs from " << key->activate_at
              << " (in " << config.jwks_max_age.count() << " s)\n";
  }
  return {};
}

cli_result<void> print_keys(const server::service_config& config) {
  auto keys = server::list_keys(config);
  if (!keys) return std::unexpected(service_error(keys.error()));
  for (const auto& k : *keys) {
    std::cout << k.kid << "\t" << k.alg << "\t" << server::to_string(k.state)
              << "\tcreated=" << k.created_at << "\tactivates=" << k.activate_at;
    if (k.retired_at) std::cout << "\tretired=" << *k.retired_at;
    std::cout << "\n";
  }
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

  return {app, [options, chosen]() -> cli_result<void> {
            auto config = load_service_config(options->service);
            if (!config) return std::unexpected(config.error());
            if (*chosen == "rotate") {
              return rotate_now_or_later(*config, options->now ? server::key_rotation::immediate
                                                               : server::key_rotation::scheduled);
            }
            if (*chosen == "prune") {
              auto pruned = server::prune_keys(*config);
              if (!pruned) return std::unexpected(service_error(pruned.error()));
              std::cerr << "pruned " << *pruned << " key(s)\n";
              return {};
            }
            if (*chosen == "revoke") {
              auto ended = server::revoke_key(*config, options->kid);
              if (!ended) return std::unexpected(service_error(ended.error()));
              std::cerr << "revoked key " << options->kid << "; ended " << *ended
                        << " session(s) it signed for\n";
              return {};
            }
            return print_keys(*config);
          }};
}

}  // namespace tessera::cli
