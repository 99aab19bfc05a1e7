// Mints the service's access tokens (RFC 9068: typ at+jwt; iss, sub, aud, exp, iat, jti,
// client_id, sid, scope) with the key ring's signing key.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include <tessera/jwt.hpp>

#include "keys/key_ring.hpp"

namespace tessera::server {

struct issued_token {
  std::string token;
  std::string jti;
  std::string kid;
  std::chrono::seconds expires_in;
};

struct access_grant {
  std::string_view subject;
  std::string_view client_id;
  std::string_view session_id;
  const std::vector<std::string>& scopes;
};

class token_issuer {
 public:
  token_issuer(const key_ring& keys, std::string issuer, std::string audience,
               std::chrono::seconds ttl)
      : keys_(keys), issuer_(std::move(issuer)), audience_(std::move(audience)), ttl_(ttl) {}

  [[nodiscard]] tessera::result<issued_token> issue(const access_grant& grant) const;

  /// The `iss` of every token (public_url).
  [[nodiscard]] const std::string& issuer() const noexcept { return issuer_; }
  /// The keys it signs with.
  [[nodiscard]] const key_ring& keys() const noexcept { return keys_; }

  [[nodiscard]] std::chrono::seconds ttl() const noexcept { return ttl_; }

 private:
  const key_ring& keys_;
  std::string issuer_;
  std::string audience_;
  std::chrono::seconds ttl_;
};

/// `bytes` random bytes, base64url: 16 for a jti or session id, 32 for a refresh token.
[[nodiscard]] std::string random_token(std::size_t bytes);

}  // namespace tessera::server
