#include "auth/login.hpp"

#include <algorithm>
#include <cstdint>

#include <sodium.h>
#include <boost/json/object.hpp>

#include <tessera/json.hpp>

#include "http/form.hpp"
#include "http/responses.hpp"
#include "observability/log.hpp"
#include "words.hpp"

namespace tessera::server {
namespace {

enum class login_status : std::uint8_t { ok, invalid_credentials, error };

struct login_result {
  login_status status = login_status::error;
  std::optional<token_pair> tokens{};
};

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
// get the same answer as a wrong password.
login_result attempt(login_context& ctx, const std::string& username, std::string& password,
                     const std::string& address, const std::vector<std::string>& requested,
                     const std::string& client_id) {
  login_result result;
  auto user = ctx.users.find_user(username);
  if (!user) {
    log_event(log_level::error, "store_error", {{"detail", user.error().message}});
    sodium_memzero(password.data(), password.size());
    return result;
  }
  // The user who may log in; null for an unknown or disabled one.
  const auto& found = *user;
  const auto* account = found && !found->disabled ? &*found : nullptr;
  const bool valid = account != nullptr ? ctx.hasher.verify(account->password_hash, password)
                                        : (ctx.hasher.verify_dummy(password), false);
  if (!valid) {
    ctx.throttle.record_failure(address, username);
    sodium_memzero(password.data(), password.size());
    log_event(log_level::warning, "login_failed", {{"user", username}, {"client", address}});
    result.status = login_status::invalid_credentials;
    return result;
  }
  ctx.throttle.record_success(address, username);
  if (ctx.hasher.needs_rehash(account->password_hash)) {
    // The configured cost changed since this hash was made: upgrade it now that we can.
    if (auto rehashed = ctx.hasher.hash(password)) {
      (void)ctx.users.set_password_hash(username, *rehashed);
    }
  }
  sodium_memzero(password.data(), password.size());
  result.tokens = ctx.sessions.start(*account, client_id, grant(account->scopes, requested));
  if (!result.tokens) return result;
  result.status = login_status::ok;
  log_event(log_level::info, "login", {{"user", username}, {"client", address}});
  return result;
}

response token_response(const token_pair& pair) {
  boost::json::object body{{"access_token", pair.access.token},
                           {"token_type", "bearer"},
                           {"expires_in", pair.access.expires_in.count()},
                           {"refresh_token", pair.refresh_token}};
  if (!pair.scopes.empty()) body["scope"] = join_words(pair.scopes);
  auto resp = json_response(200, body);
  resp.header("Cache-Control", "no-store").header("Pragma", "no-cache");
  return resp;
}

// Runs on the pool (the store is touched): the refresh grant of both endpoints.
handler_result start_refresh(login_context& ctx, std::string refresh_token, bool oauth_errors) {
  return deferred_response([&ctx, token = std::move(refresh_token), oauth_errors]() -> response {
    auto [outcome, pair] = ctx.sessions.refresh(token);
    switch (outcome) {
      case refresh_outcome::ok:
        ctx.metrics.record_token_issued();
        return token_response(*pair);
      case refresh_outcome::invalid:
      case refresh_outcome::reused:
        if (oauth_errors) return oauth_error(400, "invalid_grant", "Invalid refresh token");
        return detail_response(401, "Invalid refresh token");
      case refresh_outcome::unavailable:
        break;
    }
    return detail_response(503, "Service unavailable");
  });
}

response too_many(std::chrono::seconds wait) {
  auto r = detail_response(429, "Too many login attempts");
  r.header("Retry-After", std::to_string(wait.count()));
  return r;
}

// The part both endpoints share: throttle, then hand the check to the pool.
handler_result start_login(login_context& ctx, const request& req, std::string username,
                           std::string password, std::vector<std::string> requested,
                           bool oauth_errors, std::string client_id) {
  const std::string address(req.client_address);
  if (const auto wait = ctx.throttle.retry_after(address, username); wait.count() > 0) {
    ctx.metrics.record_login(login_outcome::throttled);
    log_event(log_level::warning, "login_throttled", {{"user", username}, {"client", address}});
    return too_many(wait);
  }
  return deferred_response([&ctx, username = std::move(username), password = std::move(password),
                            address, requested = std::move(requested), oauth_errors,
                            client_id = std::move(client_id)]() mutable -> response {
    const auto r = attempt(ctx, username, password, address, requested, client_id);
    switch (r.status) {
      case login_status::ok:
        ctx.metrics.record_login(login_outcome::success);
        ctx.metrics.record_token_issued();
        return token_response(*r.tokens);
      case login_status::invalid_credentials:
        ctx.metrics.record_login(login_outcome::invalid_credentials);
        if (oauth_errors) return oauth_error(400, "invalid_grant", "Invalid credentials");
        return detail_response(401, "Invalid credentials");
      case login_status::error:
        break;
    }
    ctx.metrics.record_login(login_outcome::error);
    return detail_response(503, "Service unavailable");
  });
}

}  // namespace

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
  return start_login(ctx, req, std::move(fields[0]), std::move(fields[1]), {}, false,
                     ctx.config.default_client_id);
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
  return start_refresh(ctx, std::string(token->get_string()), false);
}

handler_result handle_token(login_context& ctx, const request& req) {
  if (!is_media_type(req.content_type, "application/x-www-form-urlencoded")) {
    return oauth_error(400, "invalid_request",
                       "expected an application/x-www-form-urlencoded body");
  }
  auto form = parse_form(req.body);
  if (!form) return oauth_error(400, "invalid_request", "malformed or repeated form parameters");
  const auto grant_type = form->find("grant_type");
  if (grant_type == form->end())
    return oauth_error(400, "invalid_request", "grant_type is required");
  if (grant_type->second == "refresh_token") {
    const auto token = form->find("refresh_token");
    if (token == form->end())
      return oauth_error(400, "invalid_request", "refresh_token is required");
    return start_refresh(ctx, token->second, true);
  }
  if (grant_type->second != "password") {
    return oauth_error(400, "unsupported_grant_type",
                       "supported grants: password (legacy, RFC 9700 2.4) and refresh_token");
  }
  const auto username = form->find("username");
  const auto password = form->find("password");
  if (username == form->end() || password == form->end()) {
    return oauth_error(400, "invalid_request", "username and password are required");
  }
  std::vector<std::string> requested;
  if (const auto scope = form->find("scope"); scope != form->end()) {
    requested = split_words(scope->second);
  }
  // The password grant is for the service's own public client only: any other client_id would
  // put an unauthenticated name into the token's client_id claim.
  const auto client = form->find("client_id");
  if (client != form->end() && client->second != ctx.config.default_client_id) {
    return oauth_error(401, "invalid_client", "the password grant is for the default client only");
  }
  std::string client_id = ctx.config.default_client_id;
  std::string secret = std::move(password->second);
  return start_login(ctx, req, username->second, std::move(secret), std::move(requested), true,
                     std::move(client_id));
}

}  // namespace tessera::server
