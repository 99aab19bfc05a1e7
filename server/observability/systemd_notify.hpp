// Readiness and reload notices to systemd (a unit of Type=notify, sd_notify(3)).
#pragma once

#include <string_view>

namespace tessera::server {

/// Sends `state` ("READY=1", "RELOADING=1", "STOPPING=1", "STATUS=...", newline-separated) to
/// the service manager; nothing when the process was not started by one (no NOTIFY_SOCKET).
void notify_service_manager(std::string_view state);

}  // namespace tessera::server
