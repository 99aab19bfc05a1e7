// The token of an Authorization header value (RFC 6750 section 2.1).
#include <gtest/gtest.h>

#include "auth/bearer_guard.hpp"

namespace tessera::server {
namespace {

TEST(BearerToken, TakesTheTokenAfterTheSchemeInAnyCase) {
  EXPECT_EQ(bearer_token("Bearer abc.def.ghi"), "abc.def.ghi");
  EXPECT_EQ(bearer_token("bearer   abc  "), "abc");
  EXPECT_EQ(bearer_token("BEARER a-b_c~d+e/f"), "a-b_c~d+e/f");
}

TEST(BearerToken, AllowsPaddingOnlyAtTheEnd) {
  EXPECT_EQ(bearer_token("Bearer abc=="), "abc==");
  // Found by fuzz_bearer_header: "=" inside the token is outside the b64token grammar.
  EXPECT_EQ(bearer_token("Bearer a=b"), "");
  EXPECT_EQ(bearer_token("Bearer =="), "");
}

TEST(BearerToken, RefusesOtherSchemesAndEmptyTokens) {
  EXPECT_EQ(bearer_token("Basic dXNlcjpwYXNz"), "");
  EXPECT_EQ(bearer_token("Bearer "), "");
  EXPECT_EQ(bearer_token("Bearerabc"), "");
  EXPECT_EQ(bearer_token("Bearer a b"), "");
}

}  // namespace
}  // namespace tessera::server
