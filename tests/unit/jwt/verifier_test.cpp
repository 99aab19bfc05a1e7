// verifier::create and verifier::verify (src/jwt/verifier.cpp): configuration, signature,
// payload and claims, the verified token's view, RFC 7797.
#include <chrono>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

#include <tessera/base64url.hpp>
#include <tessera/jwt.hpp>

#include "support/assertions.hpp"
#include "support/bytes.hpp"
#include "support/clock.hpp"
#include "support/tokens.hpp"

namespace {

using namespace std::chrono_literals;
using tessera::algorithm;
using tessera::claims;
using tessera::errc;
using tessera::verifier;
using tessera::verify_options;
using tessera::verifying_key;
using tessera::test::b64;
using tessera::test::default_now;
using tessera::test::fails_with;
using tessera::test::hs256_options;
using tessera::test::hs256_token;
using tessera::test::make_verifier;
using tessera::test::other_secret;
using tessera::test::sign_segments;
using tessera::test::signed_token;
using tessera::test::succeeds;
using tessera::test::test_secret;
namespace json = boost::json;

std::string at(std::int64_t offset) { return std::to_string(default_now + offset); }

// --- create ---

TEST(VerifierCreate, EmptyAlgorithmList) {
  auto key = verifying_key::hmac(test_secret).value();
  EXPECT_TRUE(fails_with(verifier::create(key, {}), errc::empty_algorithm_list));
  EXPECT_TRUE(fails_with(verifier::create(key, {.algorithms = {}}), errc::empty_algorithm_list));
}

TEST(VerifierCreate, KeyOutsideAllowList) {
  const auto hs256_only = verifying_key::hmac(std::string(32, 'k')).value();
  EXPECT_TRUE(fails_with(verifier::create(hs256_only, {.algorithms = {algorithm::hs512}}),
                         errc::key_outside_allow_list));
  EXPECT_TRUE(
      fails_with(verifier::create(hs256_only, {.algorithms = {algorithm::rs256, algorithm::es256}}),
                 errc::key_outside_allow_list));
  const auto bound = verifying_key::hmac(algorithm::hs384, test_secret).value();
  EXPECT_TRUE(
      fails_with(verifier::create(bound, {.algorithms = {algorithm::hs256, algorithm::hs512}}),
                 errc::key_outside_allow_list));
  // One algorithm in common is enough.
  EXPECT_TRUE(
      succeeds(verifier::create(hs256_only, {.algorithms = {algorithm::hs256, algorithm::hs512}})));
}

TEST(VerifierCreate, Leeway) {
  const auto key = verifying_key::hmac(test_secret).value();
  auto options = hs256_options();
  options.leeway = -1s;
  EXPECT_TRUE(fails_with(verifier::create(key, options), errc::invalid_leeway));
  options.leeway = std::chrono::days(365) + 1s;
  EXPECT_TRUE(fails_with(verifier::create(key, options), errc::invalid_leeway));
  options.leeway = std::chrono::days(365);
  EXPECT_TRUE(succeeds(verifier::create(key, options)));
  options.leeway = 0s;
  EXPECT_TRUE(succeeds(verifier::create(key, options)));
}

TEST(VerifierCreate, OptionsAreKept) {
  auto options = hs256_options();
  options.issuer = {"iss"};
  options.leeway = 30s;
  const auto v = make_verifier(options);
  EXPECT_EQ(v.options().issuer, std::vector<std::string>{"iss"});
  EXPECT_EQ(v.options().leeway, 30s);
  EXPECT_EQ(v.options().algorithms, tessera::algorithm_set{algorithm::hs256});
}

// --- the verified token ---

TEST(VerifiedToken, ExposesHeaderClaimsAndSignature) {
  const std::string token = signed_token(
      R"({"alg":"HS256","typ":"JWT","kid":"k1"})",
      R"({"iss":"joe","sub":"alice","aud":["api","web"],"exp":)" + at(60) + R"(,"nbf":)" + at(-60) +
          R"(,"iat":)" + at(-1) + R"(,"jti":"id-7","role":"admin"})");
  auto options = hs256_options();
  options.audience = {"api"};
  const auto t = make_verifier(options).verify(token);
  ASSERT_TRUE(succeeds(t));
  EXPECT_EQ(t->alg(), algorithm::hs256);
  EXPECT_EQ(t->header().at("kid"), "k1");
  const auto c = t->claims();
  EXPECT_EQ(c.issuer(), "joe");
  EXPECT_EQ(c.subject(), "alice");
  EXPECT_EQ(c.audience(), (std::vector<std::string_view>{"api", "web"}));
  EXPECT_EQ(c.expires_at(), std::chrono::sys_seconds(std::chrono::seconds(default_now + 60)));
  EXPECT_EQ(c.not_before(), std::chrono::sys_seconds(std::chrono::seconds(default_now - 60)));
  EXPECT_EQ(c.issued_at(), std::chrono::sys_seconds(std::chrono::seconds(default_now - 1)));
  EXPECT_EQ(c.jwt_id(), "id-7");
  ASSERT_NE(c.get("role"), nullptr);
  EXPECT_EQ(*c.get("role"), "admin");
  const std::string raw_signature =
      tessera::test::raw_hmac(algorithm::hs256, test_secret, token.substr(0, token.rfind('.')));
  EXPECT_EQ(tessera::test::text_of(t->signature()), raw_signature);
}

TEST(VerifiedToken, FloatExpCountsItsFractionAndIsFlooredInTheView) {
  auto options = hs256_options(1'499'999'999);
  const auto t = make_verifier(options).verify(hs256_token(R"({"exp":1.5e9})"));
  ASSERT_TRUE(succeeds(t));
  EXPECT_EQ(t->claims().expires_at(), std::chrono::sys_seconds(std::chrono::seconds(1500000000)));
  const auto frac = make_verifier(options).verify(hs256_token(R"({"exp":1500000000.75})"));
  ASSERT_TRUE(succeeds(frac));
  EXPECT_EQ(frac->claims().expires_at(),
            std::chrono::sys_seconds(std::chrono::seconds(1500000000)));
  // The check keeps the fraction: 1500000000.75 is still valid when now is 1500000000.
  EXPECT_TRUE(succeeds(
      make_verifier(hs256_options(1'500'000'000)).verify(hs256_token(R"({"exp":1500000000.75})"))));
  EXPECT_TRUE(fails_with(
      make_verifier(hs256_options(1'500'000'001)).verify(hs256_token(R"({"exp":1500000000.75})")),
      errc::token_expired));
}

// A custom claim may hold any integer, as in Python; the registered claims may not.
TEST(VerifiedToken, KeepsIntegersBeyond64BitsInCustomClaims) {
  const auto v = make_verifier();
  const auto t = v.verify(
      hs256_token(R"({"sub":"alice","big":340282366920938463463374607431768211457,"n":[-1e2]})"));
  ASSERT_TRUE(succeeds(t));
  const auto* big = t->claims().get("big");
  ASSERT_NE(big, nullptr);
  EXPECT_EQ(tessera::big_integer_digits(*big), "340282366920938463463374607431768211457");
  std::string out;
  ASSERT_TRUE(succeeds(tessera::write_python_json(out, t->claims().members())));
  EXPECT_EQ(out, R"({"sub":"alice","big":340282366920938463463374607431768211457,"n":[-100.0]})");

  for (const char* name : {"exp", "nbf", "iat"}) {
    SCOPED_TRACE(name);
    const auto code = std::string(name) == "exp"   ? errc::invalid_exp_claim
                      : std::string(name) == "nbf" ? errc::invalid_nbf_claim
                                                   : errc::invalid_iat_claim;
    EXPECT_TRUE(fails_with(
        v.verify(hs256_token("{\"" + std::string(name) + "\":99999999999999999999}")), code));
  }
  EXPECT_TRUE(fails_with(v.verify(hs256_token(R"({"sub":99999999999999999999})")),
                         errc::invalid_sub_claim));
  EXPECT_TRUE(fails_with(v.verify(hs256_token(R"({"iss":99999999999999999999})")),
                         errc::invalid_iss_claim));
  EXPECT_TRUE(fails_with(v.verify(hs256_token(R"({"jti":99999999999999999999})")),
                         errc::invalid_jti_claim));
  EXPECT_TRUE(fails_with(v.verify(hs256_token(R"({"aud":[99999999999999999999]})")),
                         errc::invalid_aud_claim));
}

TEST(Claims, BigIntegersRoundTripThroughEncode) {
  auto c = claims::from_json(R"({"big":-123456789012345678901234567890})");
  ASSERT_TRUE(succeeds(c));
  auto made = tessera::make_big_integer("98765432109876543210");
  ASSERT_TRUE(succeeds(made));
  c->set("more", std::move(*made));
  const auto key = tessera::signing_key::hmac(algorithm::hs256, test_secret);
  ASSERT_TRUE(succeeds(key));
  const auto token = tessera::encode(*c, *key);
  ASSERT_TRUE(succeeds(token));
  const auto t = make_verifier().verify(*token);
  ASSERT_TRUE(succeeds(t));
  EXPECT_EQ(tessera::big_integer_digits(*t->claims().get("big")),
            "-123456789012345678901234567890");
  EXPECT_EQ(tessera::big_integer_digits(*t->claims().get("more")), "98765432109876543210");
}

TEST(VerifiedToken, OutlivesTheTokenTextAndTheVerifier) {
  std::optional<tessera::verified_token> kept;
  {
    std::string token = hs256_token(R"({"sub":"alice","nested":{"a":[1,2,3]}})");
    const auto v = make_verifier();
    auto t = v.verify(token);
    ASSERT_TRUE(succeeds(t));
    kept = std::move(*t);
    token.assign(token.size(), 'x');
  }
  EXPECT_EQ(kept->claims().subject(), "alice");
  EXPECT_EQ(kept->claims().get("nested")->at("a").at(2), 3);
  EXPECT_EQ(kept->header().at("typ"), "JWT");
  EXPECT_EQ(kept->signature().size(), 32u);
}

TEST(VerifiedToken, LargeTokensStillVerify) {
  // Larger than the verifier's inline arena: its storage must grow.
  std::string big(20000, 'x');
  const auto t = make_verifier().verify(hs256_token(R"({"data":")" + big + R"("})"));
  ASSERT_TRUE(succeeds(t));
  EXPECT_EQ(t->claims().get("data")->get_string().size(), big.size());
}

// --- algorithms and keys ---

TEST(Verify, EveryHsAlgorithm) {
  for (const auto alg : {algorithm::hs256, algorithm::hs384, algorithm::hs512}) {
    SCOPED_TRACE(tessera::to_string(alg));
    const std::string header =
        std::string(R"({"alg":")") + std::string(tessera::to_string(alg)) + "\"}";
    auto options = hs256_options();
    options.algorithms = {alg};
    const auto t = make_verifier(options).verify(signed_token(header, "{}", test_secret, alg));
    ASSERT_TRUE(succeeds(t));
    EXPECT_EQ(t->alg(), alg);
  }
}

TEST(Verify, AlgorithmNotAllowed) {
  const std::string hs384 = signed_token(R"({"alg":"HS384"})", "{}", test_secret, algorithm::hs384);
  EXPECT_TRUE(fails_with(make_verifier().verify(hs384), errc::algorithm_not_allowed));
  auto options = hs256_options();
  options.algorithms = {algorithm::hs256, algorithm::hs384};
  EXPECT_TRUE(succeeds(make_verifier(options).verify(hs384)));
  EXPECT_TRUE(fails_with(make_verifier().verify(signed_token(R"({"alg":"RS256"})", "{}")),
                         errc::algorithm_not_allowed));
}

TEST(Verify, KeyAlgorithmMismatch) {
  // The allow-list names HS512, but the key is bound to HS256.
  const auto key = verifying_key::hmac(algorithm::hs256, test_secret).value();
  const auto v = verifier::create(key, {.algorithms = {algorithm::hs256, algorithm::hs512},
                                        .time_source = tessera::test::clock_at(default_now)})
                     .value();
  const std::string hs512 = signed_token(R"({"alg":"HS512"})", "{}", test_secret, algorithm::hs512);
  EXPECT_TRUE(fails_with(v.verify(hs512), errc::key_algorithm_mismatch));
  EXPECT_TRUE(succeeds(v.verify(signed_token(R"({"alg":"HS256"})", "{}"))));

  // A 32-byte secret serves HS256 only, whatever the allow-list says.
  const auto short_key = verifying_key::hmac(test_secret.substr(0, 32)).value();
  const auto w =
      verifier::create(short_key, {.algorithms = {algorithm::hs256, algorithm::hs512}}).value();
  EXPECT_TRUE(fails_with(w.verify(signed_token(R"({"alg":"HS512"})", "{}",
                                               test_secret.substr(0, 32), algorithm::hs512)),
                         errc::key_algorithm_mismatch));
}

// --- signature ---

TEST(Verify, WrongKey) {
  EXPECT_TRUE(
      fails_with(make_verifier().verify(signed_token(R"({"alg":"HS256"})", "{}", other_secret)),
                 errc::invalid_signature));
  EXPECT_TRUE(fails_with(make_verifier(hs256_options(), other_secret).verify(hs256_token("{}")),
                         errc::invalid_signature));
}

TEST(Verify, EveryFlippedSignatureBitIsCaught) {
  const std::string token = hs256_token(R"({"sub":"alice"})");
  const auto dot = token.rfind('.');
  const auto signature = tessera::base64url_decode(std::string_view(token).substr(dot + 1)).value();
  const auto v = make_verifier();
  ASSERT_TRUE(succeeds(v.verify(token)));
  for (std::size_t bit = 0; bit < signature.size() * 8; ++bit) {
    auto flipped = signature;
    flipped[bit / 8] ^= static_cast<std::byte>(1u << (bit % 8));
    const std::string forged = token.substr(0, dot + 1) + tessera::base64url_encode(flipped);
    EXPECT_TRUE(fails_with(v.verify(forged), errc::invalid_signature)) << "bit " << bit;
  }
}

TEST(Verify, AlteredHeaderOrPayload) {
  const std::string token = hs256_token(R"({"sub":"alice"})");
  const auto first = token.find('.');
  const auto second = token.rfind('.');
  const std::string signature = token.substr(second);
  const auto v = make_verifier();
  EXPECT_TRUE(
      fails_with(v.verify(token.substr(0, first + 1) + b64(R"({"sub":"admin"})") + signature),
                 errc::invalid_signature));
  EXPECT_TRUE(fails_with(v.verify(b64(R"({"alg":"HS256","typ":"JWT","kid":"x"})") +
                                  token.substr(first, second - first) + signature),
                         errc::invalid_signature));
  // The same claims, re-encoded with different whitespace, are different bytes.
  EXPECT_TRUE(
      fails_with(v.verify(token.substr(0, first + 1) + b64(R"({"sub": "alice"})") + signature),
                 errc::invalid_signature));
}

TEST(Verify, StrippedAndTruncatedSignatures) {
  const std::string token = hs256_token(R"({"sub":"alice"})");
  const auto dot = token.rfind('.');
  const std::string input = token.substr(0, dot);
  const auto v = make_verifier();
  EXPECT_TRUE(fails_with(v.verify(input + "."), errc::invalid_signature));
  const std::string mac = tessera::test::raw_hmac(algorithm::hs256, test_secret, input);
  for (const std::size_t keep : {std::size_t{1}, std::size_t{16}, std::size_t{31}}) {
    EXPECT_TRUE(
        fails_with(v.verify(input + "." + b64(mac.substr(0, keep))), errc::invalid_signature))
        << keep;
  }
  EXPECT_TRUE(fails_with(v.verify(input + "." + b64(mac + '\0')), errc::invalid_signature));
}

// --- payload, parsed only after the signature holds ---

TEST(Verify, PayloadMustBeAJsonObject) {
  const auto v = make_verifier();
  EXPECT_TRUE(fails_with(v.verify(hs256_token("[]")), errc::invalid_payload));
  EXPECT_TRUE(fails_with(v.verify(hs256_token(R"(["sub","alice"])")), errc::invalid_payload));
  EXPECT_TRUE(fails_with(v.verify(hs256_token(R"("a string")")), errc::invalid_payload));
  EXPECT_TRUE(fails_with(v.verify(hs256_token("1700000000")), errc::invalid_payload));
  EXPECT_TRUE(fails_with(v.verify(hs256_token("null")), errc::invalid_payload));
  EXPECT_TRUE(fails_with(v.verify(hs256_token("Payload")), errc::invalid_json));
  EXPECT_TRUE(fails_with(v.verify(hs256_token("")), errc::invalid_json));
  EXPECT_TRUE(fails_with(v.verify(hs256_token(R"({"a":1)")), errc::invalid_json));
  EXPECT_TRUE(fails_with(v.verify(hs256_token(R"({"a":1,"a":2})")), errc::duplicate_member));
  EXPECT_TRUE(fails_with(v.verify(hs256_token(R"({"a":1e400})")), errc::invalid_number));
  EXPECT_TRUE(fails_with(v.verify(hs256_token("{\"a\":\"\xff\"}")), errc::invalid_json));
}

TEST(Verify, PayloadDepthLimit) {
  const std::string deep65 = R"({"a":)" + std::string(64, '[') + std::string(64, ']') + "}";
  const std::string deep64 = R"({"a":)" + std::string(63, '[') + std::string(63, ']') + "}";
  const auto v = make_verifier();
  EXPECT_TRUE(fails_with(v.verify(hs256_token(deep65)), errc::json_too_deep));
  EXPECT_TRUE(succeeds(v.verify(hs256_token(deep64))));
  auto options = hs256_options();
  options.limits.max_depth = 2;
  EXPECT_TRUE(fails_with(make_verifier(options).verify(hs256_token(R"({"a":[[1]]})")),
                         errc::json_too_deep));
  EXPECT_TRUE(succeeds(make_verifier(options).verify(hs256_token(R"({"a":[1]})"))));
}

TEST(Verify, PayloadIsNotReadBeforeTheSignatureHolds) {
  const auto v = make_verifier();
  for (const char* payload : {"[]", "Payload", R"({"a":1,"a":2})", R"({"exp":1})"}) {
    SCOPED_TRACE(payload);
    EXPECT_TRUE(fails_with(v.verify(signed_token(R"({"alg":"HS256"})", payload, other_secret)),
                           errc::invalid_signature));
  }
  // Bad base64url in the payload is found by the signature (it covers the segment as sent)
  // before anything decodes it.
  EXPECT_TRUE(
      fails_with(v.verify(tessera::test::join_segments(b64(R"({"alg":"HS256"})"), "e30=", "AAAA")),
                 errc::invalid_signature));
}

TEST(Verify, MalformedPayloadSegmentWithAValidSignature) {
  const auto v = make_verifier();
  const std::string header = b64(R"({"alg":"HS256"})");
  EXPECT_TRUE(fails_with(v.verify(sign_segments(header, "e30=")), errc::invalid_base64url));
  EXPECT_TRUE(fails_with(v.verify(sign_segments(header, "e30 ")), errc::invalid_base64url));
  EXPECT_TRUE(fails_with(v.verify(sign_segments(header, "e3")), errc::invalid_base64url));
  EXPECT_TRUE(fails_with(v.verify(sign_segments(header, "")), errc::invalid_json));
}

// --- structure and limits ---

TEST(Verify, Structure) {
  const std::string token = hs256_token("{}");
  const auto v = make_verifier();
  const auto first = token.find('.');
  const auto second = token.rfind('.');
  EXPECT_TRUE(fails_with(v.verify(""), errc::malformed_token));
  EXPECT_TRUE(fails_with(v.verify(token.substr(0, second)), errc::malformed_token));
  EXPECT_TRUE(fails_with(v.verify(token + ".x"), errc::malformed_token));
  EXPECT_TRUE(fails_with(v.verify(token + "."), errc::malformed_token));
  EXPECT_TRUE(fails_with(v.verify(token.substr(first)), errc::malformed_token));
  EXPECT_TRUE(fails_with(v.verify("Bearer " + token), errc::invalid_base64url));
  EXPECT_TRUE(fails_with(v.verify(" " + token), errc::invalid_base64url));
  EXPECT_TRUE(fails_with(v.verify("e30=" + token.substr(first)), errc::invalid_base64url));
  EXPECT_TRUE(fails_with(v.verify(token.substr(0, second) + ".AAAA="), errc::invalid_base64url));
  EXPECT_TRUE(fails_with(v.verify(token + "\n"), errc::invalid_base64url));
}

TEST(Verify, TokenSizeLimit) {
  const std::string token = hs256_token(R"({"sub":"alice"})");
  auto options = hs256_options();
  options.limits.max_token_size = token.size();
  EXPECT_TRUE(succeeds(make_verifier(options).verify(token)));
  options.limits.max_token_size = token.size() - 1;
  EXPECT_TRUE(fails_with(make_verifier(options).verify(token), errc::token_too_large));
  // The default limit is 64 KiB.
  const std::string huge = hs256_token(R"({"d":")" + std::string(64 * 1024, 'x') + R"("})");
  EXPECT_TRUE(fails_with(make_verifier().verify(huge), errc::token_too_large));
}

// --- claims through the verifier ---

TEST(VerifyClaims, ExpiryBoundaries) {
  const auto v = make_verifier();
  EXPECT_TRUE(fails_with(v.verify(hs256_token(R"({"exp":)" + at(0) + "}")), errc::token_expired));
  EXPECT_TRUE(succeeds(v.verify(hs256_token(R"({"exp":)" + at(1) + "}"))));
  auto options = hs256_options();
  options.leeway = 30s;
  EXPECT_TRUE(succeeds(make_verifier(options).verify(hs256_token(R"({"exp":)" + at(-29) + "}"))));
  EXPECT_TRUE(fails_with(make_verifier(options).verify(hs256_token(R"({"exp":)" + at(-30) + "}")),
                         errc::token_expired));
}

TEST(VerifyClaims, NotBeforeAndIssuedAt) {
  const auto v = make_verifier();
  EXPECT_TRUE(succeeds(v.verify(hs256_token(R"({"nbf":)" + at(0) + "}"))));
  EXPECT_TRUE(
      fails_with(v.verify(hs256_token(R"({"nbf":)" + at(1) + "}")), errc::token_not_yet_valid));
  EXPECT_TRUE(succeeds(v.verify(hs256_token(R"({"iat":)" + at(0) + "}"))));
  EXPECT_TRUE(
      fails_with(v.verify(hs256_token(R"({"iat":)" + at(1) + "}")), errc::token_issued_in_future));
  auto options = hs256_options();
  options.reject_future_iat = false;
  EXPECT_TRUE(succeeds(make_verifier(options).verify(hs256_token(R"({"iat":)" + at(3600) + "}"))));
}

TEST(VerifyClaims, InvalidDateTypes) {
  const auto v = make_verifier();
  for (const char* value : {R"("123")", "true", "null", "1e300", "1152921504606846976"}) {
    SCOPED_TRACE(value);
    EXPECT_TRUE(fails_with(v.verify(hs256_token(std::string(R"({"exp":)") + value + "}")),
                           errc::invalid_exp_claim));
    EXPECT_TRUE(fails_with(v.verify(hs256_token(std::string(R"({"nbf":)") + value + "}")),
                           errc::invalid_nbf_claim));
    EXPECT_TRUE(fails_with(v.verify(hs256_token(std::string(R"({"iat":)") + value + "}")),
                           errc::invalid_iat_claim));
  }
}

TEST(VerifyClaims, IssuerAudienceSubject) {
  auto options = hs256_options();
  options.issuer = {"https://a.example", "https://b.example"};
  options.audience = {"api"};
  options.subject = "alice";
  const auto v = make_verifier(options);
  const auto token = [](std::string_view iss, std::string_view aud, std::string_view sub) {
    return hs256_token(std::string(R"({"iss":)") + std::string(iss) + R"(,"aud":)" +
                       std::string(aud) + R"(,"sub":)" + std::string(sub) + "}");
  };
  EXPECT_TRUE(succeeds(v.verify(token(R"("https://b.example")", R"(["x","api"])", R"("alice")"))));
  EXPECT_TRUE(fails_with(v.verify(token(R"("https://c.example")", R"("api")", R"("alice")")),
                         errc::invalid_issuer));
  EXPECT_TRUE(fails_with(v.verify(token(R"("https://a.example")", R"("web")", R"("alice")")),
                         errc::invalid_audience));
  EXPECT_TRUE(fails_with(v.verify(token(R"("https://a.example")", R"("api")", R"("bob")")),
                         errc::invalid_subject));
  EXPECT_TRUE(
      fails_with(v.verify(hs256_token(R"({"aud":"api","sub":"alice"})")), errc::missing_iss));
  EXPECT_TRUE(fails_with(v.verify(hs256_token(R"({"iss":"https://a.example","sub":"alice"})")),
                         errc::missing_aud));
  EXPECT_TRUE(fails_with(v.verify(hs256_token(R"({"iss":"https://a.example","aud":"api"})")),
                         errc::missing_sub));
  // A token with an audience, for a verifier that expects none.
  EXPECT_TRUE(
      fails_with(make_verifier().verify(hs256_token(R"({"aud":"api"})")), errc::invalid_audience));
}

TEST(VerifyClaims, Required) {
  auto options = hs256_options();
  options.required = {tessera::claim::exp, tessera::claim::sub};
  const auto v = make_verifier(options);
  EXPECT_TRUE(fails_with(v.verify(hs256_token(R"({"sub":"a"})")), errc::missing_exp));
  EXPECT_TRUE(fails_with(v.verify(hs256_token(R"({"exp":)" + at(10) + "}")), errc::missing_sub));
  EXPECT_TRUE(succeeds(v.verify(hs256_token(R"({"sub":"a","exp":)" + at(10) + "}"))));
}

TEST(VerifyClaims, WithoutATimeSourceTheSystemClockIsUsed) {
  const auto key = verifying_key::hmac(test_secret).value();
  const auto v = verifier::create(key, {.algorithms = {algorithm::hs256}}).value();
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  const auto in_an_hour = std::to_string(now.time_since_epoch().count() + 3600);
  EXPECT_TRUE(succeeds(v.verify(hs256_token(R"({"exp":)" + in_an_hour + "}"))));
  EXPECT_TRUE(fails_with(v.verify(hs256_token(R"({"exp":1000000000})")), errc::token_expired));
  EXPECT_TRUE(fails_with(v.verify(hs256_token(R"({"nbf":)" + in_an_hour + "}")),
                         errc::token_not_yet_valid));
}

TEST(VerifyClaims, SystemClockHandles) {
  const auto ptr = tessera::system_clock_ptr();
  ASSERT_NE(ptr, nullptr);
  EXPECT_EQ(ptr.get(), &tessera::system_clock());
  const tessera::fixed_clock fixed(tessera::test::time_at(42));
  EXPECT_EQ(fixed.now(), tessera::test::time_at(42));
}

TEST(VerifyClaims, ClaimErrorsComeAfterTheSignature) {
  // An expired token with a bad signature is reported as a bad signature.
  EXPECT_TRUE(fails_with(
      make_verifier().verify(signed_token(R"({"alg":"HS256"})", R"({"exp":1})", other_secret)),
      errc::invalid_signature));
}

// --- RFC 7797: unencoded payloads ---

// header_b64 '.' raw payload '.' HMAC(header_b64 '.' raw payload): RFC 7797 section 3.
std::string unencoded_token(std::string_view header_json, std::string_view raw_payload,
                            std::string_view secret = test_secret) {
  return sign_segments(b64(header_json), raw_payload, secret);
}

TEST(UnencodedPayload, VerifiesOnlyWithTheOption) {
  const std::string header = R"({"alg":"HS256","b64":false,"crit":["b64"]})";
  const std::string token = unencoded_token(header, R"({"sub":"alice","n":1})");
  EXPECT_TRUE(fails_with(make_verifier().verify(token), errc::unencoded_payload_not_allowed));

  auto options = hs256_options();
  options.allow_unencoded_payload = true;
  const auto t = make_verifier(options).verify(token);
  ASSERT_TRUE(succeeds(t));
  EXPECT_EQ(t->claims().subject(), "alice");
  EXPECT_EQ(t->header().at("b64"), false);

  // The raw payload is what is signed: changing it breaks the signature.
  const std::string altered = token.substr(0, token.find('.') + 1) + R"({"sub":"admin","n":1})" +
                              token.substr(token.rfind('.'));
  EXPECT_TRUE(fails_with(make_verifier(options).verify(altered), errc::invalid_signature));
  // The base64url form of the same payload is not the signed input either.
  const std::string encoded =
      b64(header) + "." + b64(R"({"sub":"alice","n":1})") + token.substr(token.rfind('.'));
  EXPECT_TRUE(fails_with(make_verifier(options).verify(encoded), errc::invalid_signature));
}

TEST(UnencodedPayload, ClaimsAreStillChecked) {
  auto options = hs256_options();
  options.allow_unencoded_payload = true;
  const std::string header = R"({"alg":"HS256","b64":false,"crit":["b64"]})";
  EXPECT_TRUE(fails_with(make_verifier(options).verify(unencoded_token(header, R"({"exp":1})")),
                         errc::token_expired));
  EXPECT_TRUE(fails_with(make_verifier(options).verify(unencoded_token(header, "[1,2]")),
                         errc::invalid_payload));
  EXPECT_TRUE(fails_with(make_verifier(options).verify(unencoded_token(header, "$02")),
                         errc::invalid_json));
}

TEST(UnencodedPayload, WithoutCritTheHeaderIsInvalid) {
  auto options = hs256_options();
  options.allow_unencoded_payload = true;
  const std::string token = unencoded_token(R"({"alg":"HS256","b64":false})", R"({"sub":"a"})");
  EXPECT_TRUE(fails_with(make_verifier(options).verify(token), errc::invalid_header));
  EXPECT_TRUE(fails_with(make_verifier().verify(token), errc::invalid_header));
}

TEST(UnencodedPayload, APayloadWithADotCannotBeCompact) {
  auto options = hs256_options();
  options.allow_unencoded_payload = true;
  const std::string token =
      unencoded_token(R"({"alg":"HS256","b64":false,"crit":["b64"]})", R"({"iss":"a.example"})");
  EXPECT_TRUE(fails_with(make_verifier(options).verify(token), errc::malformed_token));
}

}  // namespace
