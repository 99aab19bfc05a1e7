#include "auth/token_issuer.hpp"

#include <vector>

#include <openssl/rand.h>

#include <tessera/base64url.hpp>

#include "words.hpp"

namespace tessera::server {

std::string random_token(std::size_t bytes) {
  std::vector<std::byte> random(bytes);
  RAND_bytes(reinterpret_cast<unsigned char*>(random.data()), static_cast<int>(random.size()));
  return tessera::base64url_encode(random);
}

tessera::result<issued_token> token_issuer::issue(const access_grant& grant) const {
  const auto keys = keys_.share();
  const auto now = std::chrono::system_clock::now();
  issued_token out{
      .token = {}, .jti = random_token(16), .kid = keys->signing_kid, .expires_in = ttl_};
  tessera::claims claims;
  claims.issuer(issuer_)
      .subject(grant.subject)
      .audience(audience_)
      .expires_at(now + ttl_)
      .issued_at(now)
      .jwt_id(out.jti)
      .set("client_id", tessera::json::string(grant.client_id));
  // No session for a client's own token (client credentials): no sid.
  if (!grant.session_id.empty()) claims.set("sid", tessera::json::string(grant.session_id));
  if (!grant.scopes.empty()) claims.set("scope", tessera::json::string(join_words(grant.scopes)));
  auto token = tessera::encode(claims, keys->signing, {.kid = keys->signing_kid, .type = "at+jwt"});
  if (!token) return std::unexpected(token.error());
  out.token = std::move(*token);
  return out;
}

}  // namespace tessera::server
