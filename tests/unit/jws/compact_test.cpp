// Splitting a compact JWS into its three segments (src/jws/compact.cpp).
#include "jws/compact.hpp"

#include <string>

#include <gtest/gtest.h>

#include "support/assertions.hpp"

namespace {

using tessera::errc;
using tessera::parse_limits;
using tessera::detail::split_compact;
using tessera::test::fails_with;
using tessera::test::succeeds;

TEST(SplitCompact, ThreeSegments) {
  const auto parts = split_compact("aaa.bb.c", parse_limits{});
  ASSERT_TRUE(succeeds(parts));
  EXPECT_EQ(parts->header, "aaa");
  EXPECT_EQ(parts->payload, "bb");
  EXPECT_EQ(parts->signature, "c");
  EXPECT_EQ(parts->signing_input, "aaa.bb");
}

TEST(SplitCompact, EmptyPayloadAndSignatureSegmentsAreSplitNotJudged) {
  const auto parts = split_compact("h..", parse_limits{});
  ASSERT_TRUE(succeeds(parts));
  EXPECT_EQ(parts->header, "h");
  EXPECT_EQ(parts->payload, "");
  EXPECT_EQ(parts->signature, "");
  EXPECT_EQ(parts->signing_input, "h.");
}

TEST(SplitCompact, WrongNumberOfSegments) {
  for (const char* token : {"", "abc", "a.b", "a.b.c.d", "a.b.c.", "a....", "...", "a.b.c.d.e"}) {
    SCOPED_TRACE(token);
    EXPECT_TRUE(fails_with(split_compact(token, parse_limits{}), errc::malformed_token));
  }
}

TEST(SplitCompact, EmptyHeaderSegment) {
  EXPECT_TRUE(fails_with(split_compact(".b.c", parse_limits{}), errc::malformed_token));
  EXPECT_TRUE(fails_with(split_compact("..", parse_limits{}), errc::malformed_token));
}

TEST(SplitCompact, SizeIsCheckedFirst) {
  const parse_limits limits{.max_token_size = 5};
  EXPECT_TRUE(succeeds(split_compact("a.b.c", limits)));
  EXPECT_TRUE(fails_with(split_compact("aa.b.c", limits), errc::token_too_large));
  // Too large wins over malformed: nothing of an oversized token is looked at.
  EXPECT_TRUE(fails_with(split_compact("abcdef", limits), errc::token_too_large));
  EXPECT_TRUE(fails_with(split_compact(std::string(64 * 1024 + 1, 'a'), parse_limits{}),
                         errc::token_too_large));
}

}  // namespace
