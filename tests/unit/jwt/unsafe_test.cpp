// tessera::unsafe (src/jwt/unsafe.cpp): decoding without verification, and unsecured tokens.
#include <cmath>
#include <string>

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

#include <tessera/base64url.hpp>
#include <tessera/jwt.hpp>

#include "support/assertions.hpp"
#include "support/bytes.hpp"
#include "support/tokens.hpp"

namespace {

using tessera::claims;
using tessera::errc;
using tessera::test::b64;
using tessera::test::fails_with;
using tessera::test::signed_token;
using tessera::test::succeeds;
using tessera::unsafe::decode_unverified;
using tessera::unsafe::encode_unsecured;
namespace json = boost::json;

TEST(DecodeUnverified, ReadsAnyWellFormedToken) {
  // Wrong key and long expired: decoded all the same.
  const std::string token = signed_token(R"({"alg":"HS256","kid":"k"})", R"({"sub":"a","exp":1})",
                                         tessera::test::other_secret);
  const auto t = decode_unverified(token);
  ASSERT_TRUE(succeeds(t));
  EXPECT_EQ(json::value(t->header), json::parse(R"({"alg":"HS256","kid":"k"})"));
  EXPECT_EQ(json::value(t->payload), json::parse(R"({"sub":"a","exp":1})"));
  EXPECT_EQ(tessera::test::text_of(t->signature),
            tessera::test::raw_hmac(tessera::algorithm::hs256, tessera::test::other_secret,
                                    token.substr(0, token.rfind('.'))));
  // Even alg "none" and unknown algorithms: nothing is judged.
  const auto none = decode_unverified(b64(R"({"alg":"none"})") + "." + b64("{}") + ".");
  ASSERT_TRUE(succeeds(none));
  EXPECT_TRUE(none->signature.empty());
  EXPECT_TRUE(succeeds(decode_unverified(signed_token(R"({"alg":"XYZ"})", "{}"))));
  EXPECT_TRUE(succeeds(decode_unverified(signed_token(R"({})", "{}"))));
}

TEST(DecodeUnverified, StructureAndJsonAreStillChecked) {
  EXPECT_TRUE(fails_with(decode_unverified("a.b"), errc::malformed_token));
  EXPECT_TRUE(fails_with(decode_unverified(".e30.AAAA"), errc::malformed_token));
  EXPECT_TRUE(fails_with(decode_unverified("e30=.e30.AAAA"), errc::invalid_base64url));
  EXPECT_TRUE(fails_with(decode_unverified("e30.e30=.AAAA"), errc::invalid_base64url));
  EXPECT_TRUE(fails_with(decode_unverified("e30.e30.AAAA="), errc::invalid_base64url));
  EXPECT_TRUE(fails_with(decode_unverified(b64("[]") + ".e30."), errc::invalid_header));
  EXPECT_TRUE(fails_with(decode_unverified("e30." + b64("[]") + "."), errc::invalid_payload));
  EXPECT_TRUE(fails_with(decode_unverified("e30." + b64("nope") + "."), errc::invalid_json));
  EXPECT_TRUE(
      fails_with(decode_unverified(b64(R"({"a":1,"a":2})") + ".e30."), errc::duplicate_member));
  EXPECT_TRUE(
      fails_with(decode_unverified("e30." + b64(R"({"n":1e400})") + "."), errc::invalid_number));
  const std::string token = signed_token(R"({"alg":"HS256"})", R"({"a":[[1]]})");
  EXPECT_TRUE(fails_with(decode_unverified(token, {.max_depth = 2}), errc::json_too_deep));
  EXPECT_TRUE(fails_with(decode_unverified(token, {.max_token_size = 10}), errc::token_too_large));
}

TEST(DecodeUnverified, UnencodedPayloadIsTakenRaw) {
  const std::string header = b64(R"({"alg":"HS256","b64":false,"crit":["b64"]})");
  const auto t = decode_unverified(header + R"(.{"sub":"raw"}.)");
  ASSERT_TRUE(succeeds(t));
  EXPECT_EQ(t->payload.at("sub"), "raw");
}

TEST(EncodeUnsecured, MakesAnAlgNoneTokenWithAnEmptySignature) {
  const auto token = encode_unsecured(claims{}.subject("alice").set("n", 1));
  ASSERT_TRUE(succeeds(token));
  EXPECT_EQ(*token,
            b64(R"({"alg":"none","typ":"JWT"})") + "." + b64(R"({"sub":"alice","n":1})") + ".");
  const auto decoded = decode_unverified(*token);
  ASSERT_TRUE(succeeds(decoded));
  EXPECT_EQ(decoded->header.at("alg"), "none");
  EXPECT_TRUE(decoded->signature.empty());
}

TEST(EncodeUnsecured, HeaderOptionsAndErrors) {
  const auto token = encode_unsecured(claims{}, {.kid = "k", .type = std::nullopt});
  ASSERT_TRUE(succeeds(token));
  EXPECT_EQ(*token, b64(R"({"alg":"none","kid":"k"})") + ".e30.");
  tessera::header_options h;
  h.extra = json::object{{"alg", "HS256"}};
  EXPECT_TRUE(fails_with(encode_unsecured(claims{}, h), errc::header_alg_not_settable));
  EXPECT_TRUE(
      fails_with(encode_unsecured(claims{}.set("x", std::nan(""))), errc::invalid_claim_value));
}

TEST(EncodeUnsecured, NoVerifierAcceptsTheResult) {
  // More verifier set-ups are tried in attacks_test.cpp.
  const auto token = encode_unsecured(claims{}.subject("admin")).value();
  EXPECT_TRUE(fails_with(tessera::test::make_verifier().verify(token), errc::unsecured_token));
}

}  // namespace
