#include "config/config.hpp"

#include "config/origin.hpp"
#include "config/redirect_uri.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <functional>
#include <thread>
#include <type_traits>
#include <variant>

#include <unistd.h>  // environ

#include <toml++/toml.h>

namespace tessera::server {
namespace {

enum class value_type : std::uint8_t { string, integer, boolean, duration, string_list };

using value = std::variant<std::string, std::int64_t, bool, std::vector<std::string>>;

// One configuration key: where it goes in service_config, and what its values may be.
struct key_spec {
  std::string_view key;
  value_type type;
  std::string_view default_value;
  std::string_view description;
  std::function<std::optional<std::string>(service_config&, const value&)> set;
};

std::string_view type_name(value_type t) {
  switch (t) {
    case value_type::string:
      return "string";
    case value_type::integer:
      return "integer";
    case value_type::boolean:
      return "boolean";
    case value_type::duration:
      return "duration";
    case value_type::string_list:
      return "list of strings";
  }
  return "?";
}

template <class T>
auto assign_string(T service_config::*member) {
  return [member](service_config& c, const value& v) -> std::optional<std::string> {
    c.*member = std::get<std::string>(v);
    return std::nullopt;
  };
}

template <class Member>
auto assign_count(Member member, std::int64_t min, std::int64_t max) {
  return [member, min, max](service_config& c, const value& v) -> std::optional<std::string> {
    const auto n = std::get<std::int64_t>(v);
    if (n < min || n > max) {
      return "must be between " + std::to_string(min) + " and " + std::to_string(max);
    }
    member(c) = static_cast<std::remove_reference_t<decltype(member(c))>>(n);
    return std::nullopt;
  };
}

template <class Member>
auto assign_seconds(Member member, std::int64_t min, std::int64_t max) {
  return [member, min, max](service_config& c, const value& v) -> std::optional<std::string> {
    const auto n = std::get<std::int64_t>(v);
    if (n < min || n > max) {
      return "must be between " + std::to_string(min) + "s and " + std::to_string(max) + "s";
    }
    member(c) = std::chrono::seconds(n);
    return std::nullopt;
  };
}

template <class Member>
auto assign_bool(Member member) {
  return [member](service_config& c, const value& v) -> std::optional<std::string> {
    member(c) = std::get<bool>(v);
    return std::nullopt;
  };
}

template <class Member>
auto assign_list(Member member) {
  return [member](service_config& c, const value& v) -> std::optional<std::string> {
    member(c) = std::get<std::vector<std::string>>(v);
    return std::nullopt;
  };
}

const std::vector<key_spec>& specs() {
  static const std::vector<key_spec> table = {
      {"listen", value_type::string, "127.0.0.1:8000", "address and port to listen on",
       assign_string(&service_config::listen)},
      {"data_dir", value_type::string, "tessera-data",
       "directory of the SQLite database and the signing key (created 0700)",
       assign_string(&service_config::data_dir)},
      {"database_url", value_type::string, "(SQLite in data_dir)",
       "sqlite:PATH (the embedded default) or postgresql://...",
       assign_string(&service_config::database_url)},
      {"public_url", value_type::string, "http://<listen>",
       "the issuer (iss) and base of every published URL; never taken from Host",
       assign_string(&service_config::public_url)},
      {"audience", value_type::string, "tessera", "the aud of access tokens",
       assign_string(&service_config::audience)},
      {"algorithm", value_type::string, "ES256",
       "signing algorithm: ES256, ES384, ES512, EdDSA, RS256, PS256, HS256, HS384, HS512",
       [](service_config& c, const value& v) -> std::optional<std::string> {
         auto alg = parse_algorithm(std::get<std::string>(v));
         if (!alg) return "is not a JWS algorithm";
         c.alg = *alg;
         return std::nullopt;
       }},
      {"signing_secret_file", value_type::string, "(none)",
       "HS* only: file holding the secret (at least 32/48/64 bytes)",
       assign_string(&service_config::signing_secret_file)},
      {"access_token_ttl", value_type::duration, "15m", "lifetime of access tokens",
       assign_seconds(
           [](service_config & c) -> auto& { return c.access_token_ttl; }, 10, 86400)},
      {"refresh_token_ttl", value_type::duration, "30d",
       "absolute lifetime of a session and its refresh tokens",
       assign_seconds(
           [](service_config & c) -> auto& { return c.refresh_token_ttl; }, 60,
           std::int64_t{366} * 86400)},
      {"refresh_grace", value_type::duration, "2s",
       "a spent refresh token still works this long (concurrent refreshes); after, reuse is theft",
       assign_seconds(
           [](service_config & c) -> auto& { return c.refresh_grace; }, 0, 60)},
      {"jwks_max_age", value_type::duration, "5m",
       "Cache-Control max-age of the JWKS; a rotated key signs only after this",
       assign_seconds(
           [](service_config & c) -> auto& { return c.jwks_max_age; }, 0, 86400)},
      {"sync_interval", value_type::duration, "2s",
       "how often revocations and keys are reloaded from the store",
       assign_seconds(
           [](service_config & c) -> auto& { return c.sync_interval; }, 1, 60)},
      {"key_encryption_key_file", value_type::string, "data_dir/key-encryption.key",
       "file with the key that encrypts signing keys at rest (generated 0600 when absent)",
       assign_string(&service_config::key_encryption_key_file)},
      {"key_encryption_key", value_type::string, "(none)",
       "the key-encryption key itself; set it only through the environment",
       assign_string(&service_config::key_encryption_key)},
      {"default_client_id", value_type::string, "tessera", "client_id of tokens from /login",
       assign_string(&service_config::default_client_id)},
      {"introspection_scope", value_type::string, "introspect",
       "scope a client needs to call /introspect",
       assign_string(&service_config::introspection_scope)},
      {"bearer_cache.size", value_type::integer, "10000",
       "verified access tokens remembered (0 disables); revocation is still checked each time",
       assign_count(
           [](service_config & c) -> auto& { return c.bearer_cache_size; }, 0, 10000000)},
      {"bearer_cache.max_age", value_type::duration, "5m",
       "longest time a verified token is remembered (never past its exp)",
       assign_seconds(
           [](service_config & c) -> auto& { return c.bearer_cache_max_age; }, 1, 86400)},
      {"log.access", value_type::boolean, "true",
       "write an access-log line per request (audit events are always written)",
       assign_bool([](service_config & c) -> auto& { return c.access_log; })},
      {"io_threads", value_type::integer, "0 (one per core)", "threads serving connections",
       assign_count(
           [](service_config & c) -> auto& { return c.io_threads; }, 0, 256)},
      {"bearer_error_status", value_type::integer, "401",
       "401 (RFC 6750) or 403 (FastAPI HTTPBearer's answer: the 403 mode) for an invalid token",
       [](service_config& c, const value& v) -> std::optional<std::string> {
         const auto n = std::get<std::int64_t>(v);
         if (n != 401 && n != 403) return "must be 401 or 403";
         c.bearer_error_status = static_cast<int>(n);
         return std::nullopt;
       }},
      {"trusted_proxies", value_type::string_list, "[]",
       "peers whose X-Forwarded-For is believed (addresses)",
       assign_list([](service_config & c) -> auto& { return c.trusted_proxies; })},
      {"metrics.allow", value_type::string_list, R"(["127.0.0.1", "::1"])",
       "client addresses that may read /metrics",
       assign_list([](service_config & c) -> auto& { return c.metrics_allow; })},
      {"cors.allowed_origins", value_type::string_list, "[] (CORS off)",
       "origins allowed to call the API from a browser",
       assign_list([](service_config & c) -> auto& { return c.cors_allowed_origins; })},
      {"web.enabled", value_type::boolean, "(on for --dev, https or loopback public_url)",
       "serve the browser face under /web; true fails to start where browsers cannot use it",
       [](service_config& c, const value& v) -> std::optional<std::string> {
         c.web_enabled = std::get<bool>(v);
         return std::nullopt;
       }},
      {"tls.cert_file", value_type::string, "(none: plain HTTP)", "PEM certificate chain for HTTPS",
       assign_string(&service_config::tls_cert_file)},
      {"tls.key_file", value_type::string, "(none)", "PEM private key for HTTPS",
       assign_string(&service_config::tls_key_file)},
      {"tls.hsts_max_age", value_type::duration, "365d",
       "max-age of the Strict-Transport-Security field sent over HTTPS (0 sends none)",
       assign_seconds(
           [](service_config & c) -> auto& { return c.hsts_max_age; }, 0,
           std::int64_t{2} * 365 * 86400)},
      {"password_hash.memory_kib", value_type::integer, "19456", "Argon2id memory (KiB)",
       assign_count(
           [](service_config & c) -> auto& { return c.password_hash.memory_kib; }, 8,
           std::int64_t{4} * 1024 * 1024)},
      {"password_hash.iterations", value_type::integer, "2", "Argon2id passes (t)",
       assign_count(
           [](service_config & c) -> auto& { return c.password_hash.iterations; }, 1, 64)},
      {"password_hash.workers", value_type::integer, "0 (one per core)",
       "threads that hash passwords, apart from the I/O threads",
       assign_count(
           [](service_config & c) -> auto& { return c.password_hash.workers; }, 0, 256)},
      {"password_hash.queue_limit", value_type::integer, "256",
       "logins waiting for a hashing thread before 503",
       assign_count(
           [](service_config & c) -> auto& { return c.password_hash.queue_limit; }, 1, 100000)},
      {"password_hash.nice", value_type::integer, "19",
       "niceness of the hashing threads (0-19): under load, token checks go first",
       assign_count(
           [](service_config & c) -> auto& { return c.password_hash.nice; }, 0, 19)},
      {"rate_limit.enabled", value_type::boolean, "true",
       "limit login attempts (turn off only for benchmarks)",
       assign_bool([](service_config & c) -> auto& { return c.rate_limit.enabled; })},
      {"rate_limit.per_address", value_type::integer, "30",
       "failed logins per client address per window",
       assign_count(
           [](service_config & c) -> auto& { return c.rate_limit.per_address; }, 1, 1000000)},
      {"rate_limit.per_user_address", value_type::integer, "5",
       "failed logins per (username, address) before growing delays",
       assign_count(
           [](service_config & c) -> auto& { return c.rate_limit.per_user_address; }, 1, 1000000)},
      {"rate_limit.window", value_type::duration, "1m", "the counting window",
       assign_seconds(
           [](service_config & c) -> auto& { return c.rate_limit.window; }, 1, 86400)},
      {"rate_limit.max_delay", value_type::duration, "15m", "the longest delay imposed",
       assign_seconds(
           [](service_config & c) -> auto& { return c.rate_limit.max_delay; }, 1, 86400)},
      {"limits.max_body_bytes", value_type::integer, "16384", "request body limit (413)",
       assign_count(
           [](service_config & c) -> auto& { return c.limits.max_body_bytes; }, 256,
           std::int64_t{16} * 1024 * 1024)},
      {"limits.max_header_bytes", value_type::integer, "8192", "request header limit (431)",
       assign_count(
           [](service_config & c) -> auto& { return c.limits.max_header_bytes; }, 1024,
           std::int64_t{1024} * 1024)},
      {"limits.max_headers", value_type::integer, "64", "header count limit (431)",
       assign_count(
           [](service_config & c) -> auto& { return c.limits.max_headers; }, 8, 10000)},
      {"limits.max_url_bytes", value_type::integer, "2048", "request target limit (414)",
       assign_count(
           [](service_config & c) -> auto& { return c.limits.max_url_bytes; }, 64,
           std::int64_t{1024} * 1024)},
      {"limits.request_timeout", value_type::duration, "10s",
       "time to receive a whole request (408)",
       assign_seconds(
           [](service_config & c) -> auto& { return c.limits.request_timeout; }, 1, 3600)},
      {"limits.keep_alive_timeout", value_type::duration, "30s",
       "idle time before a kept-alive connection is closed",
       assign_seconds(
           [](service_config & c) -> auto& { return c.limits.keep_alive_timeout; }, 1, 3600)},
      {"limits.max_connections", value_type::integer, "10000", "open connections at most",
       assign_count(
           [](service_config & c) -> auto& { return c.limits.max_connections; }, 1, 1000000)},
  };
  return table;
}

const key_spec* find_spec(std::string_view key) {
  for (const auto& s : specs()) {
    if (s.key == key) return &s;
  }
  return nullptr;
}

std::string env_name(std::string_view key) {
  std::string name = "TESSERA_";
  for (char ch : key) {
    name.push_back(ch == '.' ? '_'
                             : static_cast<char>(std::toupper(static_cast<unsigned char>(ch))));
  }
  return name;
}

// "90", "90s", "15m", "1h", "2d"
std::optional<std::int64_t> parse_duration(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::int64_t unit = 1;
  switch (text.back()) {
    case 's':
      text.remove_suffix(1);
      break;
    case 'm':
      unit = 60;
      text.remove_suffix(1);
      break;
    case 'h':
      unit = 3600;
      text.remove_suffix(1);
      break;
    case 'd':
      unit = 86400;
      text.remove_suffix(1);
      break;
    default:
      break;
  }
  std::int64_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc{} || end != text.data() + text.size() || n < 0 || n > INT32_MAX) {
    return std::nullopt;
  }
  return n * unit;
}

// An environment string read as the key's type.
std::optional<value> from_text(value_type type, std::string_view text) {
  switch (type) {
    case value_type::string:
      return value(std::string(text));
    case value_type::integer: {
      std::int64_t n = 0;
      const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
      if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
      return value(n);
    }
    case value_type::boolean:
      if (text == "true" || text == "1" || text == "yes") return value(true);
      if (text == "false" || text == "0" || text == "no") return value(false);
      return std::nullopt;
    case value_type::duration: {
      auto n = parse_duration(text);
      if (!n) return std::nullopt;
      return value(*n);
    }
    case value_type::string_list: {
      std::vector<std::string> items;
      while (!text.empty()) {
        const auto comma = text.find(',');
        std::string_view item = text.substr(0, comma);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (!item.empty()) items.emplace_back(item);
        text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
      }
      return value(std::move(items));
    }
  }
  return std::nullopt;
}

// A TOML node read as the key's type.
std::optional<value> from_toml(value_type type, const toml::node& node) {
  switch (type) {
    case value_type::string:
      if (const auto* s = node.as_string()) return value(s->get());
      return std::nullopt;
    case value_type::integer:
      if (const auto* i = node.as_integer()) return value(i->get());
      return std::nullopt;
    case value_type::boolean:
      if (const auto* b = node.as_boolean()) return value(b->get());
      return std::nullopt;
    case value_type::duration:
      if (const auto* i = node.as_integer()) return value(i->get());
      if (const auto* s = node.as_string()) return from_text(type, s->get());
      return std::nullopt;
    case value_type::string_list: {
      const auto* arr = node.as_array();
      if (arr == nullptr) return std::nullopt;
      std::vector<std::string> items;
      for (const auto& e : *arr) {
        const auto* s = e.as_string();
        if (s == nullptr) return std::nullopt;
        items.push_back(s->get());
      }
      return value(std::move(items));
    }
  }
  return std::nullopt;
}

// A value as text, for service_config::given: list items one per line.
std::string as_text(const value& v) {
  return std::visit(
      [](const auto& x) -> std::string {
        using type = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<type, std::string>) {
          return x;
        } else if constexpr (std::is_same_v<type, bool>) {
          return x ? "true" : "false";
        } else if constexpr (std::is_same_v<type, std::int64_t>) {
          return std::to_string(x);
        } else {
          std::string joined;
          for (const auto& item : x) joined.append(item).push_back('\n');
          return joined;
        }
      },
      v);
}

