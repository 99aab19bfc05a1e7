#include "service.hpp"

#include <sys/stat.h>
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>
#include <optional>
#include <system_error>
#include <utility>

#include <sodium.h>

#include <tessera/error.hpp>

#include "auth/bearer_guard.hpp"
#include "auth/client_auth.hpp"
#include "auth/login.hpp"
#include "auth/login_throttle.hpp"
#include "auth/revocation_list.hpp"
#include "auth/sessions.hpp"
#include "auth/token_issuer.hpp"
#include "auth/verified_cache.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "keys/key_ring.hpp"
#include "observability/log.hpp"
#include "observability/metrics.hpp"
#include "password/argon2id.hpp"
#include "password/hashing_pool.hpp"
#include "process/allocator_policy.hpp"
#include "routes.hpp"
#include "store/store.hpp"
#include "store_sync.hpp"

namespace tessera::server {
namespace {

// The demo account of the secure-sessions guide (test / password), made only by --dev on an
// empty store.
constexpr const char* dev_username = "test";
constexpr const char* dev_password = "password";

bool make_private_directory(const std::string& path, std::string& why) {
  if (::mkdir(path.c_str(), 0700) != 0 && errno != EEXIST) {
    why = "cannot create " + path + ": " + std::system_category().message(errno);
    return false;
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    why = path + " is not a directory";
    return false;
  }
  if ((st.st_mode & 0077) != 0 && ::chmod(path.c_str(), 0700) != 0) {
    why = "cannot restrict " + path + " to its owner";
    return false;
  }
  return true;
}

std::expected<std::unique_ptr<store>, std::string> open_state(const service_config& config) {
  std::string why;
  if (!make_private_directory(config.data_dir, why)) return std::unexpected(why);
  auto s = open_store(config.effective_database_url());
  if (!s) return std::unexpected(s.error().message);
  return std::move(*s);
}

std::optional<password_hasher> make_hasher(const service_config& config) {
  return password_hasher::create({.memory_kib = config.password_hash.memory_kib,
                                  .iterations = config.password_hash.iterations});
}

// --dev binds loopback only, whatever the configuration says.
std::string loopback_only(const std::string& listen) {
  const auto colon = listen.rfind(':');
  const std::string host = listen.substr(0, colon);
  if (host == "127.0.0.1" || host == "localhost" || host == "[::1]") return listen;
  return "127.0.0.1" + (colon == std::string::npos ? std::string(":8000") : listen.substr(colon));
}

bool prepare_users(const service_config& config, store& users, const password_hasher& hasher) {
  auto has_dev = users.has_dev_users();
  if (!has_dev) {
    log_event(log_level::error, "store_error", {{"detail", has_dev.error().message}});
    return false;
  }
  if (!config.dev) {
    if (*has_dev) {
      log_event(log_level::error, "dev_user_present",
                {{"detail",
                  "a --dev demo user exists; it must not reach production. Remove it "
                  "with: tessera user remove test --data-dir " +
                      config.data_dir}});
      return false;
    }
    return true;
  }
  auto count = users.count_users();
  if (count && *count == 0) {
    auto hash = hasher.hash(dev_password);
    user_record demo{.username = dev_username,
                     .password_hash = hash.value_or(""),
                     .scopes = {},
                     .disabled = false,
                     .dev_only = true,
                     .created_at = 0};
    if (!hash) return false;
    if (auto added = users.add_user(demo); !added) {
      // Another instance starting at the same time made it first: that is fine.
      if (added.error().what != store_error::kind::conflict) {
        log_event(log_level::error, "store_error", {{"detail", added.error().message}});
        return false;
      }
      return true;
    }
    log_event(log_level::warning, "dev_user_created",
              {{"user", dev_username},
               {"detail",
                "DEVELOPMENT ONLY: created the demo user 'test' with password "
                "'password'. A start without --dev refuses to run while it exists."}});
  }
  return true;
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
  auto users = open_state(c);
  if (!users) {
    log_event(log_level::error, "cannot_open_store", {{"detail", users.error()}});
    return nullptr;
  }
  p->db = std::move(*users);
  store& db = *p->db;
  auto made_hasher = make_hasher(c);
  if (!made_hasher) {
    log_event(log_level::error, "libsodium_unavailable");
    return nullptr;
  }
  const password_hasher& hasher = p->hasher.emplace(std::move(*made_hasher));
  if (!prepare_users(c, db, hasher)) return nullptr;

  auto opened = key_ring::open(c, db, unix_now());
  if (!opened) {
    log_event(log_level::error, "signing_key_unusable", {{"detail", opened.error()}});
    return nullptr;
  }
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
  auto& context =
      p->context.emplace(route_context{c, guard, login, db, sessions, keys, hasher, p->counters});
  add_routes(p->routes, context);
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
  return run_http_server({c, parts_->routes, pool, parts_->counters, std::move(on_listening)});
}

int run_service(service_config config, std::function<void(const std::string&)> on_listening) {
  // Before assemble(): the store sync's thread starts there.
  (void)use_service_allocator_policy();
  auto assembled = service::assemble(std::move(config));
  if (!assembled) return 1;
  return assembled->serve(std::move(on_listening));
}

namespace {

template <class F>
user_admin_result with_store(const service_config& config, F&& f) {
  auto users = open_state(config);
  if (!users) return {false, users.error()};
  return f(**users);
}

user_admin_result from(const store_result<void>& r, std::string done) {
  if (!r) return {false, r.error().message};
  return {true, std::move(done)};
}

}  // namespace

user_admin_result add_user(const service_config& config, const std::string& username,
                           std::string password, const std::vector<std::string>& scopes) {
  if (username.empty() || username.size() > 128) return {false, "a username has 1 to 128 bytes"};
  // A client-credentials token's sub is its client id: no user may have one (RFC 9068 5).
  for (const auto& client : config.clients) {
    if (client.id == username) return {false, "a client is configured with this id: " + username};
  }
  if (password.size() < 8) return {false, "a password has at least 8 characters"};
  auto hasher = make_hasher(config);
  if (!hasher) return {false, "libsodium is unavailable"};
  auto hash = hasher->hash(password);
  sodium_memzero(password.data(), password.size());
  if (!hash) return {false, "password hashing failed"};
  return with_store(config, [&](store& s) {
    auto r = s.add_user({.username = username,
                         .password_hash = *hash,
                         .scopes = scopes,
                         .disabled = false,
                         .dev_only = false,
                         .created_at = 0});
    if (r) log_event(log_level::info, "user_added", {{"user", username}});
    return from(r, "added user " + username);
  });
}

user_admin_result remove_user(const service_config& config, const std::string& username) {
  return with_store(config, [&](store& s) {
    (void)s.end_user_sessions(username, unix_now());
    auto r = s.remove_user(username);
    if (r) log_event(log_level::info, "user_removed", {{"user", username}});
    return from(r, "removed user " + username);
  });
}

user_admin_result set_password(const service_config& config, const std::string& username,
                               std::string password) {
  if (password.size() < 8) return {false, "a password has at least 8 characters"};
  auto hasher = make_hasher(config);
  if (!hasher) return {false, "libsodium is unavailable"};
  auto hash = hasher->hash(password);
  sodium_memzero(password.data(), password.size());
  if (!hash) return {false, "password hashing failed"};
  return with_store(config, [&](store& s) {
    auto r = s.set_password_hash(username, *hash);
    if (r) r = s.end_user_sessions(username, unix_now());
    if (r) log_event(log_level::info, "user_password_changed", {{"user", username}});
    return from(r, "changed the password of " + username);
  });
}

user_admin_result set_disabled(const service_config& config, const std::string& username,
                               bool disabled) {
  return with_store(config, [&](store& s) {
    auto r = s.set_disabled(username, disabled);
    if (r && disabled) r = s.end_user_sessions(username, unix_now());
    if (r)
      log_event(log_level::info, disabled ? "user_disabled" : "user_enabled", {{"user", username}});
    return from(r, (disabled ? "disabled user " : "enabled user ") + username);
  });
}

user_admin_result list_users(const service_config& config, std::vector<std::string>& lines) {
  return with_store(config, [&](store& s) -> user_admin_result {
    auto all = s.list_users();
    if (!all) return {false, all.error().message};
    for (const auto& u : *all) {
      std::string line = u.username;
      line += "\tscopes=";
      for (std::size_t i = 0; i < u.scopes.size(); ++i) line += (i ? "," : "") + u.scopes[i];
      if (u.disabled) line += "\tdisabled";
      if (u.dev_only) line += "\tdev-only";
      lines.push_back(std::move(line));
    }
    return {true, ""};
  });
}

namespace {

// RFC 6749 appendix A.1 allows any visible ASCII in a client_id; the quote, backslash and colon
// are kept out so that the id goes into TOML and HTTP Basic as it is.
bool is_plain_client_id(const std::string& id) {
  return !id.empty() && id.size() <= 128 && std::ranges::all_of(id, [](char c) {
    return c > ' ' && c < 0x7f && c != '"' && c != '\\' && c != ':';
  });
}

}  // namespace

std::expected<new_client, std::string> make_client(client_config wanted) {
  if (!is_plain_client_id(wanted.id)) {
    return std::unexpected(
        "a client id has 1 to 128 visible ASCII characters, without '\"', '\\' or ':'");
  }
  for (const auto& scope : wanted.scopes) {
    if (scope.empty() || scope.find_first_of(" \"\\") != std::string::npos) {
      return std::unexpected("a scope is one word without quotes: " + scope);
    }
  }
  new_client made{.entry = std::move(wanted), .secret = {}};
  made.entry.secret_hash.clear();
  if (!made.entry.is_public) {
    made.secret = random_token(32);
    made.entry.secret_hash = sha256_secret_hash(made.secret);
  }
  if (auto problem = client_problem(made.entry)) return std::unexpected(*problem);
  return made;
}

}  // namespace tessera::server
