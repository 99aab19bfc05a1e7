#include "http/cors.hpp"

#include "config/origin.hpp"

#include <algorithm>
#include <string>

namespace tessera::server {
namespace {

// The browser face is for its own origin only: no other origin gets CORS on it, whatever the
// configuration allows on the API.
bool is_browser_face(std::string_view path) {
  return path == "/" || path == "/web" || path.starts_with("/web/");
}

// A browser app that signs users in (authorization_code) calls the token, userinfo and
// revocation endpoints from the origin of its redirect URIs.
bool is_app_origin(const service_config& config, const request& req) {
  if (req.path != "/token" && req.path != "/userinfo" && req.path != "/revoke") return false;
  const auto clients = config.clients.snapshot();
  for (const auto& client : *clients) {
    for (const auto& uri : client.redirect_uris) {
      const auto origin = parse_origin(uri);
      if (origin && origin->serialized() == req.origin) return true;
    }
  }
  return false;
}

bool allowed(const service_config& config, const request& req) {
  if (req.origin.empty() || is_browser_face(req.path)) return false;
  const auto origins = config.cors_allowed_origins.snapshot();
  return std::ranges::find(*origins, req.origin) != origins->end() || is_app_origin(config, req);
}

}  // namespace

void apply_cors(const service_config& config, const request& req, response& res) {
  if (!allowed(config, req)) return;
  for (const auto& [name, value] : res.headers) {
    if (name == "Access-Control-Allow-Origin") return;  // a preflight answer has them already
  }
  res.header("Access-Control-Allow-Origin", std::string(req.origin));
  res.header("Vary", "Origin");
}

bool answers_preflights(const service_config& config) noexcept {
  const auto clients = config.clients.snapshot();
  return !config.cors_allowed_origins.snapshot()->empty() ||
         std::ranges::any_of(*clients, [](const auto& c) { return !c.redirect_uris.empty(); });
}

response preflight(const service_config& config, const request& req) {
  response r;
  r.status = 204;
  r.content_type.clear();
  if (allowed(config, req)) {
    r.header("Access-Control-Allow-Origin", std::string(req.origin));
    r.header("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
    r.header("Access-Control-Allow-Headers", "Authorization, Content-Type");
    r.header("Access-Control-Max-Age", "600");
    r.header("Vary", "Origin");
  }
  return r;
}

}  // namespace tessera::server
