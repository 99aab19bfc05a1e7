#include "http/web_headers.hpp"

#include <string>

namespace tessera::server {

void add_web_headers(response& res, web_caching caching) {
  res.header("Content-Security-Policy", std::string(web_content_security_policy));
  // Same-origin form posts then say where they come from (Origin is not `null`), and no URL of
  // the service's pages reaches another site.
  res.header("Referrer-Policy", "same-origin");
  res.header("X-Frame-Options", "DENY");
  res.header("Cross-Origin-Opener-Policy", "same-origin");
  res.header("Cross-Origin-Resource-Policy", "same-origin");
  res.header("Cache-Control", caching == web_caching::none ? "no-store" : "no-cache");
}

}  // namespace tessera::server
