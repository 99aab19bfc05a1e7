// The routes of the service besides login.
#pragma once

#include "auth/bearer_guard.hpp"
#include "auth/login.hpp"
#include "config/config.hpp"
#include "http/router.hpp"
#include "observability/metrics.hpp"
#include "store/store.hpp"

namespace tessera::server {

struct route_context {
  const service_config& config;
  const bearer_guard& guard;
  login_context& login;
  store& users;
  const server::metrics* metrics = nullptr;  ///< set once the router is built
};

/// Adds every route of the service to `r`.
void add_routes(router& r, route_context& ctx);

}  // namespace tessera::server
