// JOSE algorithm names and algorithm sets.
#include <tessera/algorithm.hpp>

#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "support/assertions.hpp"

namespace {

using tessera::algorithm;
using tessera::errc;
using tessera::test::fails_with;

struct named_algorithm {
  algorithm alg;
  std::string_view name;
};

constexpr named_algorithm all_algorithms[] = {
    {algorithm::hs256, "HS256"},   {algorithm::hs384, "HS384"}, {algorithm::hs512, "HS512"},
    {algorithm::rs256, "RS256"},   {algorithm::rs384, "RS384"}, {algorithm::rs512, "RS512"},
    {algorithm::ps256, "PS256"},   {algorithm::ps384, "PS384"}, {algorithm::ps512, "PS512"},
    {algorithm::es256, "ES256"},   {algorithm::es384, "ES384"}, {algorithm::es512, "ES512"},
    {algorithm::es256k, "ES256K"}, {algorithm::eddsa, "EdDSA"},
};
static_assert(std::size(all_algorithms) == tessera::algorithm_count);

TEST(Algorithm, JoseSpellingsRoundTrip) {
  for (const auto& [alg, name] : all_algorithms) {
    SCOPED_TRACE(name);
    EXPECT_EQ(tessera::to_string(alg), name);
    const auto parsed = tessera::parse_algorithm(name);
    ASSERT_TRUE(tessera::test::succeeds(parsed));
    EXPECT_EQ(*parsed, alg);
  }
}

TEST(Algorithm, ParsingIsCaseSensitive) {
  EXPECT_TRUE(fails_with(tessera::parse_algorithm("hs256"), errc::unknown_algorithm));
  EXPECT_TRUE(fails_with(tessera::parse_algorithm("Hs256"), errc::unknown_algorithm));
  EXPECT_TRUE(fails_with(tessera::parse_algorithm("EDDSA"), errc::unknown_algorithm));
  EXPECT_TRUE(fails_with(tessera::parse_algorithm("es256k"), errc::unknown_algorithm));
}

TEST(Algorithm, NoneInAnySpellingIsAnUnsecuredToken) {
  for (const char* none : {"none", "None", "NONE", "nOnE", "NoNe"}) {
    SCOPED_TRACE(none);
    EXPECT_TRUE(fails_with(tessera::parse_algorithm(none), errc::unsecured_token));
  }
}

TEST(Algorithm, UnknownNames) {
  for (const char* name :
       {"", "HS1", "HS256 ", " HS256", "HS2560", "RSA-OAEP", "A128KW", "none ", "nonE\n"}) {
    SCOPED_TRACE(name);
    EXPECT_TRUE(fails_with(tessera::parse_algorithm(name), errc::unknown_algorithm));
  }
  EXPECT_TRUE(fails_with(tessera::parse_algorithm(std::string_view("HS256\0", 6)),
                         errc::unknown_algorithm));
}

TEST(Algorithm, IsHmac) {
  for (const auto& [alg, name] : all_algorithms) {
    SCOPED_TRACE(name);
    EXPECT_EQ(tessera::is_hmac(alg), name.starts_with("HS"));
  }
}

TEST(AlgorithmSet, InsertContainsIntersect) {
  tessera::algorithm_set empty;
  EXPECT_TRUE(empty.empty());
  for (const auto& [alg, name] : all_algorithms) EXPECT_FALSE(empty.contains(alg)) << name;

  tessera::algorithm_set hs = {algorithm::hs256, algorithm::hs512};
  EXPECT_FALSE(hs.empty());
  EXPECT_TRUE(hs.contains(algorithm::hs256));
  EXPECT_FALSE(hs.contains(algorithm::hs384));
  EXPECT_TRUE(hs.contains(algorithm::hs512));
  EXPECT_FALSE(hs.contains(algorithm::eddsa));

  tessera::algorithm_set other = {algorithm::hs512, algorithm::eddsa};
  EXPECT_EQ(hs.intersect(other), tessera::algorithm_set{algorithm::hs512});
  EXPECT_TRUE(hs.intersect(tessera::algorithm_set{algorithm::rs256}).empty());

  other.insert(algorithm::hs256);
  EXPECT_EQ(hs.intersect(other), hs);
  EXPECT_NE(hs, other);
  EXPECT_EQ((tessera::algorithm_set{algorithm::hs512, algorithm::hs256}), hs);
}

TEST(AlgorithmSet, ForEachVisitsMembersInEnumOrder) {
  const tessera::algorithm_set set = {algorithm::eddsa, algorithm::hs384, algorithm::es256k,
                                      algorithm::hs256};
  std::vector<algorithm> seen;
  set.for_each([&](algorithm a) { seen.push_back(a); });
  EXPECT_EQ(seen, (std::vector<algorithm>{algorithm::hs256, algorithm::hs384, algorithm::es256k,
                                          algorithm::eddsa}));

  tessera::algorithm_set all;
  for (const auto& entry : all_algorithms) all.insert(entry.alg);
  std::size_t count = 0;
  all.for_each([&](algorithm) { ++count; });
  EXPECT_EQ(count, tessera::algorithm_count);
}

TEST(AlgorithmSet, IsConstexpr) {
  constexpr tessera::algorithm_set set = {algorithm::hs256};
  static_assert(set.contains(algorithm::hs256));
  static_assert(!set.contains(algorithm::hs384));
  static_assert(tessera::is_hmac(algorithm::hs384) && !tessera::is_hmac(algorithm::rs256));
  SUCCEED();
}

}  // namespace
