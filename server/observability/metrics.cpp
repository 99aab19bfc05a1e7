#include "observability/metrics.hpp"

#include <algorithm>
#include <cstdio>

namespace tessera::server {

metrics::metrics()
    : routes_{"unmatched"},
      requests_(new std::atomic<std::uint64_t>[(max_routes + 1) * statuses.size()]) {
  for (std::size_t i = 0; i < (max_routes + 1) * statuses.size(); ++i) requests_[i] = 0;
}

void metrics::set_routes(std::vector<std::string> routes) {
  if (routes.size() > max_routes) routes.resize(max_routes);
  routes_ = std::move(routes);
  routes_.emplace_back("unmatched");
}

std::size_t metrics::status_slot(int status) noexcept {
  for (std::size_t i = 0; i + 1 < statuses.size(); ++i) {
    if (statuses[i] == status) return i;
  }
  return statuses.size() - 1;  // any other status
}

void metrics::record_request(std::size_t route, int status,
                             std::chrono::nanoseconds latency) noexcept {
  if (route >= routes_.size()) route = routes_.size() - 1;
  requests_[route * statuses.size() + status_slot(status)].fetch_add(1, std::memory_order_relaxed);
  const double seconds = std::chrono::duration<double>(latency).count();
  std::size_t b = 0;
  while (b < buckets.size() && seconds > buckets[b]) ++b;
  latency_[b].fetch_add(1, std::memory_order_relaxed);
  latency_sum_ns_.fetch_add(static_cast<std::uint64_t>(latency.count()), std::memory_order_relaxed);
}

void metrics::record_login(login_outcome outcome) noexcept {
  logins_[static_cast<std::size_t>(outcome)].fetch_add(1, std::memory_order_relaxed);
}

void metrics::record_token_issued() noexcept {
  tokens_issued_.fetch_add(1, std::memory_order_relaxed);
}

std::string metrics::render() const {
  std::string out;
  char line[256];
  // Appends what the snprintf before it wrote (cut at the buffer, as printing it would be).
  const auto append = [&](int written) {
    if (written > 0) out.append(line, std::min(static_cast<std::size_t>(written), sizeof line - 1));
  };
  out += "# HELP tessera_http_requests_total HTTP requests by route and status.\n";
  out += "# TYPE tessera_http_requests_total counter\n";
  for (std::size_t r = 0; r < routes_.size(); ++r) {
    for (std::size_t s = 0; s < statuses.size(); ++s) {
      const auto n = requests_[r * statuses.size() + s].load(std::memory_order_relaxed);
      if (n == 0) continue;
      const std::string status = statuses[s] == 0 ? "other" : std::to_string(statuses[s]);
      append(std::snprintf(line, sizeof line,
                           "tessera_http_requests_total{route=\"%s\",status=\"%s\"} %llu\n",
                           routes_[r].c_str(), status.c_str(), static_cast<unsigned long long>(n)));
    }
  }
  out += "# HELP tessera_http_request_duration_seconds Time from request read to response.\n";
  out += "# TYPE tessera_http_request_duration_seconds histogram\n";
  std::uint64_t cumulative = 0;
  for (std::size_t b = 0; b <= buckets.size(); ++b) {
    cumulative += latency_[b].load(std::memory_order_relaxed);
    if (b < buckets.size()) {
      append(std::snprintf(line, sizeof line,
                           "tessera_http_request_duration_seconds_bucket{le=\"%g\"} %llu\n",
                           buckets[b], static_cast<unsigned long long>(cumulative)));
    } else {
      append(std::snprintf(line, sizeof line,
                           "tessera_http_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n",
                           static_cast<unsigned long long>(cumulative)));
    }
  }
  append(std::snprintf(line, sizeof line, "tessera_http_request_duration_seconds_sum %.9f\n",
                       static_cast<double>(latency_sum_ns_.load(std::memory_order_relaxed)) / 1e9));
  append(std::snprintf(line, sizeof line, "tessera_http_request_duration_seconds_count %llu\n",
                       static_cast<unsigned long long>(cumulative)));

  out += "# HELP tessera_logins_total Login attempts by outcome.\n";
  out += "# TYPE tessera_logins_total counter\n";
  constexpr const char* outcomes[] = {"success", "invalid_credentials", "throttled", "error"};
  for (std::size_t i = 0; i < logins_.size(); ++i) {
    append(
        std::snprintf(line, sizeof line, "tessera_logins_total{outcome=\"%s\"} %llu\n", outcomes[i],
                      static_cast<unsigned long long>(logins_[i].load(std::memory_order_relaxed))));
  }
  out += "# HELP tessera_tokens_issued_total Access tokens issued.\n";
  out += "# TYPE tessera_tokens_issued_total counter\n";
  append(std::snprintf(
      line, sizeof line, "tessera_tokens_issued_total %llu\n",
      static_cast<unsigned long long>(tokens_issued_.load(std::memory_order_relaxed))));
  return out;
}

}  // namespace tessera::server
