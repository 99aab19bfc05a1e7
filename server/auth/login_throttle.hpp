// Limits on login attempts: per client address, and per (username, address) with a delay that
// grows with each failure. There is no hard lock, so an attacker cannot lock a user out: the
// user's own address is throttled only by its own failures.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "config/config.hpp"

namespace tessera::server {

/// Where a login attempt comes from: the client's address, and the user it names (empty when
/// a client authenticates itself, which only the per-address limit counts).
struct login_source {
  std::string_view address;
  std::string_view username;
};

class login_throttle {
 public:
  using clock = std::chrono::steady_clock;

  explicit login_throttle(rate_limit_config config) : config_(config) {}

  /// How long the client must wait before this attempt is considered; zero when it may go on.
  [[nodiscard]] std::chrono::seconds retry_after(const login_source& source,
                                                 clock::time_point now = clock::now());
  void record_failure(const login_source& source, clock::time_point now = clock::now());
  void record_success(const login_source& source);

  /// Entries kept at most; older ones are dropped first, so memory stays bounded.
  static constexpr std::size_t max_entries = 100000;

 private:
  struct counter {
    std::uint32_t failures = 0;
    clock::time_point window_start{};
    clock::time_point last_failure{};
  };

  void prune(clock::time_point now);
  std::chrono::seconds user_delay(const counter& c) const;

  rate_limit_config config_;
  std::mutex mutex_;
  std::unordered_map<std::string, counter> by_address_;
  std::unordered_map<std::string, counter> by_user_address_;
};

}  // namespace tessera::server
