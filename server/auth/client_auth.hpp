// Client authentication with HTTP Basic (RFC 6749 section 2.3.1) for /introspect and /revoke.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "config/config.hpp"
#include "password/argon2id.hpp"

namespace tessera::server {

struct basic_credentials {
  std::string id;
  std::string secret;
};

/// The id and secret of an `Authorization: Basic` value (each form-urlencoded, as RFC 6749
/// 2.3.1 asks); nullopt for anything else.
[[nodiscard]] std::optional<basic_credentials> parse_basic(std::string_view authorization);

/// The configured client these credentials authenticate, or nullptr. Costs one Argon2id
/// verification whether or not the client exists; run it on the hashing pool.
[[nodiscard]] const client_config* authenticate_client(const service_config& config,
                                                       const password_hasher& hasher,
                                                       basic_credentials& credentials);

}  // namespace tessera::server