std::optional<std::string> apply(service_config& c, const key_spec& spec, const value& v,
                                 std::string_view where) {
  if (auto problem = spec.set(c, v)) {
    return std::string(where) + ": " + std::string(spec.key) + " " + *problem;
  }
  c.given.insert_or_assign(std::string(spec.key), as_text(v));
  return std::nullopt;
}

// [[clients]] id = "...", secret_hash = "...", grants = [...], scopes = [...], public = false
std::optional<std::string> apply_clients(service_config& c, const toml::node& node,
                                         const std::string& file) {
  const auto* list = node.as_array();
  if (list == nullptr) return file + ": clients must be an array of tables ([[clients]])";
  std::vector<client_config> clients;
  for (const auto& entry : *list) {
    const auto* t = entry.as_table();
    if (t == nullptr) return file + ": clients must be an array of tables ([[clients]])";
    client_config client;
    for (const auto& [k, v] : *t) {
      const std::string_view name = k.str();
      if (name == "id" || name == "secret_hash") {
        const auto* s = v.as_string();
        if (s == nullptr) return file + ": clients." + std::string(name) + " must be a string";
        (name == "id" ? client.id : client.secret_hash) = s->get();
      } else if (name == "id_token_signed_response_alg") {
        const auto* s = v.as_string();
        if (s == nullptr) return file + ": clients." + std::string(name) + " must be a string";
        client.id_token_alg = s->get();
      } else if (name == "grants" || name == "scopes" || name == "redirect_uris" ||
                 name == "post_logout_redirect_uris") {
        auto list_value = from_toml(value_type::string_list, v);
        if (!list_value)
          return file + ": clients." + std::string(name) + " must be a list of strings";
        auto& target = name == "grants"          ? client.grants
                       : name == "scopes"        ? client.scopes
                       : name == "redirect_uris" ? client.redirect_uris
                                                 : client.post_logout_redirect_uris;
        target = std::get<std::vector<std::string>>(*list_value);
      } else if (name == "public" || name == "consent") {
        const auto* b = v.as_boolean();
        if (b == nullptr) return file + ": clients." + std::string(name) + " must be true or false";
        (name == "public" ? client.is_public : client.consent) = b->get();
      } else {
        return file + ": unknown configuration key 'clients." + std::string(name) + "'";
      }
    }
    if (auto checked = check_client(client); !checked) {
      return file + ": " + checked.error().message();
    }
    for (const auto& other : clients) {
      if (other.id == client.id) return file + ": client " + client.id + " is listed twice";
    }
    clients.push_back(std::move(client));
  }
  c.clients = std::move(clients);
  return std::nullopt;
}

