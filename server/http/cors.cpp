#include "http/cors.hpp"

#include <algorithm>
#include <string>

namespace tessera::server {
namespace {

bool allowed(const service_config& config, std::string_view origin) {
  return !origin.empty() && std::ranges::find(config.cors_allowed_origins, origin) !=
                                config.cors_allowed_origins.end();
}

}  // namespace

void apply_cors(const service_config& config, const request& req, response& res) {
  if (!allowed(config, req.origin)) return;
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
  if (allowed(config, req.origin)) {
    r.header("Access-Control-Allow-Origin", std::string(req.origin));
    r.header("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
    r.header("Access-Control-Allow-Headers", "Authorization, Content-Type");
    r.header("Access-Control-Max-Age", "600");
    r.header("Vary", "Origin");
  }
  return r;
}

}  // namespace tessera::server
