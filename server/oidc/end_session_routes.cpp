// RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0): an app sends the browser to
// /end-session to sign the user out of the service too. Only an ID token of the current browser
// session (id_token_hint) ends it at once; anything else asks the user, so that no other site
// can sign a user out. The browser goes back only to a registered post_logout_redirect_uri.
#include <algorithm>
#include <map>
#include <optional>
#include <string>

#include "auth/login.hpp"
#include "http/cookies.hpp"
#include "http/form.hpp"
#include "http/same_origin.hpp"
#include "http/url.hpp"
#include "http/web_headers.hpp"
#include "observability/log.hpp"
#include "oidc/oidc_routes.hpp"
#include "web/answers.hpp"

namespace tessera::server {
namespace {

// A logout request, checked: where to go afterwards, and what the hint proves.
struct logout_request {
  std::string params;    ///< as sent, to come back to from the confirmation page
  std::string redirect;  ///< post_logout_redirect_uri (registered), or empty
  std::string state;
  std::string client_id;       ///< named by the hint's aud or client_id, or empty
  std::string hinted_session;  ///< the sid of a valid id_token_hint, or empty
};

// An id_token_hint verified with the keys, and the clients, of this moment (a reload changes
// the clients the audience must name); nothing when it does not verify.
std::optional<tessera::verified_token> verified_hint(const oidc_context& ctx,
                                                     std::string_view hint) {
  const auto keys = ctx.tokens.keys().share();
  if (!keys->id_token_keys) return std::nullopt;
  auto hints =
      tessera::verifier::create(*keys->id_token_keys, key_ring::id_token_hint_rules(ctx.config));
  if (!hints) return std::nullopt;
  auto verified = hints->verify(hint);
  if (!verified) return std::nullopt;
  return std::move(*verified);
}

std::variant<logout_request, response> read_logout(const oidc_context& ctx, std::string_view raw) {
  auto parsed = parse_form(raw);
  if (!parsed) return message_page(400, "Cannot sign you out", "The request is malformed.");
  auto& params = *parsed;
  logout_request out{.params = std::string(raw),
                     .redirect = params["post_logout_redirect_uri"],
                     .state = params["state"],
                     .client_id = params["client_id"],
                     .hinted_session = {}};
  if (const auto& hint = params["id_token_hint"]; !hint.empty()) {
    // A hint that does not verify (an access token, another issuer's token, a forgery, a token
    // of an app no longer registered) proves nothing, and then the user is asked.
    if (const auto verified = verified_hint(ctx, hint)) {
      const auto claims = verified->claims();
      const auto audience = claims.audience();
      if (!audience.empty()) {
        if (!out.client_id.empty() && out.client_id != audience.front()) {
          return message_page(400, "Cannot sign you out",
                              "client_id and the ID token's audience differ.");
        }
        out.client_id = std::string(audience.front());
      }
      out.hinted_session = std::string(claims.text("sid").value_or(""));
    }
  }
  if (!out.redirect.empty()) {
    const auto clients = ctx.config.clients.snapshot();
    const auto client = std::ranges::find(*clients, out.client_id, &client_config::id);
    const bool registered = client != clients->end() &&
                            std::ranges::find(client->post_logout_redirect_uris, out.redirect) !=
                                client->post_logout_redirect_uris.end();
    if (!registered) {
      return message_page(400, "Cannot sign you out",
                          "The application asked to send you to an address it has not "
                          "registered for after sign-out.");
    }
  }
  return out;
}

response signed_out(const logout_request& request) {
  auto res = request.redirect.empty()
                 ? message_page(200, "Signed out", "You are signed out of Tessera.")
                 : see_other(with_query(request.redirect, {{"state", request.state}}));
  end_browser_session(res);
  return res;
}

response end_and_leave(oidc_context& ctx, const logout_request& request,
                       const std::optional<signed_in_user>& who) {
  if (who) {
    if (auto ended = ctx.sessions.end_session(who->session.id); !ended) {
      return service_unavailable(ended.error());
    }
    log_event(
        log_level::info, "logout",
        {{"user", who->user.username}, {"sid", who->session.id}, {"client_id", request.client_id}});
  }
  return signed_out(request);
}

handler_result end_session(oidc_context& ctx, const request& req, std::string_view raw) {
  auto read = read_logout(ctx, raw);
  if (auto* refused = std::get_if<response>(&read)) return std::move(*refused);
  return deferred_response(
      [&ctx, request = std::get<logout_request>(std::move(read)),
       cookie =
           std::string(find_cookie(req, browser_session_cookie.name).value_or(""))]() -> response {
        auto found = find_browser_session(ctx, cookie);
        if (!found) return service_unavailable(found.error());
        // Signed out already: nothing to end, nothing to ask.
        if (!*found) return signed_out(request);
        if (!request.hinted_session.empty() && request.hinted_session == (*found)->session.id) {
          return end_and_leave(ctx, request, *found);
        }
        auto page =
            html_page(200, "logout_confirm",
                      {{"client", request.client_id.empty() ? "An application" : request.client_id},
                       {"request", request.params}});
        // Signing out may end at the app's post-logout redirect URI.
        set_content_security_policy(page, flow_policy(ctx.config));
        return page;
      });
}

}  // namespace

void add_end_session_routes(router& r, oidc_context& ctx) {
  r.add(method::get, "/end-session",
        [&ctx](const request& req) { return end_session(ctx, req, req.query); });
  r.add(method::post, "/end-session", [&ctx](const request& req) -> handler_result {
    if (!is_media_type(req.content_type, "application/x-www-form-urlencoded")) {
      return message_page(415, "Cannot sign you out", "The request is sent as a web form.");
    }
    return end_session(ctx, req, req.body);
  });
  r.add(method::post, "/end-session/confirm", [&ctx](const request& req) -> handler_result {
    if (!may_change_state(req, ctx.web.origin, false)) {
      return cross_origin_refusal();
    }
    auto form = is_media_type(req.content_type, "application/x-www-form-urlencoded")
                    ? parse_form(req.body)
                    : std::nullopt;
    if (!form) return message_page(400, "Cannot sign you out", "The form could not be read.");
    if ((*form)["decision"] != "logout") return see_other("/web/account");
    auto read = read_logout(ctx, (*form)["request"]);
    if (auto* refused = std::get_if<response>(&read)) return std::move(*refused);
    return deferred_response(
        [&ctx, request = std::get<logout_request>(std::move(read)),
         cookie = std::string(
             find_cookie(req, browser_session_cookie.name).value_or(""))]() -> response {
          auto found = find_browser_session(ctx, cookie);
          if (!found) return service_unavailable(found.error());
          return end_and_leave(ctx, request, *found);
        });
  });
}

}  // namespace tessera::server
