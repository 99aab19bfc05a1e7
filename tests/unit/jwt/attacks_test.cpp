// The attacks of RFC 8725 section 2 (JWT Best Current Practices), each tried against the
// verifier with forged tokens.
#include <cstddef>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <tessera/base64url.hpp>
#include <tessera/jwt.hpp>

#include "support/assertions.hpp"
#include "support/tokens.hpp"

namespace {

using tessera::algorithm;
using tessera::claims;
using tessera::errc;
using tessera::verify_options;
using tessera::test::b64;
using tessera::test::fails_with;
using tessera::test::hs256_options;
using tessera::test::hs256_token;
using tessera::test::join_segments;
using tessera::test::make_verifier;
using tessera::test::sign_segments;
using tessera::test::signed_token;
using tessera::test::succeeds;
using tessera::test::test_secret;

// A verifier that allows every HS algorithm, so that nothing but the attack is in the way.
tessera::verifier permissive_verifier() {
  auto options = hs256_options();
  options.algorithms = {algorithm::hs256, algorithm::hs384, algorithm::hs512};
  return make_verifier(options);
}

constexpr std::string_view admin_claims = R"({"sub":"admin","role":"admin"})";

// A public key an attacker knows (RFC 7517 A.1's EC key, as SPKI PEM).
constexpr std::string_view public_key_pem =
    "-----BEGIN PUBLIC KEY-----\n"
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEMKBCTNIcKUSDii11ySs3526iDZ8A\n"
    "iTo7Tu6KPAqv7D7gS2XpJFbZiItSs3m9+9Ue6GnvHw/GW2ZZaVtszggXIw==\n"
    "-----END PUBLIC KEY-----\n";

// --- 2.1: weak signatures and insufficient signature validation ---

TEST(Rfc8725, AlgNoneInEverySpellingWithAndWithoutSignature) {
  const auto v = permissive_verifier();
  for (const char* none : {"none", "None", "NONE", "nOnE", "NoNe"}) {
    SCOPED_TRACE(none);
    const std::string header = std::string(R"({"alg":")") + none + R"(","typ":"JWT"})";
    // The classic form: empty signature.
    EXPECT_TRUE(fails_with(v.verify(join_segments(b64(header), b64(admin_claims), "")),
                           errc::unsecured_token));
    // With a signature anyway (an HMAC made with the verifier's own secret).
    EXPECT_TRUE(fails_with(v.verify(signed_token(header, admin_claims)), errc::unsecured_token));
    // With a junk signature.
    EXPECT_TRUE(fails_with(v.verify(join_segments(b64(header), b64(admin_claims), "AAAA")),
                           errc::unsecured_token));
  }
}

TEST(Rfc8725, UnsecuredTokensFromTheLibraryItselfAreRefusedByEveryVerifier) {
  const auto unsecured =
      tessera::unsafe::encode_unsecured(claims{}.subject("admin"), {.kid = "k1"}).value();
  std::vector<verify_options> all_options;
  for (const auto alg : {algorithm::hs256, algorithm::hs384, algorithm::hs512}) {
    auto o = hs256_options();
    o.algorithms = {alg};
    all_options.push_back(o);
  }
  auto lenient = hs256_options();
  lenient.algorithms = {algorithm::hs256, algorithm::hs384, algorithm::hs512,
                        algorithm::rs256, algorithm::es256, algorithm::eddsa};
  lenient.allow_unencoded_payload = true;
  lenient.critical_extensions = {"b64", "none"};
  lenient.reject_future_iat = false;
  all_options.push_back(lenient);
  for (const auto& options : all_options) {
    for (const auto* secret : {&test_secret, &tessera::test::other_secret}) {
      EXPECT_TRUE(
          fails_with(make_verifier(options, *secret).verify(unsecured), errc::unsecured_token));
    }
  }
}

TEST(Rfc8725, SignatureStripping) {
  const std::string token = hs256_token(admin_claims);
  const std::string input = token.substr(0, token.rfind('.'));
  const auto v = permissive_verifier();
  EXPECT_TRUE(fails_with(v.verify(input + "."), errc::invalid_signature));
  EXPECT_TRUE(fails_with(v.verify(input), errc::malformed_token));
}

TEST(Rfc8725, TruncatedOrWrongLengthMacs) {
  const std::string header256 = b64(R"({"alg":"HS256"})");
  const std::string payload = b64(admin_claims);
  const std::string input = header256 + "." + payload;
  const std::string mac = tessera::test::raw_hmac(algorithm::hs256, test_secret, input);
  const auto v = permissive_verifier();
  EXPECT_TRUE(succeeds(v.verify(input + "." + b64(mac))));
  for (std::size_t keep = 1; keep < mac.size(); ++keep) {
    EXPECT_TRUE(
        fails_with(v.verify(input + "." + b64(mac.substr(0, keep))), errc::invalid_signature))
        << keep << " bytes";
  }
  // An HS512 MAC under an HS256 header, and the reverse.
  EXPECT_TRUE(fails_with(
      v.verify(input + "." + tessera::test::hmac_b64(algorithm::hs512, test_secret, input)),
      errc::invalid_signature));
  const std::string input512 = b64(R"({"alg":"HS512"})") + "." + payload;
  EXPECT_TRUE(fails_with(
      v.verify(input512 + "." + tessera::test::hmac_b64(algorithm::hs256, test_secret, input512)),
      errc::invalid_signature));
  // The first 32 bytes of an HS512 MAC are not an HS256 MAC.
  const std::string mac512 = tessera::test::raw_hmac(algorithm::hs512, test_secret, input);
  EXPECT_TRUE(
      fails_with(v.verify(input + "." + b64(mac512.substr(0, 32))), errc::invalid_signature));
}

TEST(Rfc8725, AlgorithmConfusionWithAPublicKey) {
  // The attacker signs HS256 with the server's public key as the secret. A verifier that took
  // the PEM as an HMAC secret would accept it; no factory takes it.
  EXPECT_TRUE(fails_with(tessera::verifying_key::hmac(public_key_pem), errc::key_looks_asymmetric));
  EXPECT_TRUE(fails_with(tessera::verifying_key::hmac(algorithm::hs256, public_key_pem),
                         errc::key_looks_asymmetric));
  EXPECT_TRUE(fails_with(tessera::verifying_key::hmac(public_key_pem, {.allow_weak_key = true}),
                         errc::key_looks_asymmetric));
  // And against a verifier with a real secret, the forgery is just a bad signature.
  const std::string forged =
      signed_token(R"({"alg":"HS256","typ":"JWT"})", admin_claims, public_key_pem);
  EXPECT_TRUE(fails_with(permissive_verifier().verify(forged), errc::invalid_signature));
}

TEST(Rfc8725, AsymmetricAlgorithmsAgainstAnHmacKey) {
  // Tokens claiming an asymmetric algorithm never reach the HMAC key.
  for (const char* alg : {"RS256", "PS256", "ES256", "ES256K", "EdDSA"}) {
    SCOPED_TRACE(alg);
    const std::string forged =
        signed_token(std::string(R"({"alg":")") + alg + "\"}", admin_claims, test_secret);
    EXPECT_TRUE(fails_with(permissive_verifier().verify(forged), errc::algorithm_not_allowed));
    // Even when the caller's allow-list names it, the HMAC key cannot serve it.
    auto options = hs256_options();
    options.algorithms = {algorithm::hs256, algorithm::rs256,  algorithm::ps256,
                          algorithm::es256, algorithm::es256k, algorithm::eddsa};
    EXPECT_TRUE(fails_with(make_verifier(options).verify(forged), errc::key_algorithm_mismatch));
  }
}

TEST(Rfc8725, AlgorithmNamesAreExact) {
  const auto v = permissive_verifier();
  for (const char* alg : {"hs256", "Hs256", "HS256 ", " HS256", "HS-256", "HMAC-SHA256"}) {
    SCOPED_TRACE(alg);
    EXPECT_TRUE(
        fails_with(v.verify(signed_token(std::string(R"({"alg":")") + alg + "\"}", admin_claims)),
                   errc::unknown_algorithm));
  }
}

// --- 2.2: weak symmetric keys ---

TEST(Rfc8725, WeakSecretsAreRefused) {
  for (const char* secret : {"secret", "password", "changeme", "0123456789abcdef0123456789abcde"}) {
    SCOPED_TRACE(secret);
    EXPECT_TRUE(
        fails_with(tessera::signing_key::hmac(algorithm::hs256, secret), errc::key_too_short));
    EXPECT_TRUE(fails_with(tessera::verifying_key::hmac(secret), errc::key_too_short));
  }
  EXPECT_TRUE(fails_with(tessera::verifying_key::hmac(""), errc::empty_key));
}

// --- 2.6: multiplicity of JSON encodings ---

TEST(Rfc8725, DuplicateHeaderMembersAreRefusedWhateverTheOrder) {
  const auto v = permissive_verifier();
  for (const char* header :
       {R"({"alg":"HS256","alg":"none"})", R"({"alg":"none","alg":"HS256"})",
        R"({"alg":"HS256","alg":"HS256"})", R"({"alg":"HS256","\u0061lg":"none"})",
        R"({"alg":"HS256","typ":"JWT","typ":"at+jwt"})"}) {
    SCOPED_TRACE(header);
    EXPECT_TRUE(fails_with(v.verify(signed_token(header, admin_claims)), errc::duplicate_member));
  }
}

TEST(Rfc8725, DuplicateClaimsAreRefusedEvenWhenSigned) {
  const auto v = permissive_verifier();
  for (const char* payload :
       {R"({"sub":"alice","sub":"admin"})", R"({"exp":1,"exp":99999999999})",
        R"({"aud":"a","\u0061ud":"b"})", R"({"nested":{"role":"user","role":"admin"}})"}) {
    SCOPED_TRACE(payload);
    EXPECT_TRUE(fails_with(v.verify(hs256_token(payload)), errc::duplicate_member));
  }
}

TEST(Rfc8725, NonCanonicalBase64IsRefused) {
  // One token, one encoding: padding, the standard alphabet, whitespace and non-zero unused bits
  // would let the same signed bytes travel as many strings.
  const std::string token = hs256_token(R"({"sub":"alice"})");
  const auto first = token.find('.');
  const auto second = token.rfind('.');
  const std::string header = token.substr(0, first);
  const std::string payload = token.substr(first + 1, second - first - 1);
  const std::string signature = token.substr(second + 1);
  const auto v = permissive_verifier();
  ASSERT_TRUE(succeeds(v.verify(token)));
  ASSERT_EQ(signature.size(), 43u);  // 32 bytes: the last character carries 2 unused bits

  // The last character with its unused bits set decodes to the same MAC.
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const auto last = alphabet.find(signature.back());
  for (std::size_t low = 1; low < 4; ++low) {
    std::string malleated = signature;
    malleated.back() = alphabet[(last & ~std::size_t{3}) | low];
    EXPECT_TRUE(
        fails_with(v.verify(join_segments(header, payload, malleated)), errc::invalid_base64url))
        << malleated;
  }
  EXPECT_TRUE(fails_with(v.verify(join_segments(header, payload, signature + "=")),
                         errc::invalid_base64url));
  EXPECT_TRUE(fails_with(v.verify(join_segments(header + "==", payload, signature)),
                         errc::invalid_base64url));
  EXPECT_TRUE(fails_with(v.verify(join_segments(header, payload, " " + signature)),
                         errc::invalid_base64url));
  std::string standard = signature;
  for (auto& c : standard) {
    if (c == '-') c = '+';
    if (c == '_') c = '/';
  }
  if (standard != signature) {
    EXPECT_TRUE(
        fails_with(v.verify(join_segments(header, payload, standard)), errc::invalid_base64url));
  }
  // A payload with non-zero unused bits, even correctly signed as sent, is refused.
  std::string odd_payload = b64(R"({"sub":"alic"})");  // 14 bytes: 19 characters
  ASSERT_EQ(odd_payload.size() % 4, 3u);
  odd_payload.back() = alphabet[alphabet.find(odd_payload.back()) | 1];
  EXPECT_TRUE(fails_with(v.verify(sign_segments(header, odd_payload)), errc::invalid_base64url));
}

TEST(Rfc8725, InvalidUtf8AndByteOrderMarks) {
  const auto v = permissive_verifier();
  EXPECT_TRUE(fails_with(v.verify(hs256_token("{\"sub\":\"adm\xc0\xa9n\"}")), errc::invalid_json));
  EXPECT_TRUE(
      fails_with(v.verify(hs256_token("\xef\xbb\xbf{\"sub\":\"admin\"}")), errc::invalid_json));
  EXPECT_TRUE(fails_with(v.verify(signed_token("\xef\xbb\xbf{\"alg\":\"HS256\"}", admin_claims)),
                         errc::invalid_json));
}

TEST(Rfc8725, ExpiryCannotBeSmuggledPastTheCheck) {
  const auto v = permissive_verifier();
  // A number too large for a double is not "infinitely far in the future".
  EXPECT_TRUE(fails_with(v.verify(hs256_token(R"({"exp":1e400})")), errc::invalid_number));
  // Nor is an integer beyond 64 bits, which a custom claim may hold but a NumericDate may not.
  EXPECT_TRUE(fails_with(v.verify(hs256_token(R"({"exp":99999999999999999999})")),
                         errc::invalid_exp_claim));
  // Nor does a wrong type make the claim absent.
  for (const char* exp : {R"("1")", "null", "true", "[1]", "{}", "1e300", "1152921504606846976",
                          "-1152921504606846976"}) {
    SCOPED_TRACE(exp);
    EXPECT_TRUE(fails_with(v.verify(hs256_token(std::string(R"({"exp":)") + exp + "}")),
                           errc::invalid_exp_claim));
  }
}

// --- 2.7: substitution attacks ---

TEST(Rfc8725, TokenForAnotherAudienceOrIssuer) {
  const std::string for_service_a =
      hs256_token(R"({"iss":"https://idp.example","aud":"service-a"})");
  auto options = hs256_options();
  options.issuer = {"https://idp.example"};
  options.audience = {"service-b"};
  EXPECT_TRUE(fails_with(make_verifier(options).verify(for_service_a), errc::invalid_audience));
  options.audience = {"service-a"};
  EXPECT_TRUE(succeeds(make_verifier(options).verify(for_service_a)));
  options.issuer = {"https://other-idp.example"};
  EXPECT_TRUE(fails_with(make_verifier(options).verify(for_service_a), errc::invalid_issuer));
  // A verifier that expects no audience does not accept a token meant for one.
  EXPECT_TRUE(fails_with(make_verifier().verify(for_service_a), errc::invalid_audience));
}

// --- 2.8: cross-JWT confusion ---

TEST(Rfc8725, ExplicitTypingSeparatesKindsOfToken) {
  auto access = hs256_options();
  access.type = "at+jwt";
  const auto v = make_verifier(access);
  EXPECT_TRUE(succeeds(v.verify(signed_token(R"({"alg":"HS256","typ":"at+jwt"})", admin_claims))));
  EXPECT_TRUE(fails_with(v.verify(signed_token(R"({"alg":"HS256","typ":"JWT"})", admin_claims)),
                         errc::invalid_token_type));
  EXPECT_TRUE(fails_with(v.verify(signed_token(R"({"alg":"HS256"})", admin_claims)),
                         errc::invalid_token_type));
  EXPECT_TRUE(fails_with(v.verify(signed_token(R"({"alg":"HS256","typ":"id+jwt"})", admin_claims)),
                         errc::invalid_token_type));
}

// --- 2.9: indirect attacks through header-supplied keys ---

TEST(Rfc8725, KeysNamedInTheHeaderAreNeverUsed) {
  // The attacker embeds or points to their own key and signs with it; the verifier uses only
  // the key it was given.
  constexpr std::string_view attacker_secret =
      "attacker-controlled-secret-attacker-controlled-secret-0123456789";
  const std::string jwk = R"({"kty":"oct","k":")" + b64(attacker_secret) + R"("})";
  const auto v = permissive_verifier();
  for (const std::string& header :
       {R"({"alg":"HS256","jwk":)" + jwk + "}",
        std::string(R"({"alg":"HS256","jku":"https://attacker.example/jwks.json"})"),
        std::string(R"({"alg":"HS256","x5u":"https://attacker.example/cert.pem"})"),
        std::string(R"({"alg":"HS256","kid":"../../../../../dev/null"})"),
        std::string(R"({"alg":"HS256","kid":"x' UNION SELECT 'attacker-controlled"})")}) {
    SCOPED_TRACE(header);
    EXPECT_TRUE(fails_with(v.verify(signed_token(header, admin_claims, attacker_secret)),
                           errc::invalid_signature));
  }
  // The empty-key trick ("kid" pointing at /dev/null): a MAC made with an empty key is refused.
  const std::string header = b64(R"({"alg":"HS256","kid":"../../../../../dev/null"})");
  const std::string input = header + "." + b64(admin_claims);
  EXPECT_TRUE(
      fails_with(v.verify(input + "." + tessera::test::hmac_b64(algorithm::hs256, "", input)),
                 errc::invalid_signature));
}

// --- resource exhaustion before the signature is checked ---

TEST(Rfc8725, HostileSizesFailCheaply) {
  const auto v = permissive_verifier();
  EXPECT_TRUE(fails_with(v.verify(std::string(70 * 1024, 'A')), errc::token_too_large));
  const std::string deep_header =
      R"({"alg":"HS256","x":)" + std::string(5000, '[') + std::string(5000, ']') + "}";
  EXPECT_TRUE(
      fails_with(v.verify(join_segments(b64(deep_header), "e30", "AAAA")), errc::json_too_deep));
  const std::string long_number = R"({"alg":"HS256","x":1)" + std::string(400, '0') + "}";
  EXPECT_TRUE(
      fails_with(v.verify(join_segments(b64(long_number), "e30", "AAAA")), errc::invalid_number));
}

}  // namespace
