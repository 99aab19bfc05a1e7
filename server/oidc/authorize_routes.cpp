// GET /authorize and POST /authorize/consent: the authorization endpoint (RFC 6749 section 4.1,
// RFC 7636, OpenID Connect Core section 3.1.2), on the browser face's sign-in page and session.
#include <algorithm>
#include <string>

#include "auth/code_grant.hpp"
#include "auth/digest.hpp"
#include "auth/login.hpp"
#include "auth/token_issuer.hpp"
#include "config/origin.hpp"
#include "http/cookies.hpp"
#include "http/form.hpp"
#include "http/same_origin.hpp"
#include "http/url.hpp"
#include "http/web_headers.hpp"
#include "observability/log.hpp"
#include "oidc/authorization_request.hpp"
#include "oidc/oidc_routes.hpp"
#include "unix_time.hpp"
#include "web/answers.hpp"

namespace tessera::server {
namespace {

// RFC 9207: the issuer goes with every answer, so that a client talking to several providers
// knows which one answered (mix-up defence).
response to_client(const oidc_context& ctx, const authorization_client_error& e) {
  return see_other(with_query(e.redirect_uri, {{"error", e.error},
                                               {"error_description", e.description},
                                               {"state", e.state},
                                               {"iss", ctx.tokens.issuer()}}));
}

response cannot_sign_in(std::string_view why) {
  return message_page(400, "Cannot sign you in", why);
}

// The answer to an outcome that is not a request, or nothing.
std::optional<response> refusal(const oidc_context& ctx, const authorization_outcome& outcome) {
  if (const auto* page = std::get_if<authorization_page_error>(&outcome)) {
    return cannot_sign_in(page->message);
  }
  if (const auto* client = std::get_if<authorization_client_error>(&outcome)) {
    return to_client(ctx, *client);
  }
  return std::nullopt;
}

std::string describe_scopes(const std::vector<std::string>& scopes) {
  std::string out;
  for (const auto& scope : scopes) {
    if (!out.empty()) out += ", ";
    if (scope == "openid") {
      out += "your identity (openid)";
    } else if (scope == "profile") {
      out += "your name and username (profile)";
    } else if (scope == "email") {
      out += "your email address (email)";
    } else if (scope == "offline_access") {
      out += "access while you are away (offline_access)";
    } else {
      out += scope;
    }
  }
  return out;
}

// Where the app gets the answer, as the user can read it: its host, or its app scheme.
std::string redirect_host(std::string_view redirect_uri) {
  if (auto origin = parse_origin(redirect_uri)) {
    const auto serialized = origin->serialized();
    return serialized.substr(serialized.find("://") + 3);
  }
  return std::string(redirect_uri.substr(0, redirect_uri.find(':')));
}

bool covers(const std::vector<std::string>& allowed, const std::vector<std::string>& wanted) {
  return std::ranges::all_of(
      wanted, [&](const auto& s) { return std::ranges::find(allowed, s) != allowed.end(); });
}

response to_sign_in(const authorization_request& request) {
  const std::string back =
      "/authorize?" + (request.prompt_login ? without_prompt_login(request.query) : request.query);
  return see_other(
      with_query("/web/login", {{"return_to", back}, {"login_hint", request.login_hint}}));
}

response issue_code(oidc_context& ctx, const authorization_request& request,
                    const signed_in_user& who, std::vector<std::string> scopes) {
  const auto now = unix_now();
  const auto code = random_token(32);
  auto added = ctx.users.add_authorization_code({.code_hash = sha256_base64url(code),
                                                 .client_id = request.client->id,
                                                 .redirect_uri = request.redirect_uri,
                                                 .username = who.user.username,
                                                 .browser_session = who.session.id,
                                                 .scopes = std::move(scopes),
                                                 .nonce = request.nonce,
                                                 .code_challenge = request.code_challenge,
                                                 .auth_time = who.session.created_at,
                                                 .expires_at = now + authorization_code_ttl,
                                                 .redeemed_at = std::nullopt,
                                                 .token_session = {}});
  if (!added) return service_unavailable(added.error());
  log_event(log_level::info, "authorization_code_issued",
            {{"client_id", request.client->id}, {"user", who.user.username}});
  return see_other(
      with_query(request.redirect_uri,
                 {{"code", code}, {"state", request.state}, {"iss", ctx.tokens.issuer()}}));
}

// On the pool: what GET /authorize answers once the request is known to be sound.
response decide(oidc_context& ctx, const authorization_request& request,
                const std::string& cookie) {
  auto found = find_browser_session(ctx, cookie);
  if (!found) return service_unavailable(found.error());
  const auto& signed_in = *found;
  const auto now = unix_now();
  const bool too_old =
      signed_in && request.max_age && now - signed_in->session.created_at > *request.max_age;
  if (!signed_in || request.prompt_login || too_old) {
    if (request.prompt_none) {
      return to_client(ctx, {request.redirect_uri, request.state, "login_required",
                             "the user is not signed in"});
    }
    return to_sign_in(request);
  }
  const auto& who = *signed_in;
  auto scopes = granted_scopes(request, who.user.scopes);
  bool ask = request.client->consent || request.prompt_consent;
  if (ask && !request.prompt_consent) {
    auto given = ctx.users.find_consent(who.user.username, request.client->id);
    if (!given) return service_unavailable(given.error());
    const auto& consent = *given;
    if (consent && covers(consent->scopes, scopes)) ask = false;
  }
  if (ask) {
    if (request.prompt_none) {
      return to_client(ctx, {request.redirect_uri, request.state, "consent_required",
                             "the user has not allowed this application yet"});
    }
    auto page = html_page(200, "consent",
                          {{"client", request.client->id},
                           {"username", who.user.username},
                           {"scopes", describe_scopes(scopes)},
                           {"redirect_host", redirect_host(request.redirect_uri)},
                           {"request", request.query}});
    set_content_security_policy(page, flow_policy(ctx.config));
    return page;
  }
  return issue_code(ctx, request, who, std::move(scopes));
}

// On the pool: the user's answer on the consent page.
response answer_consent(oidc_context& ctx, const authorization_request& request,
                        const std::string& cookie, bool allowed) {
  auto found = find_browser_session(ctx, cookie);
  if (!found) return service_unavailable(found.error());
  const auto& signed_in = *found;
  if (!signed_in) return to_sign_in(request);
  if (!allowed) {
    return to_client(ctx, {request.redirect_uri, request.state, "access_denied",
                           "the user did not allow this application"});
  }
  const auto& who = *signed_in;
  auto scopes = granted_scopes(request, who.user.scopes);
  if (auto stored = ctx.users.put_consent({.username = who.user.username,
                                           .client_id = request.client->id,
                                           .scopes = scopes,
                                           .granted_at = unix_now()});
      !stored) {
    return service_unavailable(stored.error());
  }
  log_event(log_level::info, "consent_given",
            {{"client_id", request.client->id}, {"user", who.user.username}});
  return issue_code(ctx, request, who, std::move(scopes));
}

std::string browser_cookie(const request& req) {
  return std::string(find_cookie(req, browser_session_cookie.name).value_or(""));
}

}  // namespace

void add_authorize_routes(router& r, oidc_context& ctx) {
  // OpenID Connect Core section 3.1.2.1: GET with a query, or POST with a form of the same.
  const auto authorize = [&ctx](const request& req, std::string_view parameters) -> handler_result {
    auto outcome = read_authorization_request(parameters, ctx.config);
    if (auto refused = refusal(ctx, outcome)) return std::move(*refused);
    return deferred_response(
        [&ctx, request = std::get<authorization_request>(std::move(outcome)),
         cookie = browser_cookie(req)]() { return decide(ctx, request, cookie); });
  };
  r.add(method::get, "/authorize",
        [authorize](const request& req) { return authorize(req, req.query); });
  r.add(method::post, "/authorize", [authorize](const request& req) -> handler_result {
    if (!is_media_type(req.content_type, "application/x-www-form-urlencoded")) {
      return cannot_sign_in("An authorization request is sent as a web form.");
    }
    return authorize(req, req.body);
  });

  r.add(method::post, "/authorize/consent", [&ctx](const request& req) -> handler_result {
    // The consent page's own form only: another site's form (or a frame, which the page's
    // headers forbid) cannot answer for the user.
    if (!may_change_state(req, ctx.web.origin, false)) {
      return cross_origin_refusal();
    }
    auto form = is_media_type(req.content_type, "application/x-www-form-urlencoded")
                    ? parse_form(req.body)
                    : std::nullopt;
    if (!form) return cannot_sign_in("The consent form could not be read.");
    const auto decision = (*form)["decision"];
    if (decision != "allow" && decision != "deny") {
      return cannot_sign_in("The consent form's answer is allow or deny.");
    }
    auto outcome = read_authorization_request((*form)["request"], ctx.config);
    if (auto refused = refusal(ctx, outcome)) return std::move(*refused);
    return deferred_response([&ctx, request = std::get<authorization_request>(std::move(outcome)),
                              cookie = browser_cookie(req), allowed = decision == "allow"]() {
      return answer_consent(ctx, request, cookie, allowed);
    });
  });
}

}  // namespace tessera::server
