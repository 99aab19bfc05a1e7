// The authorization code grant at /token (RFC 6749 section 4.1.3, RFC 7636 section 4.6, OpenID
// Connect Core section 3.1.3): a code, once, for the client and redirect URI it was issued to,
// with the PKCE verifier of its challenge.
#pragma once

#include <string>

#include "auth/login.hpp"
#include "config/config.hpp"
#include "http/message.hpp"

namespace tessera::server {

/// How long a code lives (RFC 6749 section 4.1.2 recommends at most 10 minutes).
inline constexpr std::int64_t authorization_code_ttl = 60;

/// What the client sends for the code.
struct code_exchange {
  std::string code;
  std::string redirect_uri;
  std::string code_verifier;
};

/// On the pool: redeems the code for `client`. A code presented a second time fails and ends the
/// session of the tokens its first use gave (RFC 6749 section 4.1.2). Answers RFC 6749 5.1 with
/// an id_token when the scopes hold openid, and a refresh token with offline_access or when the
/// client's grants hold refresh_token.
[[nodiscard]] response run_code_grant(login_context& ctx, const client_config& client,
                                      const code_exchange& exchange, const std::string& address);

/// The algorithm of `client`'s ID tokens: id_token_signed_response_alg, or RS256.
[[nodiscard]] tessera::algorithm id_token_algorithm(const client_config& client);

}  // namespace tessera::server
