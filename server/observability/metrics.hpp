// Prometheus metrics: requests by route and status, a latency histogram, logins by outcome and
// tokens issued. Recording is a few relaxed atomic increments; no lock on the request path.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace tessera::server {

enum class login_outcome : std::uint8_t { success, invalid_credentials, throttled, error };

class metrics {
 public:
  static constexpr std::size_t max_routes = 63;

  metrics();
  /// Names the router's routes (at most max_routes), before any request is recorded; one more
  /// slot counts unmatched requests.
  void set_routes(std::vector<std::string> routes);

  void record_request(std::size_t route, int status, std::chrono::nanoseconds latency) noexcept;
  void record_login(login_outcome outcome) noexcept;
  void record_token_issued() noexcept;

  /// The text exposition format (version 0.0.4).
  [[nodiscard]] std::string render() const;

  static constexpr std::array<int, 19> statuses = {200, 204, 303, 304, 400, 401, 403, 404, 405, 408,
                                                   413, 414, 415, 422, 429, 431, 500, 503, 0};
  static constexpr std::array<double, 12> buckets = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
                                                     0.01,   0.025,   0.05,   0.1,   0.5,    1.0};

 private:
  static std::size_t status_slot(int status) noexcept;

  std::vector<std::string> routes_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> requests_;  // [route][status]
  std::array<std::atomic<std::uint64_t>, buckets.size() + 1> latency_{};
  std::atomic<std::uint64_t> latency_sum_ns_{0};
  std::array<std::atomic<std::uint64_t>, 4> logins_{};
  std::atomic<std::uint64_t> tokens_issued_{0};
};

}  // namespace tessera::server
