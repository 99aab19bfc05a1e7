// Mints the service's access tokens: iss, sub, aud, exp, iat, jti, and scope when granted.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include <tessera/jwt.hpp>

namespace tessera::server {

struct issued_token {
  std::string token;
  std::chrono::seconds expires_in;
};

class token_issuer {
 public:
  token_issuer(tessera::signing_key key, std::string kid, std::string issuer, std::string audience,
               std::chrono::seconds ttl)
      : key_(std::move(key)),
        kid_(std::move(kid)),
        issuer_(std::move(issuer)),
        audience_(std::move(audience)),
        ttl_(ttl) {}

  [[nodiscard]] tessera::result<issued_token> issue(std::string_view subject,
                                                    const std::vector<std::string>& scopes) const;

 private:
  tessera::signing_key key_;
  std::string kid_;
  std::string issuer_;
  std::string audience_;
  std::chrono::seconds ttl_;
};

/// 128 random bits, base64url: a jti.
[[nodiscard]] std::string random_token_id();

}  // namespace tessera::server
