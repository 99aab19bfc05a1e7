#include "auth/login.hpp"

#include <algorithm>
#include <cstdint>

#include <boost/json/object.hpp>

#include <tessera/json.hpp>

#include "http/form.hpp"
#include "http/responses.hpp"
#include "observability/log.hpp"
#include "password/wipe.hpp"
#include "words.hpp"

namespace tessera::server {
namespace {

// The granted scopes: those asked for that the user holds; all the user holds when none asked.
std::vector<std::string> grant(const std::vector<std::string>& held,
                               const std::vector<std::string>& requested) {
  if (requested.empty()) return held;
  std::vector<std::string> granted;
  for (const auto& s : requested) {
    if (std::ranges::find(held, s) != held.end()) granted.push_back(s);
  }
  return granted;
}

// Runs on a hashing thread. Unknown and disabled users cost one Argon2id verification too, and
// get the same answer as a wrong password. The password is wiped whatever the outcome.
result<token_pair> attempt(login_context& ctx, password_login& login) {
  const wipe_on_exit wiped(login.password);
  auto user = ctx.users.find_user(login.username);
  if (!user) return std::unexpected(user.error());
  // The user who may log in; null for an unknown or disabled one.
  const auto& found = *user;
  const auto* account = found && !found->disabled ? &*found : nullptr;
  const bool valid = account != nullptr ? ctx.hasher.verify(account->password_hash, login.password)
                                        : (ctx.hasher.verify_dummy(login.password), false);
  if (!valid) {
    ctx.throttle.record_failure({.address = login.address, .username = login.username});
    log_event(log_level::warning, "login_failed",
              {{"user", login.username}, {"client", login.address}});
    return fail(errc::invalid_credentials);
  }
  ctx.throttle.record_success({.address = login.address, .username = login.username});
  if (ctx.hasher.needs_rehash(account->password_hash)) {
    // The configured cost changed since this hash was made: upgrade it now that we can.
    if (auto rehashed = ctx.hasher.hash(login.password)) {
      (void)ctx.users.set_password_hash(login.username, *rehashed);
    }
  }
  auto tokens =
      ctx.sessions.start(*account, login.client_id, grant(account->scopes, login.requested),
                         {.user_agent = login.user_agent,
                          .ip = login.address,
                          .browser_key = login.browser_key,
                          .parent_session = {}});
  if (tokens) {
    log_event(log_level::info, "login", {{"user", login.username}, {"client", login.address}});
  }
  return tokens;
}

response refusal(answer_style style, int detail_status, std::string_view oauth_code,
                 std::string_view description) {
  if (style == answer_style::oauth) return oauth_error(400, oauth_code, description);
  return detail_response(detail_status, description);
}

}  // namespace

response service_unavailable(const failure& why) {
  log_event(log_level::error, why.name(), {{"detail", why.message()}});
  return detail_response(503, "Service unavailable");
}

response token_response(const issued_token& access, const std::string* refresh_token,
                        const std::vector<std::string>& granted,
                        const std::vector<std::string>& requested) {
  boost::json::object body{{"access_token", access.token},
                           {"token_type", "bearer"},
                           {"expires_in", access.expires_in.count()}};
  if (refresh_token != nullptr) body["refresh_token"] = *refresh_token;
  // RFC 6749 section 5.1: required when it differs from what was asked.
  if (!granted.empty() || (!requested.empty() && granted != requested)) {
    body["scope"] = join_words(granted);
  }
  auto resp = json_response(200, body);
  resp.header("Cache-Control", "no-store").header("Pragma", "no-cache");
  return resp;
}

std::optional<response> login_throttled(login_context& ctx, const login_source& source,
                                        answer_style style) {
  const auto wait = ctx.throttle.retry_after(source);
  if (wait.count() <= 0) return std::nullopt;
  ctx.metrics.record_login(login_outcome::throttled);
  log_event(log_level::warning, "login_throttled",
            {{"user", source.username}, {"client", source.address}});
  auto r = style == answer_style::oauth
               ? oauth_error(429, "invalid_request", "Too many login attempts")
               : detail_response(429, "Too many login attempts");
  r.header("Retry-After", std::to_string(wait.count()));
  return r;
}

result<token_pair> sign_in(login_context& ctx, password_login& login) {
  auto tokens = attempt(ctx, login);
  if (tokens) {
    ctx.metrics.record_login(login_outcome::success);
    ctx.metrics.record_token_issued();
  } else {
    ctx.metrics.record_login(tokens.error().code == errc::invalid_credentials
                                 ? login_outcome::invalid_credentials
                                 : login_outcome::error);
  }
  return tokens;
}

response run_password_login(login_context& ctx, password_login& login) {
  const auto tokens = sign_in(ctx, login);
  if (tokens) {
    return token_response(tokens->access, &tokens->refresh_token, tokens->scopes, login.requested);
  }
  if (tokens.error().code == errc::invalid_credentials) {
    return refusal(login.style, 401, "invalid_grant", "Invalid credentials");
  }
  return service_unavailable(tokens.error());
}

response run_refresh(login_context& ctx, const refresh_grant& grant, answer_style style) {
  const auto tokens = ctx.sessions.refresh(grant);
  if (tokens) {
    ctx.metrics.record_token_issued();
    return token_response(tokens->access, &tokens->refresh_token, tokens->scopes, grant.requested);
  }
  const auto& why = tokens.error().code;
  if (why == errc::invalid_grant || why == errc::refresh_token_reused) {
    return refusal(style, 401, "invalid_grant", "Invalid refresh token");
  }
  if (why == errc::scope_not_granted) {
    return refusal(style, 400, "invalid_scope",
                   "a refresh may ask for the session's scopes or fewer, never more");
  }
  return service_unavailable(tokens.error());
}

handler_result handle_login(login_context& ctx, const request& req) {
  auto body = tessera::parse_strict(req.body);
  if (!body) return detail_response(400, "Malformed JSON body");
  const auto* object = body->if_object();
  if (object == nullptr)
    return validation_error("body", "value is not a valid dict", "type_error.dict");
  std::string fields[2];
  constexpr std::string_view names[2] = {"username", "password"};
  for (std::size_t i = 0; i < 2; ++i) {
    const auto* v = object->if_contains(names[i]);
    if (v == nullptr) return validation_error(names[i], "field required", "value_error.missing");
    if (!v->is_string()) return validation_error(names[i], "str type expected", "type_error.str");
    fields[i] = std::string(v->get_string());
  }
  if (auto wait = login_throttled(ctx, {.address = req.client_address, .username = fields[0]},
                                  answer_style::detail)) {
    return std::move(*wait);
  }
  return deferred_response([&ctx, login = password_login{.username = std::move(fields[0]),
                                                         .password = std::move(fields[1]),
                                                         .address = std::string(req.client_address),
                                                         .user_agent = std::string(req.user_agent),
                                                         .requested = {},
                                                         .client_id = ctx.config.default_client_id,
                                                         .style = answer_style::detail}]() mutable {
    return run_password_login(ctx, login);
  });
}

handler_result handle_refresh(login_context& ctx, const request& req) {
  auto body = tessera::parse_strict(req.body);
  if (!body) return detail_response(400, "Malformed JSON body");
  const auto* object = body->if_object();
  if (object == nullptr)
    return validation_error("body", "value is not a valid dict", "type_error.dict");
  const auto* token = object->if_contains("refresh_token");
  if (token == nullptr)
    return validation_error("refresh_token", "field required", "value_error.missing");
  if (!token->is_string())
    return validation_error("refresh_token", "str type expected", "type_error.str");
  return deferred_response([&ctx, token = std::string(token->get_string())]() {
    return run_refresh(ctx, {.refresh_token = token, .client_id = ctx.config.default_client_id},
                       answer_style::detail);
  });
}

}  // namespace tessera::server
