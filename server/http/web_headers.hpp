// The fields every answer of the browser face carries: a strict Content-Security-Policy (no
// inline script or style, no framing, no base or form target elsewhere), and the rest of the
// OWASP secure-headers set. X-Content-Type-Options and HSTS come with every answer already
// (write_response_head).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.hpp"

namespace tessera::server {

inline constexpr std::string_view web_content_security_policy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Whether an answer may be kept by caches.
enum class web_caching : std::uint8_t {
  none,        ///< user data or tokens: `Cache-Control: no-store`
  revalidate,  ///< a static asset: kept, but checked against its ETag on each use
};

/// Adds the browser face's fields to `res`.
void add_web_headers(response& res, web_caching caching);

/// The policy of a page whose form starts a redirect chain that may end at an app: the
/// sign-in, consent and sign-out confirmation pages. Browsers apply `form-action` to every
/// redirect after a form's submission, so the apps' origins (or app schemes, `com.example.app:`)
/// in `targets` are added to it.
[[nodiscard]] std::string web_content_security_policy_with_form_targets(
    const std::vector<std::string>& targets);

/// Replaces the Content-Security-Policy of `res` with `policy`.
void set_content_security_policy(response& res, std::string policy);

}  // namespace tessera::server