std::optional<std::string> apply_table(service_config& c, const toml::table& table,
                                       const std::string& prefix, const std::string& file) {
  for (const auto& [k, node] : table) {
    const std::string key = prefix + std::string(k.str());
    if (key == "clients") {
      if (auto problem = apply_clients(c, node, file)) return problem;
      continue;
    }
    if (const auto* sub = node.as_table()) {
      if (auto problem = apply_table(c, *sub, key + ".", file)) return problem;
      continue;
    }
    const auto* spec = find_spec(key);
    if (spec == nullptr) {
      return std::string(file).append(": unknown configuration key '").append(key).append("'");
    }
    auto v = from_toml(spec->type, node);
    if (!v) {
      return std::string(file)
          .append(": ")
          .append(key)
          .append(" must be a ")
          .append(type_name(spec->type));
    }
    if (auto problem = apply(c, *spec, *v, file)) return problem;
  }
  return std::nullopt;
}

}  // namespace

std::string service_config::effective_public_url() const {
  if (!public_url.empty()) {
    std::string url = public_url;
    while (url.ends_with('/')) url.pop_back();
    return url;
  }
  return (tls_cert_file.empty() ? "http://" : "https://") + listen;
}

std::string service_config::effective_database_url() const {
  if (!database_url.empty()) return database_url;
  return "sqlite:" + data_dir + "/tessera.db";
}

