// The bearer guard's cache of verified tokens (server/auth/verified_cache.hpp).
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include <tessera/jwt.hpp>

#include "auth/verified_cache.hpp"

namespace tessera::server {
namespace {

using namespace std::chrono_literals;

constexpr std::int64_t now = 1'800'000'000;

struct fixture {
  tessera::signing_key key =
      *tessera::signing_key::hmac(tessera::algorithm::hs256, std::string(32, 'k'));
  tessera::verifier verifier = *tessera::verifier::create(
      key.verifier_key(), {.algorithms = {tessera::algorithm::hs256},
                           .time_source = std::make_shared<tessera::fixed_clock>(
                               std::chrono::system_clock::time_point(std::chrono::seconds(now)))});

  std::string token(std::int64_t exp, std::int64_t nbf = 0, std::string_view sub = "alice") {
    tessera::claims c;
    c.subject(sub).set("exp", exp);
    if (nbf != 0) c.set("nbf", nbf);
    return *tessera::encode(c, key);
  }
  tessera::verified_token verified(const std::string& t) { return *verifier.verify(t); }
};

TEST(VerifiedCache, HitsOnlyTheSameTokenAndGeneration) {
  fixture f;
  verified_cache cache(100, 300s);
  const auto t = f.token(now + 60);
  EXPECT_FALSE(cache.find(t, 1, now));
  cache.insert(t, f.verified(t), 1, now);
  auto hit = cache.find(t, 1, now + 1);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->claims().subject(), "alice");

  std::string modified = t;
  modified.back() = modified.back() == 'A' ? 'B' : 'A';
  EXPECT_FALSE(cache.find(modified, 1, now + 1)) << "a modified token never hits";
  EXPECT_FALSE(cache.find(t, 2, now + 1)) << "a key change flushes the cache";
  EXPECT_FALSE(cache.find(t, 1, now + 1)) << "and the stale entry is gone";
}

TEST(VerifiedCache, NeverOutlivesExpOrMaxAge) {
  fixture f;
  verified_cache cache(100, 30s);
  const auto short_lived = f.token(now + 10);
  cache.insert(short_lived, f.verified(short_lived), 1, now);
  EXPECT_TRUE(cache.find(short_lived, 1, now + 9));
  EXPECT_FALSE(cache.find(short_lived, 1, now + 10)) << "exp == now has expired";

  const auto long_lived = f.token(now + 3600);
  cache.insert(long_lived, f.verified(long_lived), 1, now);
  EXPECT_TRUE(cache.find(long_lived, 1, now + 29));
  EXPECT_FALSE(cache.find(long_lived, 1, now + 30)) << "max_age bounds the entry";
}

TEST(VerifiedCache, NotServedBeforeNbf) {
  fixture f;
  verified_cache cache(100, 300s);
  const auto t = f.token(now + 600, now - 1);
  cache.insert(t, f.verified(t), 1, now);
  EXPECT_FALSE(cache.find(t, 1, now - 5)) << "a clock going back does not serve it early";
  EXPECT_TRUE(cache.find(t, 1, now));
}

TEST(VerifiedCache, StaysBounded) {
  fixture f;
  verified_cache cache(32, 300s);
  for (int i = 0; i < 500; ++i) {
    const auto t = f.token(now + 600, 0, "user-" + std::to_string(i));
    cache.insert(t, f.verified(t), 1, now);
  }
  EXPECT_LE(cache.size(), 32u + 16u);  // per-shard capacity rounds up
}

TEST(VerifiedCache, SizeZeroDisablesIt) {
  fixture f;
  verified_cache cache(0, 300s);
  const auto t = f.token(now + 60);
  cache.insert(t, f.verified(t), 1, now);
  EXPECT_FALSE(cache.find(t, 1, now));
  EXPECT_EQ(cache.size(), 0u);
}

}  // namespace
}  // namespace tessera::server
