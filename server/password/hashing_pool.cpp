#include "password/hashing_pool.hpp"

#include <algorithm>

#include <sys/resource.h>
#include <unistd.h>

namespace tessera::server {

hashing_pool::hashing_pool(std::size_t threads, std::size_t queue_limit, int nice)
    : queue_limit_(queue_limit), nice_(nice) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  for (std::size_t i = 0; i < threads; ++i) workers_.emplace_back([this] { run(); });
}

hashing_pool::~hashing_pool() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_all();
  for (auto& w : workers_) w.join();
}

bool hashing_pool::submit(std::move_only_function<void()>&& job) {
  {
    const std::lock_guard lock(mutex_);
    if (queue_.size() >= queue_limit_) return false;
    queue_.push_back(std::move(job));
  }
  ready_.notify_one();
  return true;
}

void hashing_pool::run() {
  // On Linux the niceness belongs to the thread, not the process. Raising it needs no privilege;
  // should it fail, the thread only keeps the default priority, so the result is not checked.
  if (nice_ > 0) (void)setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), nice_);
  for (;;) {
    std::move_only_function<void()> job;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued has run
      job = std::move(queue_.front());
      queue_.pop_front();
      ++running_;
    }
    job();
    job = nullptr;  // its captures (work guards, handlers) go before the pool reports idle
    {
      const std::lock_guard lock(mutex_);
      --running_;
      if (running_ == 0 && queue_.empty()) idle_.notify_all();
    }
  }
}

void hashing_pool::wait_idle() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [this] { return running_ == 0 && queue_.empty(); });
}

}  // namespace tessera::server
