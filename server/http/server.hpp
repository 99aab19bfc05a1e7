// The HTTP/1.1 server: Boost.Beast on Asio coroutines, plain or TLS, with the limits and
// timeouts of the configuration, a reload on SIGHUP and a graceful stop on SIGTERM/SIGINT.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "config/config.hpp"
#include "http/router.hpp"
#include "observability/metrics.hpp"
#include "password/hashing_pool.hpp"

namespace tessera::server {

/// The certificate chain and key of a TLS listener, and its Strict-Transport-Security max-age
/// (0: none).
struct tls_files {
  std::string cert_file{};
  std::string key_file{};
  std::chrono::seconds hsts_max_age{};
};

/// What a reload does beyond the listener's own TLS files.
struct reload_hooks {
  /// Reads the configuration again and checks it, changing nothing. Returns the TLS files it
  /// names; empty ones keep the listener's (a listener is plain or TLS from its start).
  std::function<result<tls_files>()> prepare{};
  /// Applies what `prepare` read, once the TLS files have loaded.
  std::function<void()> commit{};
};

struct http_server_parts {
  const service_config& config;
  const router& routes;
  hashing_pool& pool;
  server::metrics& metrics;
  /// Called once the socket listens, with the bound address (the port resolved when 0).
  std::function<void(const std::string&)> on_listening{};
  /// SIGHUP: without hooks, only the TLS files are loaded again.
  reload_hooks reload{};
};

/// Serves until SIGTERM or SIGINT, then stops accepting, finishes the requests in flight and
/// returns 0; returns 1 when it cannot listen or load the TLS files. On SIGHUP it reloads:
/// `parts.reload` reads the configuration, then the TLS files load, then the change applies;
/// connections accepted from then on use the new certificate, those open keep theirs, and a
/// reload that fails at any step changes nothing. It tells systemd (sd_notify) when it is ready,
/// reloading and stopping.
int run_http_server(http_server_parts parts);

}  // namespace tessera::server
