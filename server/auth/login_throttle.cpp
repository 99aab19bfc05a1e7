#include "auth/login_throttle.hpp"

#include <algorithm>

namespace tessera::server {
namespace {

std::string user_key(const login_source& source) {
  std::string key(source.address);
  key.push_back('\0');  // cannot occur in an address
  key.append(source.username);
  return key;
}

std::chrono::seconds ceil_seconds(std::chrono::steady_clock::duration d) {
  return std::max(std::chrono::seconds(1), std::chrono::ceil<std::chrono::seconds>(d));
}

}  // namespace

std::chrono::seconds login_throttle::user_delay(const counter& c) const {
  if (c.failures < config_.per_user_address) return std::chrono::seconds(0);
  // 1 s after the limit is reached, doubling with each further failure, up to max_delay.
  const auto excess = std::min<std::uint32_t>(c.failures - config_.per_user_address, 30);
  return std::min(std::chrono::seconds(std::int64_t{1} << excess), config_.max_delay);
}

std::chrono::seconds login_throttle::retry_after(const login_source& source,
                                                 clock::time_point now) {
  if (!config_.enabled) return std::chrono::seconds(0);
  const std::lock_guard lock(mutex_);
  std::chrono::seconds wait(0);
  if (auto it = by_address_.find(std::string(source.address)); it != by_address_.end()) {
    const auto& c = it->second;
    const auto window_end = c.window_start + config_.window;
    if (now < window_end && c.failures >= config_.per_address)
      wait = ceil_seconds(window_end - now);
  }
  if (auto it = by_user_address_.find(user_key(source)); it != by_user_address_.end()) {
    const auto until = it->second.last_failure + user_delay(it->second);
    if (now < until) wait = std::max(wait, ceil_seconds(until - now));
  }
  return wait;
}

void login_throttle::record_failure(const login_source& source, clock::time_point now) {
  if (!config_.enabled) return;
  const std::lock_guard lock(mutex_);
  prune(now);
  auto& a = by_address_[std::string(source.address)];
  if (now >= a.window_start + config_.window) {
    a.failures = 0;
    a.window_start = now;
  }
  ++a.failures;
  a.last_failure = now;
  auto& u = by_user_address_[user_key(source)];
  ++u.failures;
  u.last_failure = now;
}

void login_throttle::record_success(const login_source& source) {
  if (!config_.enabled) return;
  const std::lock_guard lock(mutex_);
  by_user_address_.erase(user_key(source));
}

void login_throttle::prune(clock::time_point now) {
  if (by_address_.size() + by_user_address_.size() < max_entries) return;
  const auto forget_after = std::max(config_.window, config_.max_delay);
  const auto stale = [&](const auto& entry) {
    return now - entry.second.last_failure > forget_after;
  };
  std::erase_if(by_address_, stale);
  std::erase_if(by_user_address_, stale);
  // Still full after dropping what has expired (addresses sprayed on purpose): start over
  // rather than grow without bound.
  if (by_address_.size() + by_user_address_.size() >= max_entries) {
    by_address_.clear();
    by_user_address_.clear();
  }
}

}  // namespace tessera::server
