#include "keys/key_admin.hpp"

#include <algorithm>

#include "keys/key_ring.hpp"
#include "unix_time.hpp"

namespace tessera::server {

result<key_record> rotate_key(const service_config& config, store& keys, key_rotation when) {
  if (is_hmac(config.alg)) {
    return fail(errc::invalid_argument, "HS keys come from signing_secret_file; replace it");
  }
  auto kek = load_key_encryption_key(config);
  if (!kek) return std::unexpected(kek.error());
  const bool now = when == key_rotation::immediate;
  const auto t = unix_now();
  // Published first; signing only once every client's JWKS cache has expired.
  const auto activate_at = now ? t : t + config.jwks_max_age.count();
  auto all = keys.list_keys();
  if (!all) return std::unexpected(all.error());
  // Every family rotates: the access-token key, and the ID-token key beside it.
  std::optional<key_record> access_key;
  for (const auto alg : key_families(config)) {
    auto record = new_key_record(*kek, alg, now ? key_state::active : key_state::next, activate_at);
    if (!record) return std::unexpected(record.error());
    if (now) {
      for (const auto& r : *all) {
        if (r.state == key_state::active && r.alg == record->alg) {
          (void)keys.set_key_state(r.kid, key_state::retired, t);
        }
      }
    }
    if (auto added = keys.add_key(*record); !added) return std::unexpected(added.error());
    if (alg == config.alg) access_key = std::move(*record);
  }
  // key_families always holds config.alg.
  if (!access_key) return fail(errc::key_unavailable, "no key of the service's algorithm");
  return std::move(*access_key);
}

result<std::size_t> prune_keys(const service_config& config, store& keys) {
  auto all = keys.list_keys();
  if (!all) return std::unexpected(all.error());
  const auto now = unix_now();
  // A retired key verifies until the last token it signed has expired (plus the leeway).
  const auto keep_for = (config.access_token_ttl + access_token_leeway).count();
  std::size_t pruned = 0;
  for (const auto& r : *all) {
    const bool expired_retired =
        r.state == key_state::retired && r.retired_at && *r.retired_at + keep_for < now;
    if (expired_retired || r.state == key_state::revoked) {
      if (auto deleted = keys.delete_key(r.kid); !deleted) return std::unexpected(deleted.error());
      ++pruned;
    }
  }
  return pruned;
}

result<std::size_t> revoke_key(store& keys, const std::string& kid) {
  const auto now = unix_now();
  auto all = keys.list_keys();
  if (!all) return std::unexpected(all.error());
  const auto it = std::ranges::find(*all, kid, &key_record::kid);
  if (it == all->end()) return fail(errc::not_found, "no key " + kid);
  if (it->state == key_state::active) {
    const bool other_signer = std::ranges::any_of(*all, [&](const auto& r) {
      return r.kid != kid && r.alg == it->alg &&
             (r.state == key_state::next || r.state == key_state::active);
    });
    if (!other_signer) {
      return fail(errc::invalid_argument,
                  "key " + kid + " is the only signing key; run `tessera keys rotate --now` first");
    }
  }
  if (auto revoked = keys.set_key_state(kid, key_state::revoked, now); !revoked) {
    return std::unexpected(revoked.error());
  }
  // A "next" key takes over at once if the revoked key was signing.
  if (it->state == key_state::active) {
    const auto next = std::ranges::find_if(*all, [&](const auto& r) {
      return r.kid != kid && r.alg == it->alg && r.state == key_state::next;
    });
    if (next != all->end()) (void)keys.set_key_state(next->kid, key_state::active, std::nullopt);
  }
  auto ended = keys.revoke_sessions_of_key(kid, now);
  if (!ended) return std::unexpected(ended.error());
  return *ended;
}

}  // namespace tessera::server
