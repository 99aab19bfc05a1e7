// Redirect URIs of OAuth clients: which may be registered (OAuth 2.1 section 2.3, RFC 8252 for
// native apps), and when a presented one matches a registered one (exact string comparison,
// RFC 9700 section 4.1.3, with the port of a loopback IP literal free, RFC 8252 section 7.3).
#pragma once

#include <string_view>

#include "error.hpp"

namespace tessera::server {

/// `errc::invalid_argument`, saying why, unless `uri` may be registered: an absolute URI without
/// a fragment or user information that is https; http on a loopback host (127.0.0.1, [::1],
/// localhost); or a private-use scheme with a dot (`com.example.app:/callback`, RFC 8252 7.1).
[[nodiscard]] result<void> check_redirect_uri(std::string_view uri);

/// Whether `uri` is https.
[[nodiscard]] bool is_https_uri(std::string_view uri) noexcept;

/// Whether `presented` equals `registered`, byte for byte; or both are http on the same loopback
/// IP literal and differ only in the port (a native app's listener takes any free port).
[[nodiscard]] bool redirect_uri_matches(std::string_view registered,
                                        std::string_view presented) noexcept;

}  // namespace tessera::server
