#include "auth/token_endpoint.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <sodium.h>

#include "auth/code_grant.hpp"
#include "http/responses.hpp"
#include "observability/log.hpp"
#include "words.hpp"

namespace tessera::server {
namespace {

// What a grant needs from the form, read before any hashing.
struct token_request {
  std::string grant_type;
  std::vector<std::string> requested;
  std::string username;  // password grant
  std::string password;
  std::string refresh_token;  // refresh grant
  code_exchange exchange;     // authorization_code grant
};

// The scopes a client-credentials token gets: those asked for that the client holds; all it
// holds when none are asked for.
std::vector<std::string> client_scopes(const client_config& client,
                                       const std::vector<std::string>& requested) {
  if (requested.empty()) return client.scopes;
  std::vector<std::string> granted;
  for (const auto& s : requested) {
    if (std::ranges::find(client.scopes, s) != client.scopes.end()) granted.push_back(s);
  }
  return granted;
}

// RFC 6749 section 4.4, on the pool. The token's sub is the client id (RFC 9068 section 2.2),
// which must not also name a user (section 5): such a client gets no token.
response run_client_credentials(login_context& ctx, const client_config& client,
                                const std::vector<std::string>& requested) {
  auto user = ctx.users.find_user(client.id);
  if (!user) return detail_response(503, "Service unavailable");
  if (*user) {
    log_event(log_level::error, "client_id_is_a_username", {{"client_id", client.id}});
    return oauth_error(400, "unauthorized_client",
                       "a user has this client's id, and a token's sub must name one of them");
  }
  const auto granted = client_scopes(client, requested);
  auto access = ctx.tokens.issue(
      {.subject = client.id, .client_id = client.id, .session_id = {}, .scopes = granted});
  if (!access) return detail_response(503, "Service unavailable");
  ctx.metrics.record_token_issued();
  log_event(log_level::info, "client_token_issued", {{"client_id", client.id}});
  return token_response(*access, nullptr, granted, requested);
}

response run_grant(login_context& ctx, const client_config& client, token_request& grant,
                   const std::string& address) {
  if (!allows_grant(client, grant.grant_type)) {
    return oauth_error(400, "unauthorized_client",
                       "this client may not use the " + grant.grant_type + " grant");
  }
  if (grant.grant_type == "password") {
    password_login login{.username = std::move(grant.username),
                         .password = std::move(grant.password),
                         .address = address,
                         .requested = std::move(grant.requested),
                         .client_id = client.id,
                         .style = answer_style::oauth};
    return run_password_login(ctx, login);
  }
  if (grant.grant_type == "authorization_code") {
    return run_code_grant(ctx, client, grant.exchange, address);
  }
  if (grant.grant_type == "refresh_token") {
    return run_refresh(ctx,
                       {.refresh_token = grant.refresh_token,
                        .client_id = client.id,
                        .requested = std::move(grant.requested)},
                       answer_style::oauth);
  }
  return run_client_credentials(ctx, client, grant.requested);
}

// The grant's parameters; a refusal when one is missing.
std::variant<token_request, response> read_grant(std::map<std::string, std::string>& form) {
  token_request grant;
  const auto grant_type = form.find("grant_type");
  if (grant_type == form.end()) {
    return oauth_error(400, "invalid_request", "grant_type is required");
  }
  grant.grant_type = grant_type->second;
  if (std::ranges::find(client_grants, grant.grant_type) == std::end(client_grants)) {
    return oauth_error(400, "unsupported_grant_type",
                       "supported grants: authorization_code, refresh_token, client_credentials "
                       "and password (legacy, RFC 9700 2.4)");
  }
  if (const auto scope = form.find("scope"); scope != form.end()) {
    grant.requested = split_words(scope->second);
  }
  if (grant.grant_type == "password") {
    const auto username = form.find("username");
    const auto password = form.find("password");
    if (username == form.end() || password == form.end()) {
      return oauth_error(400, "invalid_request", "username and password are required");
    }
    grant.username = std::move(username->second);
    grant.password = std::move(password->second);
  } else if (grant.grant_type == "refresh_token") {
    const auto token = form.find("refresh_token");
    if (token == form.end()) {
      return oauth_error(400, "invalid_request", "refresh_token is required");
    }
    grant.refresh_token = std::move(token->second);
  } else if (grant.grant_type == "authorization_code") {
    for (const auto* name : {"code", "redirect_uri", "code_verifier"}) {
      if (!form.contains(name)) {
        return oauth_error(400, "invalid_request", std::string(name) + " is required");
      }
    }
    grant.exchange = {.code = std::move(form["code"]),
                      .redirect_uri = std::move(form["redirect_uri"]),
                      .code_verifier = std::move(form["code_verifier"])};
  }
  return grant;
}

}  // namespace

handler_result handle_token(login_context& ctx, const request& req) {
  auto read = read_oauth_request(req);
  if (auto* refused = std::get_if<response>(&read)) return std::move(*refused);
  auto& oauth = std::get<oauth_request>(read);
  auto grant = read_grant(oauth.form);
  if (auto* refused = std::get_if<response>(&grant)) return std::move(*refused);
  auto& wanted = std::get<token_request>(grant);
  std::string address(req.client_address);

  if (auto wait = ctx.clients.throttled(oauth.client, address)) return std::move(*wait);
  if (wanted.grant_type == "password") {
    if (auto wait = login_throttled(ctx, {.address = address, .username = wanted.username},
                                    answer_style::oauth)) {
      return std::move(*wait);
    }
  }
  return deferred_response([&ctx, client = std::move(oauth.client), wanted = std::move(wanted),
                            address = std::move(address)]() mutable -> response {
    // No client named: the first-party client, as /login uses.
    if (client.how == presented_client::method::none) {
      client.how = presented_client::method::id;
      client.id = ctx.config.default_client_id;
    }
    const auto authenticated = ctx.clients.authenticate(client, address);
    if (!authenticated) {
      sodium_memzero(wanted.password.data(), wanted.password.size());
      return invalid_client("client authentication failed");
    }
    return run_grant(ctx, *authenticated, wanted, address);
  });
}

}  // namespace tessera::server
