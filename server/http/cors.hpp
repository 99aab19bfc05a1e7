// Cross-origin answers (the Fetch standard's CORS protocol) for the origins the configuration
// allows; an origin it does not list gets no CORS field at all, so the browser refuses it.
#pragma once

#include "config/config.hpp"
#include "http/message.hpp"

namespace tessera::server {

/// Adds Access-Control-Allow-Origin and `Vary: Origin` to an answer to an allowed origin's
/// request (unless the answer has them already, as a preflight answer does).
void apply_cors(const service_config& config, const request& req, response& res);

/// Whether OPTIONS requests are preflights: some origin may be allowed (cors.allowed_origins,
/// or the redirect URIs of clients that sign users in).
[[nodiscard]] bool answers_preflights(const service_config& config) noexcept;

/// The 204 answer to an OPTIONS preflight: the methods and fields allowed, for an allowed origin.
[[nodiscard]] response preflight(const service_config& config, const request& req);

}  // namespace tessera::server
