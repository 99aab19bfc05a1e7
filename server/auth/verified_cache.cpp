#include "auth/verified_cache.hpp"

#include <functional>

namespace tessera::server {

verified_cache::verified_cache(std::size_t capacity, std::chrono::seconds max_age)
    : per_shard_capacity_((capacity + shard_count - 1) / shard_count), max_age_(max_age) {}

verified_cache::shard& verified_cache::shard_for(std::string_view token) {
  return shards_[std::hash<std::string_view>{}(token) % shard_count];
}

std::optional<tessera::verified_token> verified_cache::find(std::string_view token,
                                                            std::uint64_t generation,
                                                            std::int64_t now) {
  if (per_shard_capacity_ == 0) return std::nullopt;
  auto& s = shard_for(token);
  const std::lock_guard lock(s.mutex);
  const auto it = s.entries.find(token);
  if (it == s.entries.end()) return std::nullopt;
  const entry& e = it->second;
  if (e.generation != generation || now >= e.not_after) {
    s.entries.erase(it);
    return std::nullopt;
  }
  if (now < e.not_before) return std::nullopt;
  return e.verified;
}

void verified_cache::insert(std::string_view token, const tessera::verified_token& verified,
                            std::uint64_t generation, std::int64_t now) {
  if (per_shard_capacity_ == 0) return;
  const auto claims = verified.claims();
  const auto exp = claims.expires_at();
  if (!exp) return;  // a token without exp is never cached: it would never leave
  const auto nbf = claims.not_before();
  const std::int64_t not_after =
      std::min<std::int64_t>(exp->time_since_epoch().count(), now + max_age_.count());
  auto& s = shard_for(token);
  const std::lock_guard lock(s.mutex);
  if (s.entries.size() >= per_shard_capacity_) {
    // Full: drop the expired, and if none, an arbitrary one (bounded memory over recency).
    std::erase_if(s.entries, [now](const auto& kv) { return now >= kv.second.not_after; });
    if (s.entries.size() >= per_shard_capacity_) s.entries.erase(s.entries.begin());
  }
  s.entries.insert_or_assign(std::string(token), entry{verified, generation, not_after,
                                                       nbf ? nbf->time_since_epoch().count() : 0});
}

std::size_t verified_cache::size() const {
  std::size_t total = 0;
  for (const auto& s : shards_) {
    const std::lock_guard lock(s.mutex);
    total += s.entries.size();
  }
  return total;
}

}  // namespace tessera::server
