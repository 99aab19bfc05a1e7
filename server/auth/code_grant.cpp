#include "auth/code_grant.hpp"
#include "auth/digest.hpp"

#include <algorithm>

#include <boost/json/object.hpp>

#include "auth/id_token.hpp"
#include "auth/pkce.hpp"
#include "http/responses.hpp"
#include "observability/log.hpp"
#include "unix_time.hpp"
#include "words.hpp"

namespace tessera::server {
namespace {

bool holds(const std::vector<std::string>& list, std::string_view item) {
  return std::ranges::find(list, item) != list.end();
}

response invalid_grant(std::string_view why) { return oauth_error(400, "invalid_grant", why); }

}  // namespace

tessera::algorithm id_token_algorithm(const client_config& client) {
  if (client.id_token_alg.empty()) return tessera::algorithm::rs256;
  return tessera::parse_algorithm(client.id_token_alg).value_or(tessera::algorithm::rs256);
}

response run_code_grant(login_context& ctx, const client_config& client,
                        const code_exchange& exchange, const std::string& address) {
  const auto now = unix_now();
  const auto hash = sha256_base64url(exchange.code);
  auto redeemed = ctx.users.redeem_authorization_code(hash, now);
  if (!redeemed) return service_unavailable(redeemed.error());
  const auto& redemption = *redeemed;
  if (!redemption) return invalid_grant("unknown authorization code");
  const auto& [code, first] = *redemption;
  if (!first) {
    // Presented again: whoever holds it is not the client that redeemed it first, or is that
    // client replaying it. Either way the tokens it gave end.
    if (!code.token_session.empty()) (void)ctx.sessions.end_session(code.token_session);
    log_event(log_level::warning, "authorization_code_reuse",
              {{"client_id", client.id}, {"user", code.username}, {"client", address}});
    return invalid_grant("authorization code already used");
  }
  // Spent whatever follows: a wrong verifier cannot be retried with the same code.
  if (code.client_id != client.id) return invalid_grant("the code was issued to another client");
  if (code.redirect_uri != exchange.redirect_uri) {
    return invalid_grant("redirect_uri differs from the authorization request's");
  }
  if (code.expires_at <= now) return invalid_grant("authorization code expired");
  if (!verifies_s256(exchange.code_verifier, code.code_challenge)) {
    return invalid_grant("code_verifier does not match the code_challenge");
  }
  auto found = ctx.users.find_user(code.username);
  if (!found) return service_unavailable(found.error());
  const auto& user = *found;
  if (!user || user->disabled || code.auth_time < user->not_before) {
    return invalid_grant("the user can no longer sign in");
  }
  auto tokens = ctx.sessions.start(
      *user, client.id, code.scopes,
      {.user_agent = {}, .ip = address, .browser_key = {}, .parent_session = code.browser_session});
  if (!tokens) return service_unavailable(tokens.error());
  if (auto linked = ctx.users.set_code_token_session(hash, tokens->session_id); !linked) {
    return service_unavailable(linked.error());
  }
  ctx.metrics.record_token_issued();
  boost::json::object body{{"access_token", tokens->access.token},
                           {"token_type", "Bearer"},
                           {"expires_in", tokens->access.expires_in.count()},
                           {"scope", join_words(code.scopes)}};
  if (holds(code.scopes, "offline_access") || holds(client.grants, "refresh_token")) {
    body["refresh_token"] = tokens->refresh_token;
  }
  if (holds(code.scopes, "openid")) {
    const auto keys = ctx.tokens.keys().share();
    auto id_token = sign_id_token(*keys, id_token_algorithm(client),
                                  {.issuer = ctx.tokens.issuer(),
                                   .client_id = client.id,
                                   .nonce = code.nonce,
                                   .session_id = code.browser_session,
                                   .auth_time = code.auth_time,
                                   .access_token = tokens->access.token,
                                   .lifetime = ctx.config.access_token_ttl.count()},
                                  *user, code.scopes);
    if (!id_token) return service_unavailable(id_token.error());
    body["id_token"] = *id_token;
  }
  log_event(log_level::info, "authorization_code_redeemed",
            {{"client_id", client.id}, {"user", code.username}});
  auto answer = json_response(200, body);
  answer.header("Cache-Control", "no-store").header("Pragma", "no-cache");
  return answer;
}

}  // namespace tessera::server
