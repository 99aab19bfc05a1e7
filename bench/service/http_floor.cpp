// The floor of the service benchmark: tessera serve's own HTTP server and router (Beast, the
// same I/O thread default, limits, timers and metrics) answering GET /secure-endpoint with the
// same constant JSON, but with no bearer guard. Against it, the cost of authentication shows as
// a ratio.
#include <cstdio>
#include <string>

#include "config/config.hpp"
#include "http/responses.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "observability/log.hpp"
#include "observability/metrics.hpp"
#include "password/hashing_pool.hpp"

int main(int argc, char** argv) {
  using namespace tessera::server;
  if (argc != 2) {
    std::fprintf(stderr, "usage: tessera_http_floor ADDRESS:PORT\n");
    return 2;
  }
  // The defaults of `tessera serve` (one I/O thread per core), with the access log off as in
  // the benchmark's runs of the service.
  service_config config;
  config.listen = argv[1];
  config.access_log = false;
  set_access_log(false);

  router routes;
  routes.add(method::get, "/secure-endpoint", [](const request&) -> handler_result {
    return json_response(200, {{"message", "You've accessed a secure endpoint!"}});
  });
  metrics counters;
  counters.set_routes(routes.routes());
  hashing_pool pool(config.password_hash.workers, config.password_hash.queue_limit,
                    config.password_hash.nice);
  return run_http_server({config, routes, pool, counters, [](const std::string& address) {
                            std::printf("listening %s\n", address.c_str());
                            std::fflush(stdout);
                          }});
}
