#include "routes.hpp"

#include <cstdint>

#include <boost/json/array.hpp>

#include "auth/client_auth.hpp"
#include "auth/token_endpoint.hpp"
#include "http/form.hpp"
#include "http/responses.hpp"
#include "observability/log.hpp"
#include "oidc/oidc_routes.hpp"

namespace tessera::server {
namespace {

bool is_allowed(const std::vector<std::string>& allow, std::string_view address) {
  for (const auto& a : allow) {
    if (a == address) return true;
  }
  return false;
}

bool holds(const std::vector<std::string>& list, std::string_view item) {
  for (const auto& s : list) {
    if (s == item) return true;
  }
  return false;
}

// A route for callers the bearer guard admits (holding `scope`, when given).
void protect(router& r, method verb, std::string path, const bearer_guard& guard,
             protected_handler h, std::string scope = {}) {
  r.add(verb, std::move(path), guarded(guard, std::move(h), std::move(scope)));
}

// Whether an endpoint takes public clients (named by client_id alone).
enum class public_clients : std::uint8_t { allowed, refused };

// /introspect and /revoke: a form body with a token and an authenticated client, checked on
// the pool.
template <class Answer>
handler_result with_client(route_context& ctx, const request& req, public_clients publics,
                           Answer answer) {
  auto read = read_oauth_request(req);
  if (auto* refused = std::get_if<response>(&read)) return std::move(*refused);
  auto& oauth = std::get<oauth_request>(read);
  if (oauth.client.how == presented_client::method::none) {
    return invalid_client("client authentication required");
  }
  if (oauth.client.how == presented_client::method::id && publics == public_clients::refused) {
    return invalid_client("this endpoint is for confidential clients");
  }
  if (!oauth.form.contains("token")) {
    return oauth_error(400, "invalid_request", "token is required");
  }
  std::string address(req.client_address);
  if (auto wait = ctx.login.clients.throttled(oauth.client, address)) return std::move(*wait);
  return deferred_response([&ctx, client = std::move(oauth.client), form = std::move(oauth.form),
                            address = std::move(address),
                            answer = std::move(answer)]() mutable -> response {
    const auto authenticated = ctx.login.clients.authenticate(client, address);
    if (!authenticated) return invalid_client("client authentication failed");
    return answer(*authenticated, form);
  });
}

// RFC 8414 (and OpenID Connect Discovery 1.0 when the service is a provider): what the service
// implements, and nothing else.
boost::json::object metadata(const service_config& config, bool openid) {
  const std::string base = config.effective_public_url();
  boost::json::array client_auth{"client_secret_basic", "client_secret_post"};
  boost::json::array any_client_auth{"client_secret_basic", "client_secret_post", "none"};
  boost::json::object out{
      {"issuer", base},
      {"jwks_uri", base + "/.well-known/jwks.json"},
      {"token_endpoint", base + "/token"},
      {"revocation_endpoint", base + "/revoke"},
      {"introspection_endpoint", base + "/introspect"},
      {"grant_types_supported",
       openid ? boost::json::array{"authorization_code", "refresh_token", "client_credentials",
                                   "password"}
              : boost::json::array{"password", "refresh_token", "client_credentials"}},
      // No authorization endpoint, hence no response type (RFC 8414 section 2).
      {"response_types_supported", boost::json::array{}},
      {"token_endpoint_auth_methods_supported", any_client_auth},
      {"revocation_endpoint_auth_methods_supported", any_client_auth},
      {"introspection_endpoint_auth_methods_supported", client_auth},
      // An extension: the `aud` of every access token, for resource servers to check.
      {"access_token_audience", config.audience}};
  if (openid) {
    for (auto& [name, value] : openid_metadata(config)) out[name] = std::move(value);
  }
  return out;
}

}  // namespace

void add_routes(router& r, route_context& ctx) {
  // Every answer of the token endpoints, errors included, is kept out of caches.
  r.add(method::post, "/login",
        [&ctx](const request& req) { return never_stored(handle_login(ctx.login, req)); });
  r.add(method::post, "/token",
        [&ctx](const request& req) { return never_stored(handle_token(ctx.login, req)); });
  r.add(method::post, "/refresh",
        [&ctx](const request& req) { return never_stored(handle_refresh(ctx.login, req)); });

  protect(r, method::get, "/secure-endpoint", ctx.guard,
          [](const principal&, const request&) -> handler_result {
            return json_response(200, {{"message", "You've accessed a secure endpoint!"}});
          });

  // An example of a route that requires a scope: 403 insufficient_scope without it.
  protect(
      r, method::get, "/admin-endpoint", ctx.guard,
      [](const principal& who, const request&) -> handler_result {
        return json_response(200,
                             {{"message", "Hello, administrator " + std::string(who.subject())}});
      },
      "admin");

  protect(r, method::get, "/users/me", ctx.guard,
          [](const principal& who, const request&) -> handler_result {
            if (who.session_id().empty()) {
              // A client-credentials token: its sub is a client, not a user.
              return detail_response(403, "This token was issued to a client, not a user");
            }
            boost::json::array scopes;
            for (const auto& s : who.scopes()) scopes.emplace_back(s);
            const auto claims = who.token().claims();
            boost::json::object body{{"username", who.subject()}, {"scopes", scopes}};
            if (const auto* client = claims.get("client_id")) body["client_id"] = *client;
            if (auto exp = claims.expires_at())
              body["expires_at"] = exp->time_since_epoch().count();
            auto answer = json_response(200, body);
            answer.header("Cache-Control", "no-store");
            return answer;
          });

  protect(r, method::post, "/logout", ctx.guard,
          [&ctx](const principal& who, const request&) -> handler_result {
            std::string sid(who.session_id());
            std::string user(who.subject());
            return deferred_response([&ctx, sid = std::move(sid), user = std::move(user)]() {
              if (!sid.empty()) {
                if (auto ended = ctx.sessions.end_session(sid); !ended) {
                  return service_unavailable(ended.error());
                }
              }
              log_event(log_level::info, "logout", {{"user", user}, {"sid", sid}});
              response done;
              done.status = 204;
              done.content_type.clear();
              return done;
            });
          });

  // RFC 7009: a client revokes only its own tokens (others: 200, no effect); a public client
  // names itself with client_id.
  r.add(method::post, "/revoke", [&ctx](const request& req) -> handler_result {
    return with_client(
        ctx, req, public_clients::allowed,
        [&ctx](const client_config& client, std::map<std::string, std::string>& form) {
          const auto hint = form.find("token_type_hint");
          const auto revoked =
              ctx.sessions.revoke({.token = form["token"],
                                   .type_hint = hint != form.end() ? hint->second : "",
                                   .client_id = client.id});
          if (!revoked) return service_unavailable(revoked.error());
          log_event(log_level::info, "token_revoked", {{"client_id", client.id}});
          response ok;
          ok.content_type.clear();
          ok.header("Cache-Control", "no-store");
          return ok;
        });
  });

  r.add(method::post, "/introspect", [&ctx](const request& req) -> handler_result {
    return with_client(
        ctx, req, public_clients::refused,
        [&ctx](const client_config& client, std::map<std::string, std::string>& form) {
          if (!holds(client.scopes, ctx.config.introspection_scope)) {
            return oauth_error(403, "insufficient_scope",
                               "the client lacks the introspection scope");
          }
          auto answer = json_response(200, ctx.sessions.introspect(form["token"]));
          answer.header("Cache-Control", "no-store");
          return answer;
        });
  });

  r.add(method::get, "/.well-known/jwks.json", [&ctx](const request&) -> handler_result {
    response res;
    res.content_type = "application/jwk-set+json";
    res.body = ctx.keys.read().jwks_json;
    res.header("Cache-Control",
               "public, max-age=" + std::to_string(ctx.config.jwks_max_age.count()));
    return res;
  });
  r.add(method::get, "/.well-known/oauth-authorization-server",
        [&ctx](const request&) -> handler_result {
          return json_response(200, metadata(ctx.config, ctx.openid));
        });
  if (ctx.openid) {
    r.add(method::get, "/.well-known/openid-configuration",
          [&ctx](const request&) -> handler_result {
            return json_response(200, metadata(ctx.config, true));
          });
  }

  r.add(method::get, "/healthz", [](const request&) -> handler_result {
    return json_response(200, {{"status", "ok"}});
  });

  r.add(method::get, "/readyz", [&ctx](const request&) -> handler_result {
    return deferred_response([&ctx]() {
      if (auto ok = ctx.users.ping(); !ok) {
        return json_response(503, {{"status", "unavailable"}, {"database", "unreachable"}});
      }
      return json_response(200, {{"status", "ready"}});
    });
  });

  r.add(method::get, "/metrics", [&ctx](const request& req) -> handler_result {
    if (!is_allowed(ctx.config.metrics_allow, req.client_address)) {
      return detail_response(403, "Forbidden");
    }
    response res;
    res.content_type = "text/plain; version=0.0.4";
    res.body = ctx.metrics.render();
    return res;
  });
}

}  // namespace tessera::server
