// Now, in the whole seconds since the epoch that tokens and the stores use.
#pragma once

#include <chrono>
#include <cstdint>

namespace tessera::server {

[[nodiscard]] inline std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace tessera::server
