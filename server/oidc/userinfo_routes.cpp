// GET and POST /userinfo (OpenID Connect Core section 5.3): the signed-in user's claims, by the
// scopes of the access token presented.
#include "auth/id_token.hpp"
#include "auth/login.hpp"
#include "http/responses.hpp"
#include "oidc/oidc_routes.hpp"

namespace tessera::server {

void add_userinfo_routes(router& r, oidc_context& ctx) {
  auto answer = [&ctx](const principal& who, const request&) -> handler_result {
    if (who.session_id().empty()) {
      // A client's own token (client credentials) names no user.
      return oauth_error(403, "insufficient_scope", "this token was issued to a client");
    }
    return deferred_response(
        [&ctx, username = std::string(who.subject()), scopes = who.scopes()]() -> response {
          auto user = ctx.users.find_user(username);
          if (!user) return service_unavailable(user.error());
          if (!*user) return oauth_error(401, "invalid_token", "the user no longer exists");
          auto res = json_response(200, user_claims(**user, scopes));
          res.header("Cache-Control", "no-store");
          return res;
        });
  };
  r.add(method::get, "/userinfo", guarded(ctx.guard, answer, "openid"));
  r.add(method::post, "/userinfo", guarded(ctx.guard, answer, "openid"));
}

}  // namespace tessera::server
