// The one digest the service stores secrets as: refresh tokens, authorization codes, browser
// session keys, client secrets made by `tessera client add`, and PKCE's S256.
#pragma once

#include <string>
#include <string_view>

namespace tessera::server {

/// base64url(SHA-256(text)), unpadded.
[[nodiscard]] std::string sha256_base64url(std::string_view text);

}  // namespace tessera::server
