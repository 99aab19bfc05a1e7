// Secrets leave no copy behind in memory the process gives back.
#pragma once

#include <string>

namespace tessera::server {

/// Wipes a secret (a password, a client secret) when the scope it guards ends, whatever way it
/// ends. Pinned to that scope: neither copied nor moved.
class wipe_on_exit {
 public:
  explicit wipe_on_exit(std::string& secret) noexcept : secret_(secret) {}
  wipe_on_exit(const wipe_on_exit&) = delete;
  wipe_on_exit& operator=(const wipe_on_exit&) = delete;
  ~wipe_on_exit();

 private:
  std::string& secret_;
};

}  // namespace tessera::server
