// PKCE (RFC 7636) with S256 only: the code_challenge a client sends to /authorize, and the
// code_verifier it proves it at /token with.
#pragma once

#include <string_view>

namespace tessera::server {

/// Whether `challenge` can be an S256 challenge: 43 base64url characters (a SHA-256).
[[nodiscard]] bool is_s256_challenge(std::string_view challenge) noexcept;

/// Whether `verifier` is 43 to 128 unreserved characters (RFC 7636 section 4.1) and its
/// base64url SHA-256 equals `challenge`, compared in constant time.
[[nodiscard]] bool verifies_s256(std::string_view verifier, std::string_view challenge);

}  // namespace tessera::server
