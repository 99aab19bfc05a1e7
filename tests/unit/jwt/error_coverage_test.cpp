// Every error code the HMAC core can produce (support/error_codes.hpp lists them), produced once
// from a crafted token, key or option. The table names the test file that covers each code in
// depth. Codes of other components (asymmetric keys 404+, JWK sets 6xx) are left to their own
// tests; error_test.cpp (CoreRangesHoldOnlyListedCodes) fails when a new code appears in a core
// range without being listed.
#include <functional>
#include <ostream>
#include <set>
#include <string>
#include <system_error>
#include <vector>

#include <gtest/gtest.h>
#include <boost/json/object.hpp>

#include <tessera/jwt.hpp>

#include "support/assertions.hpp"
#include "support/error_codes.hpp"
#include "support/tokens.hpp"

namespace {

using namespace std::chrono_literals;
using tessera::algorithm;
using tessera::claims;
using tessera::errc;
using tessera::verify_options;
using tessera::test::b64;
using tessera::test::error_of;
using tessera::test::hs256_options;
using tessera::test::hs256_token;
using tessera::test::make_verifier;
using tessera::test::signed_token;
using tessera::test::test_secret;

struct producer {
  errc code;
  const char* covered_in;
  std::function<std::error_code()> produce;
};

std::error_code verify(const std::string& token, verify_options options = hs256_options()) {
  return error_of(make_verifier(std::move(options)).verify(token));
}

template <class F>
verify_options with(F&& change) {
  auto options = hs256_options();
  change(options);
  return options;
}

std::string now_plus(std::int64_t s) { return std::to_string(tessera::test::default_now + s); }

const std::vector<producer>& producers() {
  static const std::vector<producer> table = {
      // 1xx: decoding.
      {errc::malformed_token, "jws/compact_test.cpp, jwt/verifier_test.cpp (Structure)",
       [] { return verify("e30.e30"); }},
      {errc::token_too_large, "jws/compact_test.cpp, jwt/verifier_test.cpp (TokenSizeLimit)",
       [] {
         return verify(hs256_token("{}"), with([](auto& o) { o.limits.max_token_size = 16; }));
       }},
      {errc::invalid_base64url, "base64url_test.cpp, jwt/verifier_test.cpp, jwt/attacks_test.cpp",
       [] { return verify("e30=.e30.AAAA"); }},
      {errc::invalid_json, "json/strict_parser_test.cpp, jws/header_test.cpp",
       [] { return verify(signed_token(R"({"alg":"HS256")", "{}")); }},
      {errc::duplicate_member, "json/strict_parser_test.cpp, jwt/attacks_test.cpp",
       [] { return verify(signed_token(R"({"alg":"HS256","alg":"none"})", "{}")); }},
      {errc::json_too_deep, "json/strict_parser_test.cpp, jwt/verifier_test.cpp (PayloadDepth)",
       [] { return verify(hs256_token(std::string(65, '[') + std::string(65, ']'))); }},
      {errc::invalid_number, "json/strict_parser_test.cpp, jwt/attacks_test.cpp",
       [] { return verify(hs256_token(R"({"exp":1e400})")); }},
      {errc::invalid_header, "jws/header_test.cpp",
       [] { return verify(signed_token(R"(["HS256"])", "{}")); }},
      {errc::invalid_payload, "jwt/verifier_test.cpp (PayloadMustBeAJsonObject)",
       [] { return verify(hs256_token("[]")); }},
      {errc::missing_algorithm, "jws/header_test.cpp (Alg)",
       [] { return verify(signed_token(R"({"typ":"JWT"})", "{}")); }},
      {errc::unsupported_critical_header, "jws/header_test.cpp (Crit*)",
       [] { return verify(signed_token(R"({"alg":"HS256","crit":["ext"],"ext":1})", "{}")); }},
      {errc::unencoded_payload_not_allowed, "jws/header_test.cpp, jwt/verifier_test.cpp",
       [] {
         return verify(tessera::test::sign_segments(
             b64(R"({"alg":"HS256","b64":false,"crit":["b64"]})"), "{}"));
       }},
      // 2xx: signature and algorithm.
      {errc::invalid_signature, "jwt/verifier_test.cpp, jwt/attacks_test.cpp",
       [] {
         return verify(signed_token(R"({"alg":"HS256"})", "{}", tessera::test::other_secret));
       }},
      {errc::algorithm_not_allowed, "jwt/verifier_test.cpp (AlgorithmNotAllowed)",
       [] {
         return verify(signed_token(R"({"alg":"HS384"})", "{}", test_secret, algorithm::hs384));
       }},
      {errc::unsecured_token, "algorithm_test.cpp, jwt/attacks_test.cpp",
       [] { return verify(tessera::test::join_segments(b64(R"({"alg":"none"})"), "e30", "")); }},
      {errc::unknown_algorithm, "algorithm_test.cpp, jws/header_test.cpp",
       [] { return verify(signed_token(R"({"alg":"HS1"})", "{}")); }},
      {errc::key_algorithm_mismatch, "jwt/verifier_test.cpp (KeyAlgorithmMismatch)",
       [] {
         const auto key = tessera::verifying_key::hmac(algorithm::hs256, test_secret).value();
         auto v =
             tessera::verifier::create(key, {.algorithms = {algorithm::hs256, algorithm::hs512}});
         return error_of(v.value().verify(
             signed_token(R"({"alg":"HS512"})", "{}", test_secret, algorithm::hs512)));
       }},
      {errc::invalid_token_type, "jws/header_test.cpp (ExpectedType*)",
       [] {
         return verify(signed_token(R"({"alg":"HS256","typ":"at+jwt"})", "{}"),
                       with([](auto& o) { o.type = "JWT"; }));
       }},
      // 3xx: claims.
      {errc::token_expired, "jwt/validate_claims_test.cpp (Exp), jwt/verifier_test.cpp",
       [] { return verify(hs256_token(R"({"exp":)" + now_plus(0) + "}")); }},
      {errc::token_not_yet_valid, "jwt/validate_claims_test.cpp (Nbf)",
       [] { return verify(hs256_token(R"({"nbf":)" + now_plus(1) + "}")); }},
      {errc::token_issued_in_future, "jwt/validate_claims_test.cpp (Iat)",
       [] { return verify(hs256_token(R"({"iat":)" + now_plus(1) + "}")); }},
      {errc::invalid_audience, "jwt/validate_claims_test.cpp (Audience*)",
       [] {
         return verify(hs256_token(R"({"aud":"web"})"),
                       with([](auto& o) { o.audience = {"api"}; }));
       }},
      {errc::invalid_issuer, "jwt/validate_claims_test.cpp (Issuer)",
       [] {
         return verify(hs256_token(R"({"iss":"c"})"), with([](auto& o) { o.issuer = {"a", "b"}; }));
       }},
      {errc::invalid_subject, "jwt/validate_claims_test.cpp (Subject)",
       [] {
         return verify(hs256_token(R"({"sub":"bob"})"), with([](auto& o) { o.subject = "alice"; }));
       }},
      {errc::missing_exp, "jwt/validate_claims_test.cpp (RequiredClaims)",
       [] {
         return verify(hs256_token("{}"),
                       with([](auto& o) { o.required = {tessera::claim::exp}; }));
       }},
      {errc::missing_nbf, "jwt/validate_claims_test.cpp (RequiredClaims)",
       [] {
         return verify(hs256_token("{}"),
                       with([](auto& o) { o.required = {tessera::claim::nbf}; }));
       }},
      {errc::missing_iat, "jwt/validate_claims_test.cpp (RequiredClaims)",
       [] {
         return verify(hs256_token("{}"),
                       with([](auto& o) { o.required = {tessera::claim::iat}; }));
       }},
      {errc::missing_iss, "jwt/validate_claims_test.cpp (RequiredClaims, Issuer)",
       [] { return verify(hs256_token("{}"), with([](auto& o) { o.issuer = {"a"}; })); }},
      {errc::missing_aud, "jwt/validate_claims_test.cpp (RequiredClaims, AudienceAnyOf)",
       [] { return verify(hs256_token("{}"), with([](auto& o) { o.audience = {"api"}; })); }},
      {errc::missing_sub, "jwt/validate_claims_test.cpp (RequiredClaims, Subject)",
       [] {
         return verify(hs256_token("{}"),
                       with([](auto& o) { o.required = {tessera::claim::sub}; }));
       }},
      {errc::missing_jti, "jwt/validate_claims_test.cpp (RequiredClaims)",
       [] {
         return verify(hs256_token("{}"),
                       with([](auto& o) { o.required = {tessera::claim::jti}; }));
       }},
      {errc::invalid_exp_claim, "jwt/validate_claims_test.cpp (NumericDates...)",
       [] { return verify(hs256_token(R"({"exp":"123"})")); }},
      {errc::invalid_nbf_claim, "jwt/validate_claims_test.cpp (NumericDates...)",
       [] { return verify(hs256_token(R"({"nbf":true})")); }},
      {errc::invalid_iat_claim, "jwt/validate_claims_test.cpp (NumericDates...)",
       [] { return verify(hs256_token(R"({"iat":null})")); }},
      {errc::invalid_aud_claim, "jwt/validate_claims_test.cpp (Audience*)",
       [] { return verify(hs256_token(R"({"aud":[1,2]})")); }},
      {errc::invalid_iss_claim, "jwt/validate_claims_test.cpp (Issuer)",
       [] { return verify(hs256_token(R"({"iss":5})")); }},
      {errc::invalid_sub_claim, "jwt/validate_claims_test.cpp (Subject)",
       [] { return verify(hs256_token(R"({"sub":5})")); }},
      {errc::invalid_jti_claim, "jwt/validate_claims_test.cpp (JwtId)",
       [] { return verify(hs256_token(R"({"jti":5})")); }},
      // 4xx: keys.
      {errc::key_too_short, "keys/hmac_keys_test.cpp, jwt/encode_test.cpp (TheGuideToken)",
       [] { return error_of(tessera::signing_key::hmac(algorithm::hs256, "secret")); }},
      {errc::key_looks_asymmetric, "keys/hmac_keys_test.cpp (SecretScreening.*)",
       [] {
         return error_of(tessera::verifying_key::hmac(
             "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n"
             "-----END PUBLIC KEY-----\n"));
       }},
      {errc::empty_key, "keys/hmac_keys_test.cpp (EmptySecretIsEmptyKey)",
       [] { return error_of(tessera::verifying_key::hmac("")); }},
      {errc::key_not_for_algorithm, "keys/hmac_keys_test.cpp, jwa/hmac_test.cpp",
       [] { return error_of(tessera::signing_key::hmac(algorithm::rs256, test_secret)); }},
      // 5xx: configuration.
      {errc::empty_algorithm_list, "jwt/verifier_test.cpp (VerifierCreate.*)",
       [] {
         return error_of(
             tessera::verifier::create(tessera::verifying_key::hmac(test_secret).value(), {}));
       }},
      {errc::key_outside_allow_list, "jwt/verifier_test.cpp (VerifierCreate.*)",
       [] {
         return error_of(
             tessera::verifier::create(tessera::verifying_key::hmac(std::string(32, 'k')).value(),
                                       {.algorithms = {algorithm::hs512}}));
       }},
      {errc::header_alg_not_settable, "jwt/encode_test.cpp (AlgCannotBeSet...)",
       [] {
         tessera::header_options h;
         h.extra = boost::json::object{{"alg", "none"}};
         return error_of(tessera::encode(claims{}, tessera::test::test_signing_key(), h));
       }},
      {errc::invalid_claim_value, "json/python_writer_test.cpp, jwt/encode_test.cpp",
       [] {
         return error_of(
             tessera::encode(claims{}.set("x", "\xff"), tessera::test::test_signing_key()));
       }},
      {errc::invalid_leeway, "jwt/verifier_test.cpp (VerifierCreate.Leeway)",
       [] {
         return error_of(
             tessera::verifier::create(tessera::verifying_key::hmac(test_secret).value(),
                                       with([](auto& o) { o.leeway = -1s; })));
       }},
  };
  return table;
}

// Names the parameter in test listings (gtest would print its bytes).
void PrintTo(const producer& p, std::ostream* os) { *os << tessera::to_name(p.code); }

class ErrorCoverage : public ::testing::TestWithParam<producer> {};

TEST_P(ErrorCoverage, ProducesExactlyItsCode) {
  const auto& p = GetParam();
  SCOPED_TRACE(p.covered_in);
  const std::error_code ec = p.produce();
  EXPECT_EQ(ec, p.code) << "got " << (ec ? tessera::test::describe(ec) : "success") << ", expected "
                        << tessera::to_name(p.code);
}

INSTANTIATE_TEST_SUITE_P(Hmac, ErrorCoverage, ::testing::ValuesIn(producers()),
                         [](const ::testing::TestParamInfo<producer>& param_info) {
                           return std::string(tessera::to_name(param_info.param.code));
                         });

TEST(ErrorCoverageTable, EveryHmacCoreCodeHasExactlyOneProducer) {
  std::multiset<errc> produced;
  for (const auto& p : producers()) produced.insert(p.code);
  for (const auto& row : tessera::test::all_errc) {
    EXPECT_EQ(produced.count(row.code), 1u) << row.name << " needs one producer in this table";
  }
  EXPECT_EQ(producers().size(), tessera::test::all_errc.size())
      << "a producer for a code that support/error_codes.hpp does not list";
}

}  // namespace
