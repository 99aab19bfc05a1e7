// Whether a browser's request comes from the service's own pages (OWASP's CSRF guidance:
// Fetch Metadata first, then the Origin field). Cookie-authenticated routes act on nothing else.
#pragma once

#include <cstdint>
#include <string_view>

#include "http/message.hpp"

namespace tessera::server {

enum class request_source : std::uint8_t {
  same_origin,   ///< `Sec-Fetch-Site: same-origin`, or, without it, `Origin` is this origin
  other_origin,  ///< another site or origin, a user's typed navigation, or `Origin: null`
  unknown,       ///< neither field: not a modern browser's request
};

/// Where `req` comes from, `own_origin` being the service's (`http://127.0.0.1:8000`). Under
/// `Referrer-Policy: no-referrer` a same-origin form post says `Origin: null`: Sec-Fetch-Site,
/// when present, decides.
[[nodiscard]] request_source source_of(const request& req, std::string_view own_origin) noexcept;

/// Whether a request may change state through the browser face: it comes from this origin and,
/// when `from_script`, carries `X-Tessera-Fetch: 1` (which no form can send).
[[nodiscard]] bool may_change_state(const request& req, std::string_view own_origin,
                                    bool from_script) noexcept;

}  // namespace tessera::server
