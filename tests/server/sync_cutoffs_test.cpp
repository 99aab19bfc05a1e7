// The cut-offs of the store sync: nothing the verifier could still accept loses its revocation,
// and nothing is pruned while it can still refuse a token.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>

#include "keys/key_ring.hpp"
#include "store_sync.hpp"

namespace tessera::server {
namespace {

constexpr std::chrono::seconds ttl{900};
constexpr std::int64_t leeway = access_token_leeway.count();

TEST(SyncCutoffs, RevokedTokenIdOutlivesItsTokensLeeway) {
  // A token expiring at `exp` is accepted until exp + leeway: its revocation must be loaded
  // (and kept) until then, though the token has expired.
  constexpr std::int64_t exp = 1'000'000;
  for (std::int64_t now = exp - 10; now <= exp + leeway; ++now) {
    EXPECT_LE(sync_cutoffs_at(now, ttl).expiring_since, exp) << "now - exp = " << now - exp;
  }
}

TEST(SyncCutoffs, EndedSessionOutlivesItsLastAccessToken) {
  // Tokens issued up to the moment a session ends are accepted until then + ttl + leeway.
  constexpr std::int64_t ended = 2'000'000;
  const std::int64_t last_accepted = ended + ttl.count() + leeway;
  for (std::int64_t now = ended; now <= last_accepted; now += 7) {
    EXPECT_LE(sync_cutoffs_at(now, ttl).revoked_since, ended) << "now - ended = " << now - ended;
  }
  EXPECT_LE(sync_cutoffs_at(last_accepted, ttl).revoked_since, ended);
}

TEST(SyncCutoffs, OldEntriesAreLeftOut) {
  // The reload stays small: an hour after a token's last acceptable second, it is out.
  const auto c = sync_cutoffs_at(10'000'000, ttl);
  EXPECT_GT(c.expiring_since, 10'000'000 - 3600);
  EXPECT_GT(c.revoked_since, 10'000'000 - ttl.count() - 3600);
  EXPECT_LT(c.revoked_since, c.expiring_since) << "sessions cover tokens issued before their end";
}

}  // namespace
}  // namespace tessera::server
