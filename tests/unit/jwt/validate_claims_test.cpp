// The registered-claim checks (src/jwt/validate_claims.cpp), called directly with a "now".
#include "jwt/validate_claims.hpp"

#include <chrono>
#include <cstdint>
#include <string>

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

#include <tessera/error.hpp>

#include "support/assertions.hpp"

namespace {

using namespace std::chrono_literals;
using tessera::claim;
using tessera::errc;
using tessera::verify_options;
using tessera::test::fails_with;
using tessera::test::succeeds;

constexpr std::int64_t now = 1'700'000'000;

tessera::result<void> check_at(std::string_view claims_json,
                               std::chrono::system_clock::time_point at,
                               const verify_options& options = {}) {
  const auto value = boost::json::parse(claims_json);
  return tessera::detail::validate_claims(value.as_object(), options, at);
}

tessera::result<void> check(std::string_view claims_json, const verify_options& options = {},
                            std::int64_t at = now) {
  return check_at(claims_json, std::chrono::system_clock::time_point(std::chrono::seconds(at)),
                  options);
}

std::string with(std::string_view name, std::int64_t value) {
  return "{\"" + std::string(name) + "\":" + std::to_string(value) + "}";
}

verify_options leeway(std::chrono::seconds s) {
  verify_options o;
  o.leeway = s;
  return o;
}

TEST(ValidateClaims, NoClaimsNoExpectations) {
  EXPECT_TRUE(succeeds(check("{}")));
  EXPECT_TRUE(succeeds(check(R"({"custom":1,"iss":"x","sub":"y","jti":"z"})")));
}

TEST(ValidateClaims, Exp) {
  EXPECT_TRUE(fails_with(check(with("exp", now)), errc::token_expired));  // exp == now: expired
  EXPECT_TRUE(succeeds(check(with("exp", now + 1))));
  EXPECT_TRUE(fails_with(check(with("exp", now - 1)), errc::token_expired));
  EXPECT_TRUE(fails_with(check(with("exp", 0)), errc::token_expired));
  // Leeway: expired when exp <= now - leeway.
  EXPECT_TRUE(fails_with(check(with("exp", now - 10), leeway(10s)), errc::token_expired));
  EXPECT_TRUE(succeeds(check(with("exp", now - 10), leeway(11s))));
  EXPECT_TRUE(succeeds(check(with("exp", now), leeway(1s))));
  EXPECT_TRUE(succeeds(check(R"({"exp":1700000001.0})")));
}

// RFC 7519 section 2: a NumericDate may have a fraction, and it counts.
TEST(ValidateClaims, FractionalDatesCompareAsNumbers) {
  const auto at = [](std::chrono::milliseconds past_now) {
    return std::chrono::system_clock::time_point(std::chrono::seconds(now)) + past_now;
  };
  constexpr std::string_view exp_half = R"({"exp":1700000000.5})";
  EXPECT_TRUE(succeeds(check_at(exp_half, at(0ms))));  // valid for half a second
  EXPECT_TRUE(succeeds(check_at(exp_half, at(499ms))));
  EXPECT_TRUE(fails_with(check_at(exp_half, at(500ms)), errc::token_expired));
  EXPECT_TRUE(succeeds(check_at(exp_half, at(1400ms), leeway(1s))));
  EXPECT_TRUE(fails_with(check_at(exp_half, at(1500ms), leeway(1s)), errc::token_expired));

  constexpr std::string_view nbf_half = R"({"nbf":1700000000.5})";
  EXPECT_TRUE(fails_with(check_at(nbf_half, at(499ms)), errc::token_not_yet_valid));
  EXPECT_TRUE(succeeds(check_at(nbf_half, at(500ms))));
  EXPECT_TRUE(succeeds(check_at(nbf_half, at(0ms), leeway(1s))));

  constexpr std::string_view iat_half = R"({"iat":1700000000.5})";
  EXPECT_TRUE(fails_with(check_at(iat_half, at(0ms)), errc::token_issued_in_future));
  EXPECT_TRUE(succeeds(check_at(iat_half, at(500ms))));
}

// Whole-second dates give the verdicts they always gave, whatever the fraction of now.
TEST(ValidateClaims, WholeSecondDatesIgnoreTheFractionOfNow) {
  const auto late = std::chrono::system_clock::time_point(std::chrono::seconds(now)) + 999ms;
  EXPECT_TRUE(fails_with(check_at(with("exp", now), late), errc::token_expired));
  EXPECT_TRUE(succeeds(check_at(with("exp", now + 1), late)));
  EXPECT_TRUE(succeeds(check_at(with("nbf", now), late)));
  EXPECT_TRUE(fails_with(check_at(with("nbf", now + 1), late), errc::token_not_yet_valid));
}

TEST(ValidateClaims, Nbf) {
  EXPECT_TRUE(succeeds(check(with("nbf", now))));
  EXPECT_TRUE(succeeds(check(with("nbf", now - 100))));
  EXPECT_TRUE(fails_with(check(with("nbf", now + 1)), errc::token_not_yet_valid));
  EXPECT_TRUE(succeeds(check(with("nbf", now + 5), leeway(5s))));
  EXPECT_TRUE(fails_with(check(with("nbf", now + 6), leeway(5s)), errc::token_not_yet_valid));
}

TEST(ValidateClaims, Iat) {
  EXPECT_TRUE(succeeds(check(with("iat", now))));
  EXPECT_TRUE(succeeds(check(with("iat", 0))));
  EXPECT_TRUE(fails_with(check(with("iat", now + 1)), errc::token_issued_in_future));
  EXPECT_TRUE(succeeds(check(with("iat", now + 1), leeway(1s))));
  verify_options lenient;
  lenient.reject_future_iat = false;
  EXPECT_TRUE(succeeds(check(with("iat", now + 1000), lenient)));
  // The type is still checked when the time is not.
  EXPECT_TRUE(fails_with(check(R"({"iat":"soon"})", lenient), errc::invalid_iat_claim));
}

TEST(ValidateClaims, NumericDatesMustBeNumbersInRange) {
  const char* bad_values[] = {R"("123")",
                              "true",
                              "false",
                              "null",
                              "1e300",
                              "-1e300",
                              "1152921504606846976",
                              "-1152921504606846976",
                              "18446744073709551615",
                              "9007199254740992",
                              "[1]",
                              "{}"};
  for (const auto& [name, code] :
       {std::pair{"exp", errc::invalid_exp_claim}, std::pair{"nbf", errc::invalid_nbf_claim},
        std::pair{"iat", errc::invalid_iat_claim}}) {
    for (const char* value : bad_values) {
      const std::string text = std::string("{\"") + name + "\":" + value + "}";
      SCOPED_TRACE(text);
      EXPECT_TRUE(fails_with(check(text), code));
    }
  }
  // 2^53 - 1 is the largest date: far in the future, so valid as exp.
  EXPECT_TRUE(succeeds(check(R"({"exp":9007199254740991})")));
  EXPECT_TRUE(succeeds(check(R"({"nbf":-9007199254740991})")));
}

TEST(ValidateClaims, Issuer) {
  verify_options o;
  o.issuer = {"https://a.example", "https://b.example"};
  EXPECT_TRUE(succeeds(check(R"({"iss":"https://a.example"})", o)));
  EXPECT_TRUE(succeeds(check(R"({"iss":"https://b.example"})", o)));
  EXPECT_TRUE(fails_with(check(R"({"iss":"https://c.example"})", o), errc::invalid_issuer));
  EXPECT_TRUE(fails_with(check(R"({"iss":"https://A.example"})", o), errc::invalid_issuer));
  EXPECT_TRUE(fails_with(check(R"({"iss":""})", o), errc::invalid_issuer));
  EXPECT_TRUE(fails_with(check("{}", o), errc::missing_iss));
  EXPECT_TRUE(fails_with(check(R"({"iss":["https://a.example"]})", o), errc::invalid_iss_claim));
  // Without an expected issuer "iss" may be anything of the right type.
  EXPECT_TRUE(succeeds(check(R"({"iss":"whoever"})")));
  EXPECT_TRUE(fails_with(check(R"({"iss":5})"), errc::invalid_iss_claim));
}

TEST(ValidateClaims, AudienceWhenNoneIsExpected) {
  EXPECT_TRUE(succeeds(check("{}")));
  EXPECT_TRUE(fails_with(check(R"({"aud":"api"})"), errc::invalid_audience));
  EXPECT_TRUE(fails_with(check(R"({"aud":["api"]})"), errc::invalid_audience));
  // An empty audience names nobody (PyJWT's rule).
  EXPECT_TRUE(succeeds(check(R"({"aud":""})")));
  EXPECT_TRUE(succeeds(check(R"({"aud":[]})")));
  EXPECT_TRUE(fails_with(check(R"({"aud":[1,2]})"), errc::invalid_aud_claim));
  EXPECT_TRUE(fails_with(check(R"({"aud":5})"), errc::invalid_aud_claim));
}

TEST(ValidateClaims, AudienceAnyOf) {
  verify_options o;
  o.audience = {"api", "admin"};
  EXPECT_TRUE(succeeds(check(R"({"aud":"api"})", o)));
  EXPECT_TRUE(succeeds(check(R"({"aud":"admin"})", o)));
  EXPECT_TRUE(succeeds(check(R"({"aud":["other","admin"]})", o)));
  EXPECT_TRUE(succeeds(check(R"({"aud":["api"]})", o)));
  EXPECT_TRUE(fails_with(check(R"({"aud":"other"})", o), errc::invalid_audience));
  EXPECT_TRUE(fails_with(check(R"({"aud":"API"})", o), errc::invalid_audience));
  EXPECT_TRUE(fails_with(check(R"({"aud":["x","y"]})", o), errc::invalid_audience));
  EXPECT_TRUE(fails_with(check("{}", o), errc::missing_aud));
  EXPECT_TRUE(fails_with(check(R"({"aud":""})", o), errc::missing_aud));
  EXPECT_TRUE(fails_with(check(R"({"aud":[]})", o), errc::missing_aud));
  EXPECT_TRUE(fails_with(check(R"({"aud":[1,2]})", o), errc::invalid_aud_claim));
  EXPECT_TRUE(fails_with(check(R"({"aud":5})", o), errc::invalid_aud_claim));
  EXPECT_TRUE(fails_with(check(R"({"aud":["api",1]})", o), errc::invalid_aud_claim));
  EXPECT_TRUE(fails_with(check(R"({"aud":{"api":true}})", o), errc::invalid_aud_claim));
  EXPECT_TRUE(fails_with(check(R"({"aud":null})", o), errc::invalid_aud_claim));
}

TEST(ValidateClaims, StrictAudience) {
  verify_options o;
  o.audience = {"api"};
  o.strict_audience = true;
  EXPECT_TRUE(succeeds(check(R"({"aud":"api"})", o)));
  EXPECT_TRUE(fails_with(check(R"({"aud":["api"]})", o), errc::invalid_audience));
  EXPECT_TRUE(fails_with(check(R"({"aud":"other"})", o), errc::invalid_audience));
  EXPECT_TRUE(fails_with(check("{}", o), errc::missing_aud));
  o.audience = {"api", "admin"};  // strict needs exactly one expected audience
  EXPECT_TRUE(fails_with(check(R"({"aud":"api"})", o), errc::invalid_audience));
}

TEST(ValidateClaims, Subject) {
  verify_options o;
  o.subject = "alice";
  EXPECT_TRUE(succeeds(check(R"({"sub":"alice"})", o)));
  EXPECT_TRUE(fails_with(check(R"({"sub":"bob"})", o), errc::invalid_subject));
  EXPECT_TRUE(fails_with(check(R"({"sub":"Alice"})", o), errc::invalid_subject));
  EXPECT_TRUE(fails_with(check("{}", o), errc::missing_sub));
  EXPECT_TRUE(fails_with(check(R"({"sub":5})", o), errc::invalid_sub_claim));
  EXPECT_TRUE(fails_with(check(R"({"sub":5})"), errc::invalid_sub_claim));
  EXPECT_TRUE(succeeds(check(R"({"sub":"anyone"})")));
}

TEST(ValidateClaims, JwtId) {
  EXPECT_TRUE(succeeds(check(R"({"jti":"abc"})")));
  EXPECT_TRUE(fails_with(check(R"({"jti":5})"), errc::invalid_jti_claim));
  EXPECT_TRUE(fails_with(check(R"({"jti":null})"), errc::invalid_jti_claim));
}

TEST(ValidateClaims, RequiredClaims) {
  const std::pair<claim, errc> all[] = {
      {claim::iss, errc::missing_iss}, {claim::sub, errc::missing_sub},
      {claim::aud, errc::missing_aud}, {claim::exp, errc::missing_exp},
      {claim::nbf, errc::missing_nbf}, {claim::iat, errc::missing_iat},
      {claim::jti, errc::missing_jti}};
  for (const auto& [c, code] : all) {
    SCOPED_TRACE(tessera::to_string(c));
    verify_options o;
    o.required = {c};
    EXPECT_TRUE(fails_with(check("{}", o), code));
    EXPECT_TRUE(fails_with(check(R"({"other":1})", o), code));
  }
  verify_options o;
  o.required = {claim::exp, claim::iat, claim::sub, claim::jti, claim::nbf, claim::iss};
  EXPECT_TRUE(succeeds(check(R"({"exp":1700000100,"iat":1699999999,"sub":"s","jti":"j",)"
                             R"("nbf":1699999999,"iss":"i"})",
                             o)));
  // Presence is what "required" checks; the value is then checked as usual.
  o.required = {claim::exp};
  EXPECT_TRUE(fails_with(check(R"({"exp":null})", o), errc::invalid_exp_claim));
  o.required = {claim::aud};
  EXPECT_TRUE(fails_with(check(R"({"aud":"api"})", o), errc::invalid_audience));
}

TEST(ValidateClaims, OrderOfChecks) {
  // required, then exp/nbf/iat, then iss, aud, sub, jti: the first failure is reported.
  verify_options o;
  o.required = {claim::jti};
  o.issuer = {"good"};
  o.audience = {"api"};
  o.subject = "alice";
  EXPECT_TRUE(
      fails_with(check(R"({"exp":1,"iss":"bad","aud":"x","sub":"bob"})", o), errc::missing_jti));
  EXPECT_TRUE(fails_with(check(R"({"jti":"j","exp":1,"iss":"bad","aud":"x","sub":"bob"})", o),
                         errc::token_expired));
  EXPECT_TRUE(fails_with(check(R"({"jti":"j","iss":"bad","aud":"x","sub":"bob"})", o),
                         errc::invalid_issuer));
  EXPECT_TRUE(fails_with(check(R"({"jti":"j","iss":"good","aud":"x","sub":"bob"})", o),
                         errc::invalid_audience));
  EXPECT_TRUE(fails_with(check(R"({"jti":"j","iss":"good","aud":"api","sub":"bob"})", o),
                         errc::invalid_subject));
  EXPECT_TRUE(fails_with(check(R"({"jti":1,"iss":"good","aud":"api","sub":"alice"})", o),
                         errc::invalid_jti_claim));
  EXPECT_TRUE(succeeds(check(R"({"jti":"j","iss":"good","aud":"api","sub":"alice"})", o)));
  // iat, then nbf, then exp.
  const std::string soon = std::to_string(now + 5);
  EXPECT_TRUE(fails_with(check("{\"iat\":" + soon + ",\"nbf\":" + soon + ",\"exp\":1}"),
                         errc::token_issued_in_future));
  EXPECT_TRUE(fails_with(check("{\"nbf\":" + soon + ",\"exp\":1}"), errc::token_not_yet_valid));
}

}  // namespace
