#include "auth/token_issuer.hpp"

#include <array>

#include <openssl/rand.h>

#include <tessera/base64url.hpp>

namespace tessera::server {

std::string random_token_id() {
  std::array<std::byte, 16> bytes{};
  RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  return tessera::base64url_encode(bytes);
}

tessera::result<issued_token> token_issuer::issue(std::string_view subject,
                                                  const std::vector<std::string>& scopes) const {
  const auto now = std::chrono::system_clock::now();
  tessera::claims claims;
  claims.issuer(issuer_)
      .subject(subject)
      .audience(audience_)
      .issued_at(now)
      .expires_at(now + ttl_)
      .jwt_id(random_token_id());
  if (!scopes.empty()) {
    std::string scope;
    for (const auto& s : scopes) {
      if (!scope.empty()) scope.push_back(' ');
      scope += s;
    }
    claims.set("scope", tessera::json::string(scope));
  }
  auto token = tessera::encode(claims, key_, {.kid = kid_});
  if (!token) return std::unexpected(token.error());
  return issued_token{std::move(*token), ttl_};
}

}  // namespace tessera::server
