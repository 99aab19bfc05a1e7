// The pages: sign-in (which works without JavaScript), sign-out, the account page's shell and
// the token debugger.
#include <map>
#include <string>

#include "auth/digest.hpp"
#include "auth/login.hpp"
#include "auth/token_issuer.hpp"
#include "http/form.hpp"
#include "http/return_to.hpp"
#include "http/same_origin.hpp"
#include "http/web_headers.hpp"
#include "observability/log.hpp"
#include "web/answers.hpp"
#include "web/web_routes.hpp"

namespace tessera::server {
namespace {

constexpr std::string_view account_path = "/web/account";
constexpr std::string_view login_path = "/web/login";
constexpr std::string_view generic_login_error = "Invalid username or password.";

response bad_return_to() {
  return message_page(400, "Bad sign-in link",
                      "return_to must be a path on this service; this one is not.");
}

response login_page(const web_context& ctx, int status, std::string_view username,
                    std::string_view return_to, std::string_view error) {
  auto page = html_page(status, "login",
                        {{"username", username}, {"return_to", return_to}, {"error", error}});
  // Signing in may end at an app's redirect URI (/authorize answers there).
  set_content_security_policy(page, flow_policy(ctx.config));
  return page;
}

std::string seconds(std::string_view count) {
  return std::string(count) + (count == "1" ? " second" : " seconds");
}

// The browser's session, for a page: `on_session` with it, or the sign-in page (303) without.
template <class OnSession>
handler_result with_page_session(web_context& ctx, const request& req, OnSession on_session) {
  const auto cookie = find_cookie(req, refresh_cookie.name);
  if (!cookie) return see_other(std::string(login_path));
  return deferred_response(
      [&ctx, token = std::string(*cookie), on_session = std::move(on_session)]() -> response {
        auto found = ctx.sessions.peek(token, web_client_id);
        if (!found) return service_unavailable(found.error());
        if (!*found) {
          auto res = see_other(std::string(login_path));
          res.header("Set-Cookie", expire_cookie(refresh_cookie));
          return res;
        }
        return on_session(**found);
      });
}

handler_result post_login(web_context& ctx, const request& req) {
  if (!may_change_state(req, ctx.origin, false)) return cross_origin_refusal();
  if (!is_media_type(req.content_type, "application/x-www-form-urlencoded")) {
    return message_page(415, "Unsupported form", "The sign-in form is sent as a web form.");
  }
  auto form = parse_form(req.body);
  if (!form) return message_page(400, "Bad form", "The sign-in form could not be read.");
  auto& fields = *form;
  std::string return_to = fields["return_to"];
  if (!return_to.empty() && !is_local_return_to(return_to)) return bad_return_to();
  const auto& username = fields["username"];
  if (username.empty() || fields["password"].empty()) {
    return login_page(ctx, 400, username, return_to, "Enter your username and password.");
  }
  const login_source source{.address = req.client_address, .username = username};
  if (auto wait = login_throttled(ctx.login, source, answer_style::detail)) {
    std::string retry = "60";
    for (const auto& [name, value] : wait->headers) {
      if (name == "Retry-After") retry = value;
    }
    auto page = message_page(429, "Too many attempts",
                             "Too many sign-in attempts. Try again in " + seconds(retry) + ".");
    page.header("Retry-After", retry);
    return page;
  }
  password_login login{.username = std::move(fields["username"]),
                       .password = std::move(fields["password"]),
                       .address = std::string(req.client_address),
                       .user_agent = std::string(req.user_agent),
                       .browser_key = {},
                       .requested = {},
                       .client_id = std::string(web_client_id),
                       .style = answer_style::detail};
  // The browser-session cookie holds a random key; the store keeps only its hash.
  std::string browser_key = random_token(32);
  login.browser_key = sha256_base64url(browser_key);
  const auto replaced = find_cookie(req, refresh_cookie.name);
  return deferred_response([&ctx, login = std::move(login), return_to = std::move(return_to),
                            browser_key = std::move(browser_key),
                            replaced = std::string(replaced.value_or(""))]() mutable -> response {
    const std::string name = login.username;  // sign_in wipes the password, not the name
    auto tokens = sign_in(ctx.login, login);
    if (!tokens) {
      if (tokens.error().code == errc::invalid_credentials) {
        return login_page(ctx, 401, name, return_to, generic_login_error);
      }
      return service_unavailable(tokens.error());
    }
    // The session of the cookie this sign-in replaces would stay live with no cookie left to
    // end it.
    if (!replaced.empty()) {
      if (auto old = ctx.sessions.peek(replaced, web_client_id); old && *old) {
        (void)ctx.sessions.end_session((*old)->id);
      }
    }
    auto res = see_other(return_to.empty() ? std::string(account_path) : return_to);
    set_refresh_cookie(res, tokens->refresh_token, tokens->session_expires_at);
    set_browser_session_cookie(res, browser_key, tokens->session_expires_at);
    return res;
  });
}

handler_result post_logout(web_context& ctx, const request& req) {
  if (!may_change_state(req, ctx.origin, false)) return cross_origin_refusal();
  const auto cookie = find_cookie(req, refresh_cookie.name);
  auto signed_out = [] {
    auto res = see_other(std::string(login_path));
    end_browser_session(res);
    return res;
  };
  if (!cookie) return signed_out();
  return deferred_response([&ctx, token = std::string(*cookie), signed_out]() -> response {
    auto found = ctx.sessions.peek(token, web_client_id);
    if (!found) return service_unavailable(found.error());
    if (*found) {
      const auto& session = **found;
      if (auto ended = ctx.sessions.end_session(session.id); !ended) {
        return service_unavailable(ended.error());
      }
      log_event(log_level::info, "logout", {{"user", session.username}, {"sid", session.id}});
    }
    return signed_out();
  });
}

}  // namespace

void add_web_page_routes(router& r, web_context& ctx) {
  r.add(method::get, "/", [&ctx](const request& req) -> handler_result {
    return with_page_session(
        ctx, req, [](const session_record&) { return see_other(std::string(account_path)); });
  });
  r.add(method::get, std::string(login_path), [&ctx](const request& req) -> handler_result {
    const auto query = parse_form(req.query);
    if (!query) return bad_return_to();
    const auto given = query->find("return_to");
    const std::string return_to = given != query->end() ? given->second : std::string{};
    if (!return_to.empty() && !is_local_return_to(return_to)) return bad_return_to();
    // An app may say who is signing in (OpenID Connect's login_hint); the user can change it.
    const auto hint = query->find("login_hint");
    return login_page(ctx, 200, hint != query->end() ? hint->second : std::string{}, return_to, "");
  });
  r.add(method::post, std::string(login_path),
        [&ctx](const request& req) { return post_login(ctx, req); });
  r.add(method::post, "/web/logout", [&ctx](const request& req) { return post_logout(ctx, req); });
  r.add(method::get, std::string(account_path), [&ctx](const request& req) -> handler_result {
    return with_page_session(ctx, req, [](const session_record& session) {
      return html_page(200, "account", {{"username", session.username}});
    });
  });
  r.add(method::get, "/web/debugger",
        [](const request&) -> handler_result { return html_page(200, "debugger", {}); });
  r.add_prefix(method::get, "/web/static/",
               [](const request& req) -> handler_result { return static_asset(req); });
}

}  // namespace tessera::server
