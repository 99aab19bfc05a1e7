// A setting that a reload (SIGHUP) may replace while requests read it on other threads.
#pragma once

#include <atomic>
#include <memory>
#include <utility>

namespace tessera::server {

/// A value of the configuration that can change while the service runs. A reader takes a
/// snapshot and uses it to the end of what it does, so one request never sees half of an old
/// list and half of a new one; a reload replaces the whole value at once. A copy is independent
/// of its original (configurations are copied while they are read).
template <class T>
class live {
 public:
  live() : current_(std::make_shared<const T>()) {}
  // Implicit, as the plain value it stands for: `config.clients = {...}`.
  live(T value)  // NOLINT(google-explicit-constructor,hicpp-explicit-conversions)
      : current_(std::make_shared<const T>(std::move(value))) {}
  live(const live& other) : current_(other.snapshot()) {}
  live& operator=(const live& other) {
    if (this != &other) current_.store(other.snapshot());
    return *this;
  }
  live(live&& other) noexcept : current_(other.snapshot()) {}
  live& operator=(live&& other) noexcept {
    if (this != &other) current_.store(other.snapshot());
    return *this;
  }
  live& operator=(T value) {
    replace(std::move(value));
    return *this;
  }
  ~live() = default;

  /// The current value, kept alive for as long as the caller holds it.
  [[nodiscard]] std::shared_ptr<const T> snapshot() const { return current_.load(); }

  /// Publishes `value`: readers that took a snapshot before keep theirs.
  void replace(T value) { current_.store(std::make_shared<const T>(std::move(value))); }

 private:
  std::atomic<std::shared_ptr<const T>> current_;
};

}  // namespace tessera::server
