// A reload (SIGHUP, `systemctl reload tessera`): the configuration read again, and what of it
// may change while the service runs.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"

namespace tessera::server {

/// The keys a reload applies at once. Every other key keeps its value until a restart.
/// The TLS files are read again on every reload (a renewed certificate keeps its file names);
/// turning TLS on or off needs a restart.
inline constexpr std::string_view live_keys[] = {"clients",      "cors.allowed_origins",
                                                 "log.access",   "tls.cert_file",
                                                 "tls.key_file", "tls.hsts_max_age"};

/// What a reload found: the configuration read again, and the keys whose value changed.
struct reload_plan {
  service_config next;
  std::vector<std::string> applied{};  ///< changed, and applied by apply_reload
  std::vector<std::string> kept{};     ///< changed, left as they were until a restart
};

/// Compares `next`, the configuration read again, with the running one. Changes nothing.
[[nodiscard]] reload_plan plan_reload(const service_config& running, service_config next);

/// Whether the running service can take `plan`'s live values: its clients are checked against
/// the algorithm the service runs with, not the one the file may now name (which waits for a
/// restart). `errc::invalid_configuration` when they do not fit.
[[nodiscard]] result<void> check_reload(const service_config& running, const reload_plan& plan);

/// Publishes the live keys of `plan` into `running` (and the access log switch); readers that
/// hold a snapshot finish with the old value. The TLS files are the HTTP layer's to load.
void apply_reload(service_config& running, const reload_plan& plan);

}  // namespace tessera::server
