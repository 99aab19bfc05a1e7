// The HTTP/1.1 server: Boost.Beast on Asio coroutines, plain or TLS, with the limits and
// timeouts of the configuration and a graceful stop on SIGTERM/SIGINT.
#pragma once

#include <functional>
#include <string>

#include "config/config.hpp"
#include "http/router.hpp"
#include "observability/metrics.hpp"
#include "password/hashing_pool.hpp"

namespace tessera::server {

struct http_server_parts {
  const service_config& config;
  const router& routes;
  hashing_pool& pool;
  server::metrics& metrics;
  /// Called once the socket listens, with the bound address (the port resolved when 0).
  std::function<void(const std::string&)> on_listening{};
};

/// Serves until SIGTERM or SIGINT, then stops accepting, finishes the requests in flight and
/// returns 0; returns 1 when it cannot listen or load the TLS files.
int run_http_server(http_server_parts parts);

}  // namespace tessera::server
