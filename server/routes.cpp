#include "routes.hpp"

#include <boost/json/array.hpp>

#include "auth/client_auth.hpp"
#include "http/form.hpp"
#include "http/responses.hpp"
#include "observability/log.hpp"

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

response unauthorized_client() {
  auto r = oauth_error(401, "invalid_client", "client authentication failed");
  r.header("WWW-Authenticate", "Basic realm=\"tessera\"");
  return r;
}

// /introspect and /revoke: a form body and an authenticated client, checked on the pool.
template <class Answer>
handler_result with_client(route_context& ctx, const request& req, Answer answer) {
  if (req.authorization.size() != 1) return unauthorized_client();
  auto credentials = parse_basic(req.authorization.front());
  if (!credentials) return unauthorized_client();
  if (!is_media_type(req.content_type, "application/x-www-form-urlencoded")) {
    return oauth_error(400, "invalid_request",
                       "expected an application/x-www-form-urlencoded body");
  }
  auto form = parse_form(req.body);
  if (!form) return oauth_error(400, "invalid_request", "malformed or repeated form parameters");
  if (!form->contains("token")) return oauth_error(400, "invalid_request", "token is required");
  return deferred_response([&ctx, credentials = std::move(*credentials), form = std::move(*form),
                            answer = std::move(answer)]() mutable -> response {
    const client_config* client = authenticate_client(ctx.config, ctx.hasher, credentials);
    if (client == nullptr) return unauthorized_client();
    return answer(*client, form);
  });
}

boost::json::object metadata(const service_config& config) {
  const std::string base = config.effective_public_url();
  boost::json::array algorithms{to_string(config.alg)};
  return {
      {"issuer", base},
      {"jwks_uri", base + "/.well-known/jwks.json"},
      {"token_endpoint", base + "/token"},
      {"revocation_endpoint", base + "/revoke"},
      {"introspection_endpoint", base + "/introspect"},
      {"grant_types_supported", boost::json::array{"password", "refresh_token"}},
      {"response_types_supported", boost::json::array{"token"}},
      {"token_endpoint_auth_methods_supported", boost::json::array{"none", "client_secret_basic"}},
      {"revocation_endpoint_auth_methods_supported", boost::json::array{"client_secret_basic"}},
      {"introspection_endpoint_auth_methods_supported", boost::json::array{"client_secret_basic"}},
      {"id_token_signing_alg_values_supported", algorithms},
      {"token_endpoint_auth_signing_alg_values_supported", algorithms},
      {"subject_types_supported", boost::json::array{"public"}}};
}

}  // namespace

void add_routes(router& r, route_context& ctx) {
  // Every answer of the token endpoints, errors included, is kept out of caches.
  r.open(method::post, "/login",
         [&ctx](const request& req) { return never_stored(handle_login(ctx.login, req)); });
  r.open(method::post, "/token",
         [&ctx](const request& req) { return never_stored(handle_token(ctx.login, req)); });
  r.open(method::post, "/refresh",
         [&ctx](const request& req) { return never_stored(handle_refresh(ctx.login, req)); });

  r.protect(method::get, "/secure-endpoint", ctx.guard,
            [](const principal&, const request&) -> handler_result {
              return json_response(200, {{"message", "You've accessed a secure endpoint!"}});
            });

  // An example of a route that requires a scope: 403 insufficient_scope without it.
  r.protect(
      method::get, "/admin-endpoint", ctx.guard,
      [](const principal& who, const request&) -> handler_result {
        return json_response(200,
                             {{"message", "Hello, administrator " + std::string(who.subject())}});
      },
      "admin");

  r.protect(method::get, "/users/me", ctx.guard,
            [](const principal& who, const request&) -> handler_result {
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

  r.protect(method::post, "/logout", ctx.guard,
            [&ctx](const principal& who, const request&) -> handler_result {
              std::string sid(who.session_id());
              std::string user(who.subject());
              return deferred_response([&ctx, sid = std::move(sid), user = std::move(user)]() {
                if (!sid.empty() && !ctx.sessions.end_session(sid)) {
                  return detail_response(503, "Service unavailable");
                }
                log_event(log_level::info, "logout", {{"user", user}, {"sid", sid}});
                response done;
                done.status = 204;
                done.content_type.clear();
                return done;
              });
            });

  r.open(method::post, "/revoke", [&ctx](const request& req) -> handler_result {
    return with_client(
        ctx, req, [&ctx](const client_config& client, std::map<std::string, std::string>& form) {
          const auto hint = form.find("token_type_hint");
          if (!ctx.sessions.revoke(form["token"], hint != form.end() ? hint->second : "")) {
            return detail_response(503, "Service unavailable");
          }
          log_event(log_level::info, "token_revoked", {{"client", client.id}});
          response ok;
          ok.content_type.clear();
          ok.header("Cache-Control", "no-store");
          return ok;
        });
  });

  r.open(method::post, "/introspect", [&ctx](const request& req) -> handler_result {
    return with_client(
        ctx, req, [&ctx](const client_config& client, std::map<std::string, std::string>& form) {
          if (!holds(client.scopes, ctx.config.introspection_scope)) {
            return oauth_error(403, "insufficient_scope",
                               "the client lacks the introspection scope");
          }
          auto answer = json_response(200, ctx.sessions.introspect(form["token"]));
          answer.header("Cache-Control", "no-store");
          return answer;
        });
  });

  r.open(method::get, "/.well-known/jwks.json", [&ctx](const request&) -> handler_result {
    response res;
    res.content_type = "application/jwk-set+json";
    res.body = ctx.keys.read().jwks_json;
    res.header("Cache-Control",
               "public, max-age=" + std::to_string(ctx.config.jwks_max_age.count()));
    return res;
  });
  r.open(method::get, "/.well-known/oauth-authorization-server",
         [&ctx](const request&) -> handler_result {
           return json_response(200, metadata(ctx.config));
         });
  r.open(method::get, "/.well-known/openid-configuration",
         [&ctx](const request&) -> handler_result {
           return json_response(200, metadata(ctx.config));
         });

  r.open(method::get, "/healthz", [](const request&) -> handler_result {
    return json_response(200, {{"status", "ok"}});
  });

  r.open(method::get, "/readyz", [&ctx](const request&) -> handler_result {
    return deferred_response([&ctx]() {
      if (auto ok = ctx.users.ping(); !ok) {
        return json_response(503, {{"status", "unavailable"}, {"database", "unreachable"}});
      }
      return json_response(200, {{"status", "ready"}});
    });
  });

  r.open(method::get, "/metrics", [&ctx](const request& req) -> handler_result {
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
