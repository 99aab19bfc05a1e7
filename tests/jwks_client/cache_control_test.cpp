// Cache-Control as the JWKS cache reads it (src/jwks_client/cache_control.cpp, RFC 9111 5.2).
#include "jwks_client/cache_control.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include <gtest/gtest.h>

namespace {

using std::chrono::seconds;
using tessera::detail::parse_cache_control;

TEST(CacheControl, MaxAge) {
  EXPECT_EQ(parse_cache_control("max-age=60"), seconds(60));
  EXPECT_EQ(parse_cache_control(" max-age=60\r\n"), seconds(60));
  EXPECT_EQ(parse_cache_control("public, max-age=300, must-revalidate"), seconds(300));
  EXPECT_EQ(parse_cache_control("MAX-AGE=5"), seconds(5));
  EXPECT_EQ(parse_cache_control("max-age=\"7\""), seconds(7));
  EXPECT_EQ(parse_cache_control("max-age = 8"), seconds(8));
  EXPECT_EQ(parse_cache_control("max-age=0"), seconds(0));
  // The last max-age wins.
  EXPECT_EQ(parse_cache_control("max-age=5, max-age=10"), seconds(10));
}

TEST(CacheControl, NoCacheAndNoStoreMeanZero) {
  EXPECT_EQ(parse_cache_control("no-cache"), seconds(0));
  EXPECT_EQ(parse_cache_control("no-store"), seconds(0));
  EXPECT_EQ(parse_cache_control("max-age=600, no-store"), seconds(0));
  EXPECT_EQ(parse_cache_control("No-Cache"), seconds(0));
}

TEST(CacheControl, NothingUsable) {
  EXPECT_EQ(parse_cache_control(""), std::nullopt);
  EXPECT_EQ(parse_cache_control("public"), std::nullopt);
  EXPECT_EQ(parse_cache_control("max-age"), std::nullopt);
  EXPECT_EQ(parse_cache_control("max-age="), std::nullopt);
  EXPECT_EQ(parse_cache_control("max-age=abc"), std::nullopt);
  EXPECT_EQ(parse_cache_control("max-age=-1"), std::nullopt);
  EXPECT_EQ(parse_cache_control("max-age=5s"), std::nullopt);
  EXPECT_EQ(parse_cache_control("s-maxage=5"), std::nullopt);
  EXPECT_EQ(parse_cache_control("stale-while-revalidate=5"), std::nullopt);
}

TEST(CacheControl, HugeValuesAreGreaterThanAnyBound) {
  // RFC 9111 1.2.2: a delta-seconds too large to represent is taken as the largest value.
  EXPECT_EQ(parse_cache_control("max-age=99999999999999999999"), seconds(UINT32_MAX));
  EXPECT_EQ(parse_cache_control("max-age=4294967295"), seconds(UINT32_MAX));
}

}  // namespace
