// Reading an authorization request (RFC 6749 section 4.1.1, RFC 7636 section 4.3, OpenID
// Connect Core section 3.1.2.1) in the order RFC 6749 section 4.1.2.1 sets: a request whose
// client or redirect URI cannot be trusted is answered with an error page and never redirected;
// any other error goes back to the client's redirect URI.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "config/config.hpp"

namespace tessera::server {

struct authorization_request {
  /// Shares the client list it was found in: a reload may publish another list while the
  /// request waits for the hashing pool.
  std::shared_ptr<const client_config> client{};
  std::string redirect_uri;
  std::string state;
  std::string nonce;
  std::string code_challenge;  ///< S256
  std::vector<std::string> scopes;
  bool prompt_none = false;
  bool prompt_login = false;
  bool prompt_consent = false;
  std::optional<std::int64_t> max_age;
  std::string login_hint;
  std::string query;  ///< the request as sent (the query string), to come back to it
};

/// An error shown to the user: the client or its redirect URI is unknown.
struct authorization_page_error {
  std::string message;
};

/// An error for the client, sent to its redirect URI with `state` (RFC 6749 4.1.2.1).
struct authorization_client_error {
  std::string redirect_uri;
  std::string state;
  std::string error;
  std::string description;
};

using authorization_outcome =
    std::variant<authorization_request, authorization_page_error, authorization_client_error>;

/// Reads the query of GET /authorize against the configured clients.
[[nodiscard]] authorization_outcome read_authorization_request(std::string_view query,
                                                               const service_config& config);

/// The scopes to grant: those asked for that are OpenID Connect's (openid, profile, email,
/// offline_access) or the service's own that both the client and the user hold.
[[nodiscard]] std::vector<std::string> granted_scopes(const authorization_request& request,
                                                      const std::vector<std::string>& user_scopes);

/// `query` without the `login` value of `prompt`, so that the request, once the user has signed
/// in again, does not ask for it once more.
[[nodiscard]] std::string without_prompt_login(std::string_view query);

}  // namespace tessera::server