namespace {

// The TESSERA_* variables over `c`, then the checks that span several keys.
result<service_config> finish(service_config c,
                              const std::map<std::string, std::string>& environment) {
  for (const auto& [name, text] : environment) {
    if (!name.starts_with("TESSERA_")) continue;
    const key_spec* spec = nullptr;
    for (const auto& s : specs()) {
      if (env_name(s.key) == name) spec = &s;
    }
    if (spec == nullptr) continue;  // other TESSERA_* variables belong to other tools
    auto v = from_text(spec->type, text);
    if (!v) {
      return fail(errc::invalid_configuration,
                  name + " must be a " + std::string(type_name(spec->type)));
    }
    if (auto problem = apply(c, *spec, *v, name))
      return fail(errc::invalid_configuration, *problem);
  }
  if (is_hmac(c.alg) && c.signing_secret_file.empty()) {
    return fail(errc::invalid_configuration,
                "algorithm " + std::string(to_string(c.alg)) +
                    " needs signing_secret_file (TESSERA_SIGNING_SECRET_FILE)");
  }
  if (!c.public_url.empty()) {
    if (auto origin = parse_origin(c.public_url); !origin) {
      return fail(errc::invalid_configuration, "public_url " + origin.error().detail);
    }
  }
  if (auto fits = check_clients_for(c.alg, *c.clients.snapshot()); !fits) {
    return std::unexpected(fits.error());
  }
  if (c.tls_cert_file.empty() != c.tls_key_file.empty()) {
    return fail(errc::invalid_configuration, "tls.cert_file and tls.key_file go together");
  }
  return c;
}

result<service_config> from_table(const toml::table& table, const std::string& source,
                                  const std::map<std::string, std::string>& environment) {
  service_config c;
  if (auto problem = apply_table(c, table, "", source)) {
    return fail(errc::invalid_configuration, *problem);
  }
  return finish(std::move(c), environment);
}

}  // namespace

