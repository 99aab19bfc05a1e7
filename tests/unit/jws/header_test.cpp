// The protected header's rules (src/jws/header.cpp), exercised through the public verifier:
// "alg", "typ", "kid", "cty", "crit" (RFC 7515 4.1.11) and "b64" (RFC 7797).
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <tessera/jwt.hpp>

#include "support/assertions.hpp"
#include "support/tokens.hpp"

namespace {

using tessera::errc;
using tessera::test::b64;
using tessera::test::fails_with;
using tessera::test::hs256_options;
using tessera::test::make_verifier;
using tessera::test::signed_token;
using tessera::test::succeeds;

constexpr std::string_view claims = R"({"sub":"alice"})";

tessera::result<tessera::verified_token> verify_header(
    std::string_view header_json, tessera::verify_options options = hs256_options()) {
  return make_verifier(std::move(options)).verify(signed_token(header_json, claims));
}

tessera::verify_options expecting_type(std::string type) {
  auto options = hs256_options();
  options.type = std::move(type);
  return options;
}

TEST(Header, MinimalHeaderVerifies) {
  const auto t = verify_header(R"({"alg":"HS256"})");
  ASSERT_TRUE(succeeds(t));
  EXPECT_EQ(t->alg(), tessera::algorithm::hs256);
  EXPECT_EQ(t->header().size(), 1u);
  EXPECT_EQ(t->header().at("alg"), "HS256");
}

TEST(Header, UnknownMembersAreKept) {
  const auto t = verify_header(R"({"alg":"HS256","typ":"JWT","x-custom":[1,{"a":null}]})");
  ASSERT_TRUE(succeeds(t));
  EXPECT_EQ(t->header().at("typ"), "JWT");
  EXPECT_EQ(t->header().at("x-custom").at(1).at("a"), nullptr);
}

TEST(Header, NotAnObject) {
  for (const char* header : {"[]", R"(["HS256"])", R"("HS256")", "1", "null", "true"}) {
    SCOPED_TRACE(header);
    EXPECT_TRUE(fails_with(verify_header(header), errc::invalid_header));
  }
}

TEST(Header, NotJson) {
  EXPECT_TRUE(fails_with(verify_header(R"({"alg":"HS256")"), errc::invalid_json));
  EXPECT_TRUE(fails_with(verify_header(R"({alg:"HS256"})"), errc::invalid_json));
  EXPECT_TRUE(fails_with(verify_header("\xef\xbb\xbf{\"alg\":\"HS256\"}"), errc::invalid_json));
  EXPECT_TRUE(fails_with(verify_header(" "), errc::invalid_json));
}

TEST(Header, StrictJsonRulesApply) {
  EXPECT_TRUE(
      fails_with(verify_header(R"({"alg":"HS256","alg":"HS256"})"), errc::duplicate_member));
  EXPECT_TRUE(fails_with(verify_header(R"({"alg":"HS256","n":1e400})"), errc::invalid_number));
  const std::string deep =
      R"({"alg":"HS256","x":)" + std::string(64, '[') + std::string(64, ']') + "}";
  EXPECT_TRUE(fails_with(verify_header(deep), errc::json_too_deep));
  const std::string ok =
      R"({"alg":"HS256","x":)" + std::string(63, '[') + std::string(63, ']') + "}";
  EXPECT_TRUE(succeeds(verify_header(ok)));
}

TEST(Header, Alg) {
  EXPECT_TRUE(fails_with(verify_header(R"({"typ":"JWT"})"), errc::missing_algorithm));
  EXPECT_TRUE(fails_with(verify_header("{}"), errc::missing_algorithm));
  EXPECT_TRUE(fails_with(verify_header(R"({"alg":256})"), errc::invalid_header));
  EXPECT_TRUE(fails_with(verify_header(R"({"alg":null})"), errc::invalid_header));
  EXPECT_TRUE(fails_with(verify_header(R"({"alg":["HS256"]})"), errc::invalid_header));
  EXPECT_TRUE(fails_with(verify_header(R"({"alg":{"name":"HS256"}})"), errc::invalid_header));
  EXPECT_TRUE(fails_with(verify_header(R"({"alg":true})"), errc::invalid_header));
  EXPECT_TRUE(fails_with(verify_header(R"({"alg":""})"), errc::unknown_algorithm));
  EXPECT_TRUE(fails_with(verify_header(R"({"alg":"hs256"})"), errc::unknown_algorithm));
  EXPECT_TRUE(fails_with(verify_header(R"({"alg":"HS256 "})"), errc::unknown_algorithm));
  EXPECT_TRUE(fails_with(verify_header(R"({"alg":"none"})"), errc::unsecured_token));
}

TEST(Header, KidTypAndCtyMustBeStrings) {
  EXPECT_TRUE(succeeds(verify_header(R"({"alg":"HS256","kid":"k1","typ":"JWT","cty":"JWT"})")));
  for (const char* header : {R"({"alg":"HS256","kid":1})", R"({"alg":"HS256","kid":null})",
                             R"({"alg":"HS256","kid":["k1"]})", R"({"alg":"HS256","kid":{}})",
                             R"({"alg":"HS256","typ":1})", R"({"alg":"HS256","typ":null})",
                             R"({"alg":"HS256","typ":false})", R"({"alg":"HS256","cty":2})",
                             R"({"alg":"HS256","cty":["JWT"]})"}) {
    SCOPED_TRACE(header);
    EXPECT_TRUE(fails_with(verify_header(header), errc::invalid_header));
    EXPECT_TRUE(fails_with(verify_header(header, expecting_type("JWT")), errc::invalid_header));
  }
}

TEST(Header, ExpectedTypeJwt) {
  for (const char* typ :
       {"JWT", "jwt", "Jwt", "application/jwt", "APPLICATION/JWT", "Application/JWT"}) {
    SCOPED_TRACE(typ);
    const std::string header = std::string(R"({"alg":"HS256","typ":")") + typ + "\"}";
    EXPECT_TRUE(succeeds(verify_header(header, expecting_type("JWT"))));
  }
  for (const char* typ : {"at+jwt", "application/at+jwt", "JOSE", "JWS", "", "JWT ", "application/",
                          "application/jwt+xml", "xapplication/jwt"}) {
    SCOPED_TRACE(typ);
    const std::string header = std::string(R"({"alg":"HS256","typ":")") + typ + "\"}";
    EXPECT_TRUE(fails_with(verify_header(header, expecting_type("JWT")), errc::invalid_token_type));
  }
  EXPECT_TRUE(fails_with(verify_header(R"({"alg":"HS256"})", expecting_type("JWT")),
                         errc::invalid_token_type));
}

TEST(Header, ExpectedTypeIsComparedWithoutTheApplicationPrefix) {
  EXPECT_TRUE(
      succeeds(verify_header(R"({"alg":"HS256","typ":"JWT"})", expecting_type("application/jwt"))));
  EXPECT_TRUE(succeeds(
      verify_header(R"({"alg":"HS256","typ":"application/at+jwt"})", expecting_type("at+jwt"))));
  EXPECT_TRUE(
      succeeds(verify_header(R"({"alg":"HS256","typ":"AT+JWT"})", expecting_type("at+jwt"))));
  EXPECT_TRUE(fails_with(verify_header(R"({"alg":"HS256","typ":"JWT"})", expecting_type("at+jwt")),
                         errc::invalid_token_type));
}

TEST(Header, WithoutExpectedTypeAnyTypIsAccepted) {
  EXPECT_TRUE(succeeds(verify_header(R"({"alg":"HS256","typ":"at+jwt"})")));
  EXPECT_TRUE(succeeds(verify_header(R"({"alg":"HS256","typ":""})")));
}

TEST(Header, CritMustBeANonEmptyArrayOfPresentUnregisteredNames) {
  for (const char* header : {
           R"({"alg":"HS256","crit":[]})",
           R"({"alg":"HS256","crit":"ext","ext":1})",
           R"({"alg":"HS256","crit":{"ext":1},"ext":1})",
           R"({"alg":"HS256","crit":null})",
           R"({"alg":"HS256","crit":[1]})",
           R"({"alg":"HS256","crit":["ext",null],"ext":1})",
           R"({"alg":"HS256","crit":["alg"]})",
           R"({"alg":"HS256","crit":["kid"],"kid":"k1"})",
           R"({"alg":"HS256","crit":["typ"],"typ":"JWT"})",
           R"({"alg":"HS256","crit":["x5t#S256"],"x5t#S256":"abc"})",
           R"({"alg":"HS256","crit":["ext"]})",
       }) {
    SCOPED_TRACE(header);
    auto options = hs256_options();
    options.critical_extensions = {"ext", "alg", "kid", "typ", "x5t#S256"};
    EXPECT_TRUE(fails_with(verify_header(header, options), errc::invalid_header));
  }
}

TEST(Header, CritWithAnUnknownExtension) {
  EXPECT_TRUE(fails_with(verify_header(R"({"alg":"HS256","crit":["ext"],"ext":1})"),
                         errc::unsupported_critical_header));
  auto options = hs256_options();
  options.critical_extensions = {"ext"};
  EXPECT_TRUE(succeeds(verify_header(R"({"alg":"HS256","crit":["ext"],"ext":1})", options)));
  EXPECT_TRUE(fails_with(
      verify_header(R"({"alg":"HS256","crit":["ext","other"],"ext":1,"other":2})", options),
      errc::unsupported_critical_header));
  options.critical_extensions = {"ext", "other"};
  EXPECT_TRUE(succeeds(
      verify_header(R"({"alg":"HS256","crit":["ext","other"],"ext":1,"other":2})", options)));
}

TEST(Header, B64MustBeABoolean) {
  EXPECT_TRUE(fails_with(verify_header(R"({"alg":"HS256","b64":"false"})"), errc::invalid_header));
  EXPECT_TRUE(fails_with(verify_header(R"({"alg":"HS256","b64":0})"), errc::invalid_header));
  EXPECT_TRUE(fails_with(verify_header(R"({"alg":"HS256","b64":null})"), errc::invalid_header));
}

TEST(Header, B64TrueIsTheOrdinaryEncoding) {
  EXPECT_TRUE(succeeds(verify_header(R"({"alg":"HS256","b64":true})")));
  // Listed in "crit", b64 is an extension the caller must accept like any other.
  EXPECT_TRUE(fails_with(verify_header(R"({"alg":"HS256","b64":true,"crit":["b64"]})"),
                         errc::unsupported_critical_header));
  auto options = hs256_options();
  options.allow_unencoded_payload = true;
  EXPECT_TRUE(succeeds(verify_header(R"({"alg":"HS256","b64":true,"crit":["b64"]})", options)));
}

TEST(Header, B64FalseMustBeCritical) {
  // RFC 7797 section 6: without "crit" a recipient that ignores "b64" would read the payload
  // wrongly, so the header is invalid whatever the options.
  auto options = hs256_options();
  EXPECT_TRUE(
      fails_with(verify_header(R"({"alg":"HS256","b64":false})", options), errc::invalid_header));
  options.allow_unencoded_payload = true;
  EXPECT_TRUE(
      fails_with(verify_header(R"({"alg":"HS256","b64":false})", options), errc::invalid_header));
}

TEST(Header, B64FalseNeedsTheOption) {
  // The b64:false tests with a correctly signed raw payload are in verifier_test.cpp; here the
  // header alone decides.
  EXPECT_TRUE(fails_with(verify_header(R"({"alg":"HS256","b64":false,"crit":["b64"]})"),
                         errc::unencoded_payload_not_allowed));
  auto options = hs256_options();
  options.critical_extensions = {"b64"};  // naming it as understood is not the opt-in
  EXPECT_TRUE(fails_with(verify_header(R"({"alg":"HS256","b64":false,"crit":["b64"]})", options),
                         errc::unencoded_payload_not_allowed));
}

TEST(Header, HeaderIsJudgedBeforeTheSignature) {
  // A header that breaks a rule is reported as such even when the signature is garbage.
  const auto v = make_verifier(expecting_type("JWT"));
  const std::string payload = b64(claims);
  const auto with_header = [&](std::string_view header) {
    return tessera::test::join_segments(b64(header), payload, "AAAA");
  };
  EXPECT_TRUE(fails_with(v.verify(with_header(R"({"alg":"HS256","typ":"at+jwt"})")),
                         errc::invalid_token_type));
  EXPECT_TRUE(fails_with(v.verify(with_header(R"({"alg":"HS256","typ":"JWT","kid":1})")),
                         errc::invalid_header));
  EXPECT_TRUE(fails_with(v.verify(with_header(R"({"alg":"HS256","typ":"JWT","crit":["x"],"x":1})")),
                         errc::unsupported_critical_header));
  EXPECT_TRUE(
      fails_with(v.verify(with_header(R"({"alg":"HS256","typ":"JWT"})")), errc::invalid_signature));
}

}  // namespace
