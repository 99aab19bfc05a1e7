#include "reload.hpp"

#include <algorithm>
#include <set>

#include "observability/log.hpp"

namespace tessera::server {
namespace {

bool is_live(std::string_view key) {
  return std::ranges::find(live_keys, key) != std::end(live_keys);
}

bool is_tls(std::string_view key) { return key.starts_with("tls."); }

// The value `config` gives `key`, as text; empty when it keeps the default.
std::string_view given_value(const service_config& config, const std::string& key) {
  const auto found = config.given.find(key);
  return found == config.given.end() ? std::string_view{} : std::string_view(found->second);
}

}  // namespace

reload_plan plan_reload(const service_config& running, service_config next) {
  reload_plan plan{.next = std::move(next)};
  std::set<std::string> keys;
  for (const auto& [key, text] : running.given) keys.insert(key);
  for (const auto& [key, text] : plan.next.given) keys.insert(key);
  // A listener is plain or TLS from its start: the TLS keys change live only for a TLS listener
  // that stays one.
  const bool tls_listener = !running.tls_cert_file.empty() && !plan.next.tls_cert_file.empty();
  for (const auto& key : keys) {
    if (given_value(running, key) == given_value(plan.next, key)) continue;
    const bool live = is_live(key) && (tls_listener || !is_tls(key));
    (live ? plan.applied : plan.kept).push_back(key);
  }
  if (*running.clients.snapshot() != *plan.next.clients.snapshot()) {
    plan.applied.emplace_back("clients");
  }
  return plan;
}

result<void> check_reload(const service_config& running, const reload_plan& plan) {
  return check_clients_for(running.alg, *plan.next.clients.snapshot());
}

void apply_reload(service_config& running, const reload_plan& plan) {
  const auto applied = [&plan](std::string_view key) {
    return std::ranges::find(plan.applied, key) != plan.applied.end();
  };
  if (applied("clients")) running.clients.replace(*plan.next.clients.snapshot());
  if (applied("cors.allowed_origins")) {
    running.cors_allowed_origins.replace(*plan.next.cors_allowed_origins.snapshot());
  }
  if (applied("log.access")) set_access_log(plan.next.access_log);
  // What the next reload compares with. Only reloads read `given`, one at a time.
  for (const auto& key : plan.applied) {
    if (const auto found = plan.next.given.find(key); found != plan.next.given.end()) {
      running.given.insert_or_assign(key, found->second);
    } else {
      running.given.erase(key);
    }
  }
}

}  // namespace tessera::server
