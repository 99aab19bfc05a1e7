#include "service.hpp"

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include <tessera/error.hpp>

#include "auth/bearer_guard.hpp"
#include "auth/client_auth.hpp"
#include "auth/login.hpp"
#include "auth/login_throttle.hpp"
#include "auth/revocation_list.hpp"
#include "auth/sessions.hpp"
#include "auth/token_issuer.hpp"
#include "auth/verified_cache.hpp"
#include "config/origin.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "keys/key_ring.hpp"
#include "observability/log.hpp"
#include "observability/metrics.hpp"
#include "oidc/oidc_context.hpp"
#include "oidc/oidc_routes.hpp"
#include "password/argon2id.hpp"
#include "password/hashing_pool.hpp"
#include "process/allocator_policy.hpp"
#include "reload.hpp"
#include "routes.hpp"
#include "state.hpp"
#include "store/store.hpp"
#include "store_sync.hpp"
#include "web/web_context.hpp"
#include "web/web_routes.hpp"
#include "words.hpp"

namespace tessera::server {
namespace {

// The demo account of the secure-sessions guide (test / password), made only by --dev on an
// empty store.
constexpr const char* dev_username = "test";
constexpr const char* dev_password = "password";

// --dev binds loopback only, whatever the configuration says.
std::string loopback_only(const std::string& listen) {
  const auto colon = listen.rfind(':');
  const std::string host = listen.substr(0, colon);
  if (host == "127.0.0.1" || host == "localhost" || host == "[::1]") return listen;
  return "127.0.0.1" + (colon == std::string::npos ? std::string(":8000") : listen.substr(colon));
}

// Without --dev: refuses to start while a demo user exists. With --dev: makes the demo user
// on an empty store.
result<void> prepare_users(const service_config& config, store& users,
                           const password_hasher& hasher) {
  auto has_dev = users.has_dev_users();
  if (!has_dev) return std::unexpected(has_dev.error());
  if (!config.dev) {
    if (*has_dev) {
      return fail(errc::invalid_configuration,
                  "a --dev demo user exists; it must not reach production. Remove it with: "
                  "tessera user remove test --data-dir " +
                      config.data_dir);
    }
    return {};
  }
  auto count = users.count_users();
  if (!count) return std::unexpected(count.error());
  if (*count != 0) return {};
  auto hash = hasher.hash(dev_password);
  if (!hash) return std::unexpected(hash.error());
  user_record demo{.username = dev_username,
                   .password_hash = std::move(*hash),
                   .scopes = {},
                   .disabled = false,
                   .dev_only = true,
                   .created_at = 0};
  if (auto added = users.add_user(demo); !added) {
    // Another instance starting at the same time made it first: that is fine.
    if (added.error().code == errc::already_exists) return {};
    return added;
  }
  log_event(log_level::warning, "dev_user_created",
            {{"user", dev_username},
             {"detail",
              "DEVELOPMENT ONLY: created the demo user 'test' with password "
              "'password'. A start without --dev refuses to run while it exists."}});
  return {};
}

// Logs why the service cannot start.
std::unique_ptr<service> cannot_start(std::string_view event, const failure& why) {
  log_event(log_level::error, event, {{"error", why.name()}, {"detail", why.message()}});
  return nullptr;
}

}  // namespace

// Every part of the running service, declared in the order they depend on each other so that
// they are destroyed in reverse.
struct service::parts {
  explicit parts(service_config c) : config(std::move(c)) {}

