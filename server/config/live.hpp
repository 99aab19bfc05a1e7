// A setting that a reload (SIGHUP) may replace while requests read it on other threads.
#pragma once

#include <memory>
#include <mutex>
#include <utility>

namespace tessera::server {

/// A value of the configuration that can change while the service runs. A reader takes a
/// snapshot and uses it to the end of what it does, so one request never sees half of an old
/// list and half of a new one; a reload replaces the whole value at once. A copy is independent
/// of its original (configurations are copied while they are read).
///
/// A mutex guards the pointer rather than `std::atomic<std::shared_ptr>`: libstdc++ 12 releases
/// that type's internal lock with a relaxed store after a load, so a later store's write is not
/// ordered after the load's read (a data race in the memory model, which TSan reports). The
/// critical sections copy one pointer.
template <class T>
class live {
 public:
  live() : current_(std::make_shared<const T>()) {}
  // Implicit, as the plain value it stands for: `config.clients = {...}`.
  live(T value)  // NOLINT(google-explicit-constructor,hicpp-explicit-conversions)
      : current_(std::make_shared<const T>(std::move(value))) {}
  live(const live& other) : current_(other.snapshot()) {}
  live& operator=(const live& other) {
    if (this != &other) publish(other.snapshot());
    return *this;
  }
  live(live&& other) noexcept : current_(other.snapshot()) {}
  live& operator=(live&& other) noexcept {
    if (this != &other) publish(other.snapshot());
    return *this;
  }
  live& operator=(T value) {
    replace(std::move(value));
    return *this;
  }
  ~live() = default;

  /// The current value, kept alive for as long as the caller holds it.
  [[nodiscard]] std::shared_ptr<const T> snapshot() const {
    const std::lock_guard lock(mutex_);
    return current_;
  }

  /// Publishes `value`: readers that took a snapshot before keep theirs.
  void replace(T value) { publish(std::make_shared<const T>(std::move(value))); }

 private:
  void publish(std::shared_ptr<const T> next) {
    // The old value is released outside the lock: its destructor may free a whole list.
    {
      const std::lock_guard lock(mutex_);
      current_.swap(next);
    }
  }

  mutable std::mutex mutex_;
  std::shared_ptr<const T> current_;
};

}  // namespace tessera::server
