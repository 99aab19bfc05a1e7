// Client authentication at /token, /revoke and /introspect (RFC 6749 sections 2.1 to 2.3):
// confidential clients with client_secret_basic or client_secret_post, public clients by
// client_id alone, and the service's own first-party client (`default_client_id`), which is
// public and may use the password and refresh grants.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "auth/login_throttle.hpp"
#include "config/config.hpp"
#include "http/message.hpp"
#include "password/argon2id.hpp"

namespace tessera::server {

/// The client a request names, and the secret it offers.
struct presented_client {
  enum class method : std::uint8_t {
    none,   ///< no client named
    id,     ///< client_id in the form, no secret (a public client)
    basic,  ///< client_secret_basic
    post    ///< client_secret_post
  };
  method how = method::none;
  std::string id;
  std::string secret;  ///< as RFC 6749 section 2.3.1 decodes it
  /// Basic only, when it differs from `secret`: the secret as sent. Many clients (curl -u,
  /// requests' HTTPBasicAuth, authlib) do not form-encode it, and a `+` then decodes to a space.
  std::optional<std::string> raw_secret;
};

/// The id and secret of an `Authorization: Basic` value; nullopt for anything else. The id is
/// form-decoded (RFC 6749 section 2.3.1), or taken as sent when that fails; the secret is
/// form-decoded, and kept as sent too when that differs.
[[nodiscard]] std::optional<presented_client> parse_basic(std::string_view authorization);

/// The client of a request to an OAuth endpoint, from its Authorization header and its form
/// (client_id, client_secret; both are removed from `form`). A malformed Basic value, another
/// scheme, or two methods at once (Basic beside client_secret, or beside another client_id) is
/// a refusal: 401 invalid_client with `WWW-Authenticate: Basic`, or 400 invalid_request.
[[nodiscard]] std::variant<presented_client, response> read_client(
    const request& req, std::map<std::string, std::string>& form);

/// A request to an OAuth endpoint: its form (client credentials taken out) and its client.
struct oauth_request {
  std::map<std::string, std::string> form;
  presented_client client;
};

/// The form body and the client of a request to /token, /revoke or /introspect; the refusal
/// for a body that is not a form, or for client credentials as `read_client` refuses them.
[[nodiscard]] std::variant<oauth_request, response> read_oauth_request(const request& req);

/// 401 invalid_client with `WWW-Authenticate: Basic` (RFC 6749 section 5.2).
[[nodiscard]] response invalid_client(std::string_view description);

/// Whether `client` may use `grant` (one of client_grants). An authorization_code client may
/// also use refresh_token: it gets refresh tokens with offline_access.
[[nodiscard]] bool allows_grant(const client_config& client, std::string_view grant);

/// The stored form of a secret `tessera client add` made: `$sha256$` and its base64url SHA-256.
[[nodiscard]] std::string sha256_secret_hash(std::string_view secret);

/// Authenticates clients against the configuration, with a throttle per client address.
class client_authenticator {
 public:
  client_authenticator(const service_config& config, const password_hasher& hasher);

  /// The registered client `id` names, the first-party client for `default_client_id` (unless
  /// the configuration lists it), or nullopt.
  [[nodiscard]] std::optional<client_config> find(std::string_view id) const;

  /// How long `address` must wait before its next client authentication; zero when it may go on.
  [[nodiscard]] std::chrono::seconds retry_after(std::string_view address);

  /// 429 with Retry-After when `client` offers a secret and `address` must wait; nothing else.
  [[nodiscard]] std::optional<response> throttled(const presented_client& client,
                                                  std::string_view address);

  /// The client these credentials authenticate, or nullopt. A public client is authenticated
  /// by its id alone and must offer no secret (or an empty one); a confidential one by its secret
  /// (the form-decoded one, then the raw one when it differs: the two count as one failure for the
  /// throttle). An Argon2id secret costs a verification, a known client or not: run it on the
  /// hashing pool. Clears the secrets in `presented`.
  [[nodiscard]] std::optional<client_config> authenticate(presented_client& presented,
                                                          std::string_view address);

 private:
  [[nodiscard]] bool secret_matches(const client_config* client, const std::string& secret) const;

  const service_config& config_;
  const password_hasher& hasher_;
  login_throttle throttle_;
};

}  // namespace tessera::server
