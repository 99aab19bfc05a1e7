// A value that is read on every request and replaced now and then (the verifier, the key ring,
// the revocation list). Readers take no lock and touch no shared cache line but a version
// counter: each thread keeps its own reference to the current snapshot and refreshes it only
// when the version has moved.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>

namespace tessera::server {

template <class T>
class published {
 public:
  explicit published(std::shared_ptr<const T> initial)
      : current_(std::move(initial)), version_(next_version()) {}
  published(const published&) = delete;
  published& operator=(const published&) = delete;
  ~published() = default;

  /// The current snapshot, valid until this thread's next call to read() on any published<T>.
  [[nodiscard]] const T& read() const {
    thread_local cached_view cache;
    const auto version = version_.load(std::memory_order_acquire);
    if (cache.owner != this || cache.version != version) {
      const std::lock_guard lock(mutex_);
      cache.owner = this;
      cache.version = version_.load(std::memory_order_relaxed);
      cache.snapshot = current_;
    }
    return *cache.snapshot;
  }

  /// A shared reference to the current snapshot (for callers that keep it).
  [[nodiscard]] std::shared_ptr<const T> share() const {
    const std::lock_guard lock(mutex_);
    return current_;
  }

  /// Changes whenever a new snapshot is published.
  [[nodiscard]] std::uint64_t version() const noexcept {
    return version_.load(std::memory_order_acquire);
  }

  void publish(std::shared_ptr<const T> next) {
    const std::lock_guard lock(mutex_);
    current_ = std::move(next);
    version_.store(next_version(), std::memory_order_release);
  }

 private:
  // Versions are unique among all the published<T> of the process, not per object: a thread's
  // cache is keyed by address and version, and an object made where a destroyed one lived must
  // not match the cache of the old one.
  static std::uint64_t next_version() noexcept {
    static std::atomic<std::uint64_t> counter{0};
    return counter.fetch_add(1, std::memory_order_relaxed) + 1;
  }

  struct cached_view {
    const published* owner = nullptr;
    std::uint64_t version = 0;
    std::shared_ptr<const T> snapshot;
  };

  mutable std::mutex mutex_;
  std::shared_ptr<const T> current_;
  std::atomic<std::uint64_t> version_;
};

}  // namespace tessera::server
