// Keeps an instance in step with the store it shares with other instances and with the CLI:
// every sync_interval it reloads the revocations and the signing keys, and prunes what no token
// can need any more.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "auth/revocation_list.hpp"
#include "config/config.hpp"
#include "keys/key_ring.hpp"
#include "store/store.hpp"

namespace tessera::server {

/// How far back one sync looks, in Unix seconds.
struct sync_cutoffs {
  /// Sessions ended and users' not-before times set before this cover only expired tokens.
  std::int64_t revoked_since = 0;
  /// Revoked token ids whose token expired before this refuse nothing any more.
  std::int64_t expiring_since = 0;
};

/// The cut-offs at `now` for access tokens that live `access_token_ttl`.
[[nodiscard]] sync_cutoffs sync_cutoffs_at(std::int64_t now,
                                           std::chrono::seconds access_token_ttl) noexcept;

class store_sync {
 public:
  /// Starts the background thread; the first sync is the caller's (`sync_once`).
  store_sync(const service_config& config, store& db, key_ring& keys, revocation_list& revoked);
  store_sync(const store_sync&) = delete;
  store_sync& operator=(const store_sync&) = delete;
  ~store_sync();

  void sync_once();

  /// Rows deleted by one prune, at most, of each kind.
  static constexpr std::size_t prune_batch = 1000;

 private:
  void run();
  void prune(const sync_cutoffs& cutoffs);

  const service_config& config_;
  store& db_;
  key_ring& keys_;
  revocation_list& revoked_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace tessera::server
