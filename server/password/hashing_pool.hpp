// A fixed set of threads for password hashing, apart from the I/O threads, so a login storm
// cannot stall token checks. The threads may run at a lower priority (a higher niceness): when
// the cores are busy, the scheduler then serves requests first and logins with what is left.
// The queue is bounded: when it is full, new work is refused.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace tessera::server {

class hashing_pool {
 public:
  /// `threads` 0 means one per core; `nice` (0-19) is added to each thread's niceness.
  hashing_pool(std::size_t threads, std::size_t queue_limit, int nice = 0);
  hashing_pool(const hashing_pool&) = delete;
  hashing_pool& operator=(const hashing_pool&) = delete;
  ~hashing_pool();

  /// Queues `job`, moving from it; when the queue is full returns false and leaves `job` as it
  /// was, so the caller can still answer through it.
  [[nodiscard]] bool submit(std::move_only_function<void()>&& job);

  [[nodiscard]] std::size_t threads() const noexcept { return workers_.size(); }

  /// Waits until nothing is queued or running.
  void wait_idle();

 private:
  void run();

  std::size_t queue_limit_;
  int nice_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::condition_variable idle_;
  std::size_t running_ = 0;
  std::deque<std::move_only_function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace tessera::server
