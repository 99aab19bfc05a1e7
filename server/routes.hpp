// The routes of the service.
#pragma once

#include "auth/bearer_guard.hpp"
#include "auth/login.hpp"
#include "auth/sessions.hpp"
#include "config/config.hpp"
#include "http/router.hpp"
#include "keys/key_ring.hpp"
#include "observability/metrics.hpp"
#include "password/argon2id.hpp"
#include "store/store.hpp"

namespace tessera::server {

struct route_context {
  const service_config& config;
  const bearer_guard& guard;
  login_context& login;
  store& users;
  session_service& sessions;
  const key_ring& keys;
  const password_hasher& hasher;
  const server::metrics& metrics;
  bool openid = false;  ///< the service is an OpenID Provider (its routes are added apart)
};

/// Adds every route of the service to `r`.
void add_routes(router& r, route_context& ctx);

}  // namespace tessera::server