result<void> check_clients_for(algorithm alg, const std::vector<client_config>& clients) {
  for (const auto& client : clients) {
    const bool code_flow =
        std::ranges::find(client.grants, "authorization_code") != client.grants.end();
    if (code_flow && is_hmac(alg)) {
      return fail(errc::invalid_configuration,
                  "client " + client.id + ": OpenID Connect needs signatures anyone can verify; " +
                      std::string(to_string(alg)) +
                      " is a shared secret, so authorization_code is not offered (choose ES256, "
                      "RS256 or EdDSA)");
    }
    if (!client.id_token_alg.empty() && client.id_token_alg != "RS256" &&
        client.id_token_alg != to_string(alg)) {
      return fail(errc::invalid_configuration,
                  "client " + client.id + ": id_token_signed_response_alg is RS256 or " +
                      std::string(to_string(alg)) + " (the service's keys)");
    }
  }
  return {};
}

result<void> check_client(const client_config& client) {
  if (client.id.empty()) return fail(errc::invalid_argument, "every client needs an id");
  for (const auto& grant : client.grants) {
    if (std::ranges::find(client_grants, grant) == std::end(client_grants)) {
      return fail(errc::invalid_argument,
                  "client " + client.id + ": unknown grant '" + grant +
                      "' (password, refresh_token, client_credentials, authorization_code)");
    }
  }
  const bool code_flow =
      std::ranges::find(client.grants, "authorization_code") != client.grants.end();
  if (code_flow && client.redirect_uris.empty()) {
    return fail(errc::invalid_argument,
                "client " + client.id + ": authorization_code needs redirect_uris");
  }
  if (!code_flow && (!client.redirect_uris.empty() || !client.post_logout_redirect_uris.empty())) {
    return fail(errc::invalid_argument,
                "client " + client.id + ": redirect URIs are for the authorization_code grant");
  }
  for (const auto* list : {&client.redirect_uris, &client.post_logout_redirect_uris}) {
    for (const auto& uri : *list) {
      if (auto ok = check_redirect_uri(uri); !ok) {
        return fail(errc::invalid_argument, "client " + client.id + ": " + ok.error().detail);
      }
    }
  }
  // RFC 8252 section 8.6: any local program can listen on a loopback redirect, or claim a
  // private-use scheme; only https proves which app gets the answer.
  if (!client.consent && client.is_public &&
      !std::ranges::all_of(client.redirect_uris, [](const auto& u) { return is_https_uri(u); })) {
    return fail(errc::invalid_argument,
                "client " + client.id +
                    ": consent = false needs a confidential client, or https redirect URIs only");
  }
  if (!client.id_token_alg.empty() && !tessera::parse_algorithm(client.id_token_alg)) {
    return fail(errc::invalid_argument, "client " + client.id +
                                            ": unknown id_token_signed_response_alg '" +
                                            client.id_token_alg + "'");
  }
  if (client.is_public) {
    if (!client.secret_hash.empty()) {
      return fail(errc::invalid_argument,
                  "client " + client.id + ": a public client has no secret");
    }
    if (std::ranges::find(client.grants, "client_credentials") != client.grants.end()) {
      return fail(errc::invalid_argument,
                  "client " + client.id + ": client_credentials is for confidential clients");
    }
    return {};
  }
  if (!client.secret_hash.starts_with("$argon2id$") &&
      !client.secret_hash.starts_with("$sha256$")) {
    return fail(errc::invalid_argument,
                "client " + client.id +
                    " needs secret_hash (from `tessera client add` or `tessera hash-secret`), or "
                    "public = true");
  }
  return {};
}

result<service_config> load_config(const std::optional<std::string>& file,
                                   const std::map<std::string, std::string>& environment) {
  if (!file) return finish(service_config{}, environment);
  try {
    return from_table(toml::parse_file(*file), *file, environment);
  } catch (const toml::parse_error& e) {
    return fail(errc::invalid_configuration, *file + ": " + std::string(e.description()));
  }
}

result<service_config> parse_config(std::string_view text, const std::string& source,
                                    const std::map<std::string, std::string>& environment) {
  try {
    return from_table(toml::parse(text, source), source, environment);
  } catch (const toml::parse_error& e) {
    return fail(errc::invalid_configuration, source + ": " + std::string(e.description()));
  }
}

std::map<std::string, std::string> tessera_environment() {
  std::map<std::string, std::string> out;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    const std::string_view entry(*e);
    if (!entry.starts_with("TESSERA_")) continue;
    const auto eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    out.emplace(entry.substr(0, eq), entry.substr(eq + 1));
  }
  return out;
}

std::vector<config_key_doc> config_keys() {
  std::vector<config_key_doc> out;
  for (const auto& s : specs()) {
    out.push_back({s.key, type_name(s.type), s.default_value, s.description});
  }
  return out;
}

}  // namespace tessera::server
