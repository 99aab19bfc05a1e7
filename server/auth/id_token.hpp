// ID tokens (OpenID Connect Core 1.0 section 2, 3.1.3.6) and the user claims that go into them
// and into /userinfo (section 5.4: by scope).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "error.hpp"
#include "keys/key_ring.hpp"
#include "store/store.hpp"

namespace tessera::server {

/// The scopes OpenID Connect defines that a client may always ask for.
inline constexpr std::string_view openid_scopes[] = {"openid", "profile", "email",
                                                     "offline_access"};

/// `sub` and the claims `scopes` open of `user`: name and preferred_username for profile; email
/// and email_verified for email. A claim the user has no value for is left out.
[[nodiscard]] boost::json::object user_claims(const user_record& user,
                                              const std::vector<std::string>& scopes);

/// at_hash (section 3.1.3.6): the base64url of the left half of the SHA-256 of the access token
/// (RS256, ES256, PS256 all hash with SHA-256; SHA-384 and SHA-512 for the larger ones).
[[nodiscard]] std::string at_hash(std::string_view access_token, tessera::algorithm alg);

/// What an ID token says beside the user's claims.
struct id_token_facts {
  std::string_view issuer;
  std::string_view client_id;
  std::string_view nonce;         ///< empty: none was sent
  std::string_view session_id;    ///< sid: the browser session
  std::int64_t auth_time = 0;     ///< when the user signed in
  std::string_view access_token;  ///< for at_hash
  std::int64_t lifetime = 0;      ///< seconds
};

/// The signed ID token, with the service's ID-token key (RS256) or, when `alg` is the service's
/// access-token algorithm, that key. `errc::key_unavailable` when neither can sign.
[[nodiscard]] result<std::string> sign_id_token(const key_ring_snapshot& keys,
                                                tessera::algorithm alg, const id_token_facts& facts,
                                                const user_record& user,
                                                const std::vector<std::string>& scopes);

}  // namespace tessera::server
