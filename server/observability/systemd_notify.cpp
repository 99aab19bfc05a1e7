#include "observability/systemd_notify.hpp"

#include <string>

#include <systemd/sd-daemon.h>

namespace tessera::server {

void notify_service_manager(std::string_view state) {
  // A failed notice changes nothing the service can act on: systemd then times the start out
  // and says so in its own log.
  (void)sd_notify(0, std::string(state).c_str());
}

}  // namespace tessera::server
