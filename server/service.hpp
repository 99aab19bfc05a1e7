// `tessera serve`: the service assembled from its parts. Its administration is admin.hpp.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "config/config.hpp"
#include "http/router.hpp"

namespace tessera::server {

struct reload_plan;

/// Everything `tessera serve` runs, assembled from its configuration: the store, the keys, the
/// sessions and the routes. Tests and fuzz targets call its routes in-process.
class service {
 public:
  /// Opens the store and the keys and builds the routes; null (after logging why) when the
  /// service cannot start.
  [[nodiscard]] static std::unique_ptr<service> assemble(service_config config);
  service(const service&) = delete;
  service& operator=(const service&) = delete;
  ~service();

  [[nodiscard]] const service_config& config() const noexcept;
  [[nodiscard]] const router& routes() const noexcept;
  /// Serves HTTP until SIGTERM/SIGINT; the process exit status.
  int serve(std::function<void(const std::string&)> on_listening = {});

 private:
  struct parts;
  explicit service(std::unique_ptr<parts> p) noexcept;
  /// Applies a reload's live keys (SIGHUP) and logs what changed and what waits for a restart.
  void commit_reload(const reload_plan& plan);
  std::unique_ptr<parts> parts_;
};

/// Runs the service until SIGTERM/SIGINT. Returns the process exit status; problems at start
/// are logged and give 1. `on_listening` receives the bound address.
int run_service(service_config config, std::function<void(const std::string&)> on_listening = {});

}  // namespace tessera::server
