#include "store_sync.hpp"

#include <string>

#include "observability/log.hpp"
#include "unix_time.hpp"

namespace tessera::server {

sync_cutoffs sync_cutoffs_at(std::int64_t now, std::chrono::seconds access_token_ttl) noexcept {
  // A token is accepted until its exp plus the verifier's leeway; a further 30 s covers the
  // clocks of instances that differ. Ending a session (or all of a user's) covers the tokens
  // issued before, which live at most one access-token lifetime longer; a revoked token id
  // covers its own token only, until that token's exp.
  const auto margin = (access_token_leeway + std::chrono::seconds(30)).count();
  return {.revoked_since = now - access_token_ttl.count() - margin, .expiring_since = now - margin};
}

store_sync::store_sync(const service_config& config, store& db, key_ring& keys,
                       revocation_list& revoked)
    : config_(config), db_(db), keys_(keys), revoked_(revoked), thread_([this] { run(); }) {}

store_sync::~store_sync() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void store_sync::sync_once() {
  const auto now = unix_now();
  const auto cutoffs = sync_cutoffs_at(now, config_.access_token_ttl);
  if (auto r = db_.load_revocations(cutoffs.revoked_since, cutoffs.expiring_since)) {
    revoked_.replace(*r);
  } else {
    log_event(log_level::warning, "sync_failed", {{"detail", r.error().message()}});
  }
  if (auto changed = keys_.refresh(db_, now); !changed) {
    log_event(log_level::warning, "key_sync_failed", {{"detail", changed.error().message()}});
  } else if (*changed) {
    log_event(log_level::info, "keys_changed", {{"signing_kid", keys_.read().signing_kid}});
  }
  prune(cutoffs);
}

void store_sync::prune(const sync_cutoffs& cutoffs) {
  // A session ends at its absolute lifetime; once its last access token is past the cut-off it
  // can neither refuse nor renew a token. The same cut-offs as the reload, so nothing it still
  // loads is deleted. In batches, so that a backlog never holds the store for long.
  auto r = db_.prune(cutoffs.revoked_since, cutoffs.expiring_since, prune_batch);
  if (!r) {
    log_event(log_level::warning, "prune_failed", {{"detail", r.error().message()}});
    return;
  }
  if (r->sessions + r->token_ids + r->codes > 0) {
    log_event(log_level::info, "store_pruned",
              {{"sessions", std::to_string(r->sessions)},
               {"token_ids", std::to_string(r->token_ids)},
               {"codes", std::to_string(r->codes)}});
  }
}

void store_sync::run() {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, config_.sync_interval, [this] { return stopping_; })) {
    lock.unlock();
    sync_once();
    lock.lock();
  }
}

}  // namespace tessera::server
