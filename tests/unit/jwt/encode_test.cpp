// encode(): PyJWT-identical tokens (src/jwt/encode.cpp).
#include <chrono>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

#include <tessera/base64url.hpp>
#include <tessera/jwt.hpp>

#include "support/assertions.hpp"
#include "support/clock.hpp"
#include "support/tokens.hpp"

namespace {

using namespace std::chrono_literals;
using tessera::algorithm;
using tessera::claims;
using tessera::errc;
using tessera::header_options;
using tessera::signing_key;
using tessera::test::fails_with;
using tessera::test::succeeds;
using tessera::test::test_signing_key;
using tessera::test::time_at;
namespace json = boost::json;

// The segments of a token, the first two decoded.
struct decoded {
  std::string header;
  std::string payload;
  std::string signature_segment;
};

decoded split(const std::string& token) {
  const auto first = token.find('.');
  const auto second = token.find('.', first + 1);
  EXPECT_NE(second, std::string::npos) << token;
  EXPECT_EQ(token.find('.', second + 1), std::string::npos) << token;
  return {tessera::base64url_decode_to_string(token.substr(0, first)).value(),
          tessera::base64url_decode_to_string(token.substr(first + 1, second - first - 1)).value(),
          token.substr(second + 1)};
}

std::string encode_ok(const claims& c, const signing_key& key, const header_options& h = {}) {
  auto token = tessera::encode(c, key, h);
  if (!token) {
    ADD_FAILURE() << "encode failed: " << tessera::test::describe(token.error());
    return "a.b.c";
  }
  return *token;
}

TEST(Encode, TheGuideToken) {
  // The secure-sessions guide's example token (README), byte for byte as PyJWT makes it:
  // jwt.encode({"user_id": 123, "username": "JohnDoe", "admin": True}, "secret", "HS256").
  const auto key = signing_key::hmac(algorithm::hs256, "secret", {.allow_weak_key = true});
  ASSERT_TRUE(succeeds(key));
  const auto c = claims{}.set("user_id", 123).set("username", "JohnDoe").set("admin", true);
  EXPECT_EQ(encode_ok(c, *key),
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
            "eyJ1c2VyX2lkIjoxMjMsInVzZXJuYW1lIjoiSm9obkRvZSIsImFkbWluIjp0cnVlfQ."
            "_NU3n4D8l8vrSaqZq2KuEs1lPmKE1zyISbCISWY-HFY");
  // Without the explicit opt-out, "secret" (6 bytes) is refused for HS256.
  EXPECT_TRUE(fails_with(signing_key::hmac(algorithm::hs256, "secret"), errc::key_too_short));
}

TEST(Encode, DefaultHeader) {
  for (const auto& [alg, name] :
       {std::pair{algorithm::hs256, "HS256"}, std::pair{algorithm::hs384, "HS384"},
        std::pair{algorithm::hs512, "HS512"}}) {
    SCOPED_TRACE(name);
    const auto parts = split(encode_ok(claims{}, test_signing_key(alg)));
    EXPECT_EQ(parts.header, std::string(R"({"alg":")") + name + R"(","typ":"JWT"})");
    EXPECT_EQ(parts.payload, "{}");
  }
  EXPECT_TRUE(encode_ok(claims{}, test_signing_key())
                  .starts_with("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30."));
}

TEST(Encode, HeaderMembersAreSorted) {
  header_options h;
  h.kid = "key-1";
  h.content_type = "JWT";
  h.extra = json::object{{"zzz", 1}, {"x5t", "abc"}, {"b", json::array{true}}};
  const auto parts = split(encode_ok(claims{}, test_signing_key(), h));
  EXPECT_EQ(
      parts.header,
      R"({"alg":"HS256","b":[true],"cty":"JWT","kid":"key-1","typ":"JWT","x5t":"abc","zzz":1})");
}

TEST(Encode, TypeCanBeChangedOrLeftOut) {
  EXPECT_EQ(split(encode_ok(claims{}, test_signing_key(), {.type = std::nullopt})).header,
            R"({"alg":"HS256"})");
  EXPECT_EQ(split(encode_ok(claims{}, test_signing_key(), {.type = "at+jwt"})).header,
            R"({"alg":"HS256","typ":"at+jwt"})");
  EXPECT_EQ(
      split(encode_ok(claims{}, test_signing_key(), {.kid = "k", .type = std::nullopt})).header,
      R"({"alg":"HS256","kid":"k"})");
}

TEST(Encode, HeaderStringsAreEscapedAsPythonDoes) {
  const auto parts =
      split(encode_ok(claims{}, test_signing_key(), {.kid = "cl\xc3\xa9 \"1\"\n\xf0\x9f\x98\x80"}));
  EXPECT_EQ(parts.header, R"({"alg":"HS256","kid":"cl\u00e9 \"1\"\n\ud83d\ude00","typ":"JWT"})");
}

TEST(Encode, AlgCannotBeSetThroughExtraMembers) {
  header_options h;
  h.extra = json::object{{"alg", "none"}};
  EXPECT_TRUE(
      fails_with(tessera::encode(claims{}, test_signing_key(), h), errc::header_alg_not_settable));
  h.extra = json::object{{"alg", "HS256"}};  // even the key's own algorithm
  EXPECT_TRUE(
      fails_with(tessera::encode(claims{}, test_signing_key(), h), errc::header_alg_not_settable));
}

TEST(Encode, PayloadKeepsInsertionOrder) {
  const auto c = claims{}
                     .set("z", 1)
                     .subject("alice")
                     .set("a", json::object{{"y", 1}, {"b", 2}})
                     .expires_at(time_at(1700000000));
  EXPECT_EQ(split(encode_ok(c, test_signing_key())).payload,
            R"({"z":1,"sub":"alice","a":{"y":1,"b":2},"exp":1700000000})");
}

TEST(Encode, SettingAClaimTwiceKeepsItsPosition) {
  auto c = claims{}.set("a", 1).set("b", 2).set("c", 3);
  c.set("a", 10);
  EXPECT_EQ(split(encode_ok(c, test_signing_key())).payload, R"({"a":10,"b":2,"c":3})");
}

TEST(Encode, AudienceStringOrList) {
  EXPECT_EQ(split(encode_ok(claims{}.audience("api"), test_signing_key())).payload,
            R"({"aud":"api"})");
  EXPECT_EQ(split(encode_ok(claims{}.audience({"api"}), test_signing_key())).payload,
            R"({"aud":["api"]})");
  EXPECT_EQ(split(encode_ok(claims{}.audience({"a", "b"}), test_signing_key())).payload,
            R"({"aud":["a","b"]})");
}

TEST(Encode, TimePointsAreFlooredToSeconds) {
  const auto c = claims{}
                     .issued_at(time_at(1700000000) + 999ms)
                     .not_before(time_at(1700000000) + 1ms)
                     .expires_at(time_at(1700000900) + 500ms);
  EXPECT_EQ(split(encode_ok(c, test_signing_key())).payload,
            R"({"iat":1700000000,"nbf":1700000000,"exp":1700000900})");
}

TEST(Encode, NumbersAndStringsAsPython) {
  const auto c = claims{}
                     .set("f", 1.0)
                     .set("big", 1e16)
                     .set("small", 1e-5)
                     .set("u", std::numeric_limits<std::uint64_t>::max())
                     .set("s", "caf\xc3\xa9\t")
                     .set("n", nullptr);
  EXPECT_EQ(
      split(encode_ok(c, test_signing_key())).payload,
      R"({"f":1.0,"big":1e+16,"small":1e-05,"u":18446744073709551615,"s":"caf\u00e9\t","n":null})");
}

TEST(Encode, ValuesJsonCannotCarryAreRefused) {
  EXPECT_TRUE(fails_with(tessera::encode(claims{}.set("x", std::nan("")), test_signing_key()),
                         errc::invalid_claim_value));
  EXPECT_TRUE(fails_with(tessera::encode(claims{}.set("x", std::numeric_limits<double>::infinity()),
                                         test_signing_key()),
                         errc::invalid_claim_value));
  EXPECT_TRUE(fails_with(tessera::encode(claims{}.set("x", "\xff"), test_signing_key()),
                         errc::invalid_claim_value));
  EXPECT_TRUE(fails_with(tessera::encode(claims{}.set("\xc0\xaf", 1), test_signing_key()),
                         errc::invalid_claim_value));
  EXPECT_TRUE(fails_with(tessera::encode(claims{}, test_signing_key(), {.kid = "\xed\xa0\x80"}),
                         errc::invalid_claim_value));
  header_options h;
  h.extra = json::object{{"x", std::nan("")}};
  EXPECT_TRUE(
      fails_with(tessera::encode(claims{}, test_signing_key(), h), errc::invalid_claim_value));
}

TEST(Encode, SignatureIsTheHmacOfTheSigningInput) {
  for (const auto& [alg, length] :
       {std::pair{algorithm::hs256, std::size_t{43}}, std::pair{algorithm::hs384, std::size_t{64}},
        std::pair{algorithm::hs512, std::size_t{86}}}) {
    SCOPED_TRACE(tessera::to_string(alg));
    const std::string token =
        encode_ok(claims{}.subject("s").set("n", 1), test_signing_key(alg), {.kid = "k"});
    const auto dot = token.rfind('.');
    const std::string signing_input = token.substr(0, dot);
    EXPECT_EQ(token.substr(dot + 1),
              tessera::test::hmac_b64(alg, tessera::test::test_secret, signing_input));
    EXPECT_EQ(token.size() - dot - 1, length);
  }
}

TEST(Encode, RoundTripsThroughTheVerifier) {
  const auto c = claims{}
                     .issuer("https://auth.example.com")
                     .subject("user-42")
                     .audience("api")
                     .issued_at(time_at(tessera::test::default_now))
                     .expires_at(time_at(tessera::test::default_now) + 15min)
                     .set("role", "admin");
  auto options = tessera::test::hs256_options();
  options.issuer = {"https://auth.example.com"};
  options.audience = {"api"};
  options.subject = "user-42";
  options.type = "JWT";
  options.required = {tessera::claim::exp, tessera::claim::iat};
  const auto verified =
      tessera::test::make_verifier(options).verify(encode_ok(c, test_signing_key()));
  ASSERT_TRUE(succeeds(verified));
  EXPECT_EQ(json::value(verified->claims().members()), json::value(c.members()));
}

}  // namespace
