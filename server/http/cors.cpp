#include "http/cors.hpp"

#include <algorithm>
#include <string>

namespace tessera::server {
namespace {

// The browser face is for its own origin only: no other origin gets CORS on it, whatever the
// configuration allows on the API.
bool is_browser_face(std::string_view path) {
  return path == "/" || path == "/web" || path.starts_with("/web/");
}

bool allowed(const service_config& config, const request& req) {
  return !req.origin.empty() && !is_browser_face(req.path) &&
         std::ranges::find(config.cors_allowed_origins, req.origin) !=
             config.cors_allowed_origins.end();
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
