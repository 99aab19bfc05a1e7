// The background fetcher and cache of a remote JWK Set.
#include <tessera/jwks_client.hpp>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include <tessera/error.hpp>

#include "jwks_client/http_fetch.hpp"

namespace tessera {
namespace {

using steady = std::chrono::steady_clock;

std::unexpected<std::error_code> fail(errc e) { return std::unexpected(make_error_code(e)); }

// A JWKS fetched over the network is public by nature: a secret ("oct") key in it is either a
// leak or an attack that would let the publisher's readers mint HS* tokens. Such keys are left
// out of the set.
result<key_set> parse_public_set(std::string_view body, const key_options& options) {
  auto all = key_set::parse(body, options);
  if (!all) return all;
  std::vector<jwk> kept;
  for (const auto& key : all->keys()) {
    if (key.kty() != "oct") kept.push_back(key);
  }
  if (kept.size() == all->keys().size()) return all;
  return key_set::from_keys(std::move(kept));
}

// One fetched set and when it was fetched; replaced whole, never changed.
struct snapshot {
  std::shared_ptr<const key_set> keys;
  steady::time_point fetched_at;
};

}  // namespace

struct jwks_client::state {
  jwks_client_options options;
  // Guarded by a mutex rather than held in `std::atomic<std::shared_ptr>`, whose libstdc++ 12
  // implementation leaves a load's read unordered before a later store's write (TSan reports it).
  mutable std::mutex current_mutex;
  std::shared_ptr<const snapshot> current_set;
  std::atomic<std::size_t> fetches{0};

  std::mutex mutex;
  std::condition_variable wake;   // the fetcher waits here
  std::condition_variable ready;  // wait_ready waits here
  bool refresh_requested = false;
  bool stopping = false;
  steady::time_point last_fetch_started{};
  std::thread fetcher;

  std::shared_ptr<const snapshot> current() const {
    const std::lock_guard lock(current_mutex);
    return current_set;
  }

  // Returns the set it replaced, so that it is released outside the lock.
  std::shared_ptr<const snapshot> publish(std::shared_ptr<const snapshot> next) {
    const std::lock_guard lock(current_mutex);
    current_set.swap(next);
    return next;
  }

  void log(const std::string& line) const {
    if (options.log) options.log(line);
  }

  // How long a set fetched now stays fresh.
  std::chrono::seconds freshness(std::optional<std::chrono::seconds> max_age) const {
    if (!max_age) return options.lifespan;
    return std::clamp(*max_age, options.min_max_age, options.max_max_age);
  }

  // Fetches once; returns when to fetch next.
  steady::time_point fetch_once() {
    fetches.fetch_add(1, std::memory_order_relaxed);
    std::string why;
    auto response = detail::http_get(options, why);
    if (response) {
      auto keys = parse_public_set(response->body, options.keys);
      if (keys) {
        const bool recovered =
            publish(std::make_shared<const snapshot>(snapshot{
                std::make_shared<const key_set>(std::move(*keys)), steady::now()})) == nullptr;
        {
          const std::lock_guard lock(mutex);
          ready.notify_all();
        }
        if (recovered) log("jwks: fetched " + options.url);
        return steady::now() + freshness(response->max_age);
      }
      why = std::string("invalid key set: ") + to_name(keys.error());
    }
    log("jwks: " + options.url + ": " + why + "; serving the last good set");
    return steady::now() + options.retry_interval;
  }

  void run() {
    std::unique_lock lock(mutex);
    while (!stopping) {
      last_fetch_started = steady::now();
      refresh_requested = false;
      lock.unlock();
      const auto next = fetch_once();
      lock.lock();
      wake.wait_until(lock, next, [&] { return stopping || refresh_requested; });
    }
  }
};

jwks_client::jwks_client(std::unique_ptr<state> s) noexcept : state_(std::move(s)) {}

jwks_client::~jwks_client() {
  {
    const std::lock_guard lock(state_->mutex);
    state_->stopping = true;
  }
  state_->wake.notify_all();
  if (state_->fetcher.joinable()) state_->fetcher.join();
}

result<std::shared_ptr<jwks_client>> jwks_client::start(jwks_client_options options) {
  if (!detail::is_allowed_url(options)) return fail(errc::jwks_fetch_failed);
  // Bounds the wrong way round would make the freshness clamp meaningless.
  if (options.min_max_age > options.max_max_age) options.max_max_age = options.min_max_age;
  auto s = std::make_unique<state>();
  s->options = std::move(options);
  s->options.keys.passphrase = {};
  std::shared_ptr<jwks_client> client(new jwks_client(std::move(s)));
  state* raw = client->state_.get();
  raw->fetcher = std::thread([raw] { raw->run(); });
  return client;
}

bool jwks_client::wait_ready(std::chrono::milliseconds timeout) const {
  std::unique_lock lock(state_->mutex);
  return state_->ready.wait_for(lock, timeout, [&] { return state_->current() != nullptr; });
}

void jwks_client::refresh() const {
  {
    const std::lock_guard lock(state_->mutex);
    if (steady::now() - state_->last_fetch_started < state_->options.min_refresh_interval) return;
    state_->refresh_requested = true;
  }
  state_->wake.notify_all();
}

result<std::shared_ptr<const key_set>> jwks_client::current() const {
  const auto snap = state_->current();
  if (!snap) return fail(errc::jwks_unavailable);
  if (steady::now() - snap->fetched_at > state_->options.max_staleness) {
    return fail(errc::jwks_stale);
  }
  return snap->keys;
}

std::size_t jwks_client::fetch_count() const noexcept {
  return state_->fetches.load(std::memory_order_relaxed);
}

result<verifying_key> jwks_client::resolve(std::optional<std::string_view> kid,
                                           algorithm alg) const {
  const auto keys = current();
  if (!keys) return std::unexpected(keys.error());
  auto key = (*keys)->select(kid, alg);
  // A kid we do not know may be a key the issuer has just rotated in.
  if (!key && kid && key.error() == errc::no_matching_key) refresh();
  return key;
}

algorithm_set jwks_client::algorithms() const {
  const auto keys = current();
  return keys ? (*keys)->algorithms() : algorithm_set{};
}

result<key_set> fetch_key_set(const jwks_client_options& options) {
  std::string why;
  auto response = detail::http_get(options, why);
  if (!response) {
    // As the client does: the code says that the fetch failed, the log line says why.
    if (options.log) options.log("jwks: " + options.url + ": " + why);
    return std::unexpected(response.error());
  }
  return parse_public_set(response->body, options.keys);
}

}  // namespace tessera
