#include "routes.hpp"

#include <boost/json/array.hpp>

#include "http/responses.hpp"

namespace tessera::server {
namespace {

bool is_allowed(const std::vector<std::string>& allow, std::string_view address) {
  for (const auto& a : allow) {
    if (a == address) return true;
  }
  return false;
}

}  // namespace

void add_routes(router& r, route_context& ctx) {
  r.open(method::post, "/login",
         [&ctx](const request& req) { return handle_login(ctx.login, req); });
  r.open(method::post, "/token",
         [&ctx](const request& req) { return handle_token(ctx.login, req); });

  r.protect(method::get, "/secure-endpoint", ctx.guard,
            [](const principal&, const request&) -> handler_result {
              return json_response(200, {{"message", "You've accessed a secure endpoint!"}});
            });

  r.protect(method::get, "/users/me", ctx.guard,
            [](const principal& who, const request&) -> handler_result {
              boost::json::array scopes;
              for (const auto& s : who.scopes()) scopes.emplace_back(s);
              const auto claims = who.token().claims();
              boost::json::object body{{"username", who.subject()}, {"scopes", scopes}};
              if (auto exp = claims.expires_at())
                body["expires_at"] = exp->time_since_epoch().count();
              return json_response(200, body);
            });

  r.open(method::get, "/healthz", [](const request&) -> handler_result {
    return json_response(200, {{"status", "ok"}});
  });

  r.open(method::get, "/readyz", [&ctx](const request&) -> handler_result {
    if (auto ok = ctx.users.ping(); !ok) {
      return json_response(503, {{"status", "unavailable"}, {"database", "unreachable"}});
    }
    return json_response(200, {{"status", "ready"}});
  });

  r.open(method::get, "/metrics", [&ctx](const request& req) -> handler_result {
    if (!is_allowed(ctx.config.metrics_allow, req.client_address) || ctx.metrics == nullptr) {
      return detail_response(403, "Forbidden");
    }
    response res;
    res.content_type = "text/plain; version=0.0.4";
    res.body = ctx.metrics->render();
    return res;
  });
}

}  // namespace tessera::server
