// The service's own origin (scheme, host, port of public_url), and whether browsers treat it as
// a secure context: the browser face needs `Secure` cookies and WebCrypto, which browsers give
// only to https and loopback origins (W3C Secure Contexts, "potentially trustworthy").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "config/config.hpp"
#include "error.hpp"

namespace tessera::server {

/// An origin as RFC 6454 defines it: the scheme and host lower-cased, the port explicit.
struct web_origin {
  std::string scheme;  ///< "http" or "https"
  std::string host;    ///< a name, an IPv4 address, or an IPv6 address in brackets
  std::uint16_t port = 0;

  /// The ASCII serialisation browsers send in `Origin`: the default port is left out.
  [[nodiscard]] std::string serialized() const;
};

/// The origin of an absolute http(s) URL: `errc::invalid_argument`, saying why, for another
/// scheme, a missing or malformed host, user information, or a bad port.
[[nodiscard]] result<web_origin> parse_origin(std::string_view url);

/// https, or a loopback host (127.0.0.0/8, ::1, localhost, *.localhost).
[[nodiscard]] bool is_potentially_trustworthy(const web_origin& origin);

/// Whether `tessera serve` serves the browser face: `web.enabled` when set, else on with --dev
/// or a potentially trustworthy public_url. `errc::invalid_configuration`, saying why, when
/// `web.enabled = true` cannot be honoured.
[[nodiscard]] result<bool> web_face_enabled(const service_config& config);

}  // namespace tessera::server