  service_config config;
  std::unique_ptr<store> db;
  std::optional<password_hasher> hasher;
  std::unique_ptr<key_ring> keys;
  revocation_list revoked;
  std::optional<store_sync> sync;
  std::string issuer;
  std::optional<verified_cache> cache;
  std::optional<bearer_guard> guard;
  std::optional<token_issuer> tokens;
  std::optional<session_service> sessions;
  std::optional<login_throttle> throttle;
  std::optional<client_authenticator> clients;
  metrics counters;
  std::optional<login_context> login;
  std::optional<route_context> context;
  std::optional<web_context> web;
  std::optional<oidc_context> oidc;
  router routes;
};

service::service(std::unique_ptr<parts> p) noexcept : parts_(std::move(p)) {}
service::~service() = default;

const service_config& service::config() const noexcept { return parts_->config; }
const router& service::routes() const noexcept { return parts_->routes; }

std::unique_ptr<service> service::assemble(service_config config) {
  if (config.dev) config.listen = loopback_only(config.listen);
  set_access_log(config.access_log);
  auto p = std::make_unique<parts>(std::move(config));
  const service_config& c = p->config;
  const auto web_enabled = web_face_enabled(c);
  if (!web_enabled) return cannot_start("web_face_unusable", web_enabled.error());
  auto users = open_state(c);
  if (!users) return cannot_start("cannot_open_store", users.error());
  p->db = std::move(*users);
  store& db = *p->db;
  auto made_hasher = make_hasher(c);
  if (!made_hasher) return cannot_start("libsodium_unavailable", made_hasher.error());
  const password_hasher& hasher = p->hasher.emplace(std::move(*made_hasher));
  if (auto prepared = prepare_users(c, db, hasher); !prepared) {
    const bool dev_user_left = prepared.error().code == errc::invalid_configuration;
    return cannot_start(dev_user_left ? "dev_user_present" : "store_error", prepared.error());
  }

  auto opened = key_ring::open(c, db, unix_now());
  if (!opened) return cannot_start("signing_key_unusable", opened.error());
  p->keys = std::move(*opened);
  key_ring& keys = *p->keys;
  if (!c.rate_limit.enabled) {
    log_event(log_level::warning, "rate_limit_disabled",
              {{"detail", "login attempts are not limited; use this only for benchmarks"}});
  }

  p->sync.emplace(c, db, keys, p->revoked).sync_once();

  p->issuer = c.effective_public_url();
  auto& cache = p->cache.emplace(c.bearer_cache_size, c.bearer_cache_max_age);
  const auto& guard =
      p->guard.emplace(keys, p->revoked, cache,
                       c.bearer_error_status == 403 ? bearer_error_style::fastapi_403
                                                    : bearer_error_style::rfc6750_401);
  const auto& tokens = p->tokens.emplace(keys, p->issuer, c.audience, c.access_token_ttl);
  auto& sessions = p->sessions.emplace(c, db, keys, p->revoked, tokens);
  auto& throttle = p->throttle.emplace(c.rate_limit);
  auto& clients = p->clients.emplace(c, hasher);
  auto& login = p->login.emplace(
      login_context{c, db, hasher, sessions, throttle, clients, tokens, p->counters});
  // An OpenID Provider signs in on the browser face, with keys anyone can verify.
  const bool openid = *web_enabled && offers_openid(c);
  if (*web_enabled && !openid) {
    log_event(log_level::warning, "openid_off",
              {{"detail", "OpenID Connect (/authorize) needs signatures anyone can verify; " +
                              std::string(to_string(c.alg)) +
                              " is a shared secret, so the service offers no sign-in to apps"}});
  }
  auto& context = p->context.emplace(
      route_context{c, guard, login, db, sessions, keys, hasher, p->counters, openid});
  add_routes(p->routes, context);
  if (*web_enabled) {
    auto& web = p->web.emplace(web_context{.config = c,
                                           .login = login,
                                           .sessions = sessions,
                                           .users = db,
                                           .hasher = hasher,
                                           .origin = parse_origin(p->issuer)->serialized(),
                                           .issuer = p->issuer});
    add_web_page_routes(p->routes, web);
    add_web_api_routes(p->routes, web);
    if (openid) {
      auto& provider = p->oidc.emplace(oidc_context{.config = c,
                                                    .web = web,
                                                    .sessions = sessions,
                                                    .users = db,
                                                    .tokens = tokens,
                                                    .guard = guard});
      add_authorize_routes(p->routes, provider);
      add_userinfo_routes(p->routes, provider);
      add_end_session_routes(p->routes, provider);
    }
  } else if (c.web_enabled != false) {
    log_event(log_level::warning, "web_face_off",
              {{"detail",
                "the browser face (/web) needs an https or loopback public_url: "
                "browsers keep Secure cookies and offer WebCrypto only there"}});
  }
  p->counters.set_routes(p->routes.routes());
  return std::unique_ptr<service>(new service(std::move(p)));
}

int service::serve(std::function<void(const std::string&)> on_listening) {
  const service_config& c = parts_->config;
  hashing_pool pool(c.password_hash.workers, c.password_hash.queue_limit, c.password_hash.nice);
  log_event(log_level::info, "starting",
            {{"issuer", parts_->issuer},
             {"algorithm", to_string(c.alg)},
             {"kid", parts_->keys->read().signing_kid},
             {"database", c.database_url.empty() ? "sqlite" : "configured"},
             {"hashing_threads", pool.threads()},
             {"dev", c.dev}});
  // Both hooks run on the HTTP layer's first thread, one reload at a time.
  std::optional<reload_plan> pending;
  reload_hooks reload{
      .prepare = [this, &pending]() -> result<tls_files> {
        const service_config& running = parts_->config;
        if (!running.reread) {
          return fail(errc::invalid_configuration,
                      "this service was not started from a configuration it can read again");
        }
        auto next = running.reread();
        if (!next) return std::unexpected(next.error());
        auto plan = plan_reload(running, std::move(*next));
        if (auto fits = check_reload(running, plan); !fits) return std::unexpected(fits.error());
        pending.emplace(std::move(plan));
        return tls_files{.cert_file = pending->next.tls_cert_file,
                         .key_file = pending->next.tls_key_file,
                         .hsts_max_age = pending->next.hsts_max_age};
      },
      .commit = [this, &pending] { commit_reload(*pending); }};
  return run_http_server(
      {c, parts_->routes, pool, parts_->counters, std::move(on_listening), std::move(reload)});
}

void service::commit_reload(const reload_plan& plan) {
  apply_reload(parts_->config, plan);
  for (const auto& key : plan.kept) {
    log_event(log_level::warning, "restart_required",
              {{"key", key},
               {"detail",
                "changed in the configuration; the service keeps the value it started "
                "with until it is restarted"}});
  }
  log_event(log_level::info, "reloaded",
            {{"applied", join_words(plan.applied)}, {"restart_required", join_words(plan.kept)}});
}

int run_service(service_config config, std::function<void(const std::string&)> on_listening) {
  // Before assemble(): the store sync's thread starts there.
  (void)use_service_allocator_policy();
  auto assembled = service::assemble(std::move(config));
  if (!assembled) return 1;
  return assembled->serve(std::move(on_listening));
}

}  // namespace tessera::server
