// The examples printed in RFC 7515, RFC 7517 and RFC 7797 (vectors/rfc/rfc-examples.json).
#include <array>
#include <cstddef>
#include <string>

#include <gtest/gtest.h>
#include <boost/json/serialize.hpp>

#include <tessera/base64url.hpp>
#include <tessera/jwt.hpp>

#include "detail/key_material.hpp"
#include "support/assertions.hpp"
#include "support/clock.hpp"
#include "support/vectors.hpp"

namespace {

using tessera::algorithm;
using tessera::errc;
using tessera::test::describe;
using tessera::test::error_of;
using tessera::test::fails_with;
using tessera::test::succeeds;
namespace json = boost::json;

// RFC 7515 A.1-A.3 claims expire at 1300819380 (2011-03-22T18:43:00Z).
constexpr std::int64_t rfc_exp = 1300819380;

json::value example(std::string_view id) {
  const auto doc = tessera::test::load_vector("rfc/rfc-examples.json");
  for (const auto& e : doc.at("jws").as_array()) {
    if (e.at("id").as_string() == id) return e;
  }
  throw std::runtime_error("no example " + std::string(id));
}

// The RFC 7515 A.1 HMAC key (64 bytes), from the example's JWK.
std::vector<std::byte> a1_key() {
  return tessera::test::b64url_member(example("rfc7515-A.1").at("jwk"), "k");
}

tessera::verify_options hs256_at(std::int64_t now) {
  tessera::verify_options options;
  options.algorithms = {algorithm::hs256};
  options.time_source = tessera::test::clock_at(now);
  return options;
}

tessera::verifier verifier_for(const std::vector<std::byte>& secret,
                               tessera::verify_options options) {
  return tessera::verifier::create(tessera::verifying_key::hmac(secret).value(), std::move(options))
      .value();
}

std::string signature_of(std::string_view token) {
  return std::string(token.substr(token.rfind('.') + 1));
}

TEST(RfcExamples, Rfc7515A1Hs256Verifies) {
  TESSERA_REQUIRE_VECTORS();
  const auto e = example("rfc7515-A.1");
  const std::string token = tessera::test::text(e, "token");
  const auto secret = a1_key();
  ASSERT_EQ(secret.size(), 64u);
  const auto key = tessera::verifying_key::hmac(secret);
  ASSERT_TRUE(succeeds(key));
  EXPECT_EQ(key->algorithms(),
            (tessera::algorithm_set{algorithm::hs256, algorithm::hs384, algorithm::hs512}));

  // One second before "exp", with the header's typ checked.
  auto options = hs256_at(rfc_exp - 1);
  options.type = "JWT";
  options.required = {tessera::claim::exp, tessera::claim::iss};
  options.issuer = {"joe"};
  const auto t = verifier_for(secret, options).verify(token);
  ASSERT_TRUE(succeeds(t));
  EXPECT_EQ(t->alg(), algorithm::hs256);
  EXPECT_EQ(t->header().at("typ"), "JWT");
  EXPECT_EQ(t->claims().issuer(), "joe");
  EXPECT_EQ(t->claims().expires_at(), std::chrono::sys_seconds(std::chrono::seconds(rfc_exp)));
  ASSERT_NE(t->claims().get("http://example.com/is_root"), nullptr);
  EXPECT_EQ(*t->claims().get("http://example.com/is_root"), true);
  EXPECT_EQ(json::value(t->claims().members()), e.at("claims"));

  // The library's HMAC of the signing input (CRLF and all, as sent) is the printed signature.
  const auto signer = tessera::signing_key::hmac(algorithm::hs256, secret).value();
  std::array<std::byte, tessera::detail::max_signature_size> mac{};
  const auto size =
      signer.material().sign(algorithm::hs256, token.substr(0, token.rfind('.')), mac);
  ASSERT_TRUE(succeeds(size));
  EXPECT_EQ(tessera::base64url_encode(std::span<const std::byte>(mac.data(), *size)),
            signature_of(token));

  // At exp, and after it, the token has expired; leeway extends it.
  EXPECT_TRUE(
      fails_with(verifier_for(secret, hs256_at(rfc_exp)).verify(token), errc::token_expired));
  EXPECT_TRUE(fails_with(verifier_for(secret, hs256_at(rfc_exp + 86400)).verify(token),
                         errc::token_expired));
  auto lenient = hs256_at(rfc_exp);
  lenient.leeway = std::chrono::seconds(1);
  EXPECT_TRUE(succeeds(verifier_for(secret, lenient).verify(token)));
  // The same token under any other key is a bad signature.
  auto other = secret;
  other[63] ^= std::byte{0x80};
  EXPECT_TRUE(fails_with(verifier_for(other, hs256_at(rfc_exp - 1)).verify(token),
                         errc::invalid_signature));
}

TEST(RfcExamples, Rfc7515A5AlgNoneIsRefused) {
  TESSERA_REQUIRE_VECTORS();
  const auto e = example("rfc7515-A.5");
  ASSERT_EQ(e.at("expect"), "invalid");
  const std::string token = tessera::test::text(e, "token");
  auto options = hs256_at(rfc_exp - 1);
  options.algorithms = {algorithm::hs256, algorithm::hs384, algorithm::hs512};
  EXPECT_TRUE(fails_with(verifier_for(a1_key(), options).verify(token), errc::unsecured_token));
  // decode_unverified reads it: the header really says "none".
  const auto unverified = tessera::unsafe::decode_unverified(token);
  ASSERT_TRUE(succeeds(unverified));
  EXPECT_EQ(unverified->header.at("alg"), "none");
}

TEST(RfcExamples, Rfc7515AppendixEUnknownCritIsRefused) {
  TESSERA_REQUIRE_VECTORS();
  const auto e = example("rfc7515-E");
  ASSERT_EQ(e.at("expect"), "invalid");
  const std::string token = tessera::test::text(e, "token");
  // The printed token is also unsecured ("alg": "none"), which the verifier reports first: the
  // algorithm is judged before "crit".
  EXPECT_TRUE(fails_with(verifier_for(a1_key(), hs256_at(rfc_exp - 1)).verify(token),
                         errc::unsecured_token));

  // The same header with "alg": "HS256", signed with the A.1 key, isolates the "crit" rule.
  std::string header = tessera::test::text(e, "protected_header_json");
  const auto pos = header.find("\"none\"");
  ASSERT_NE(pos, std::string::npos);
  header.replace(pos, 6, "\"HS256\"");
  const std::string payload_b64 = tessera::test::text(e, "payload_b64");
  const std::string input = tessera::base64url_encode(header) + "." + payload_b64;
  const auto signer = tessera::signing_key::hmac(algorithm::hs256, a1_key()).value();
  std::array<std::byte, tessera::detail::max_signature_size> mac{};
  const auto size = signer.material().sign(algorithm::hs256, input, mac).value();
  const std::string signed_token =
      input + "." + tessera::base64url_encode(std::span<const std::byte>(mac.data(), size));
  EXPECT_TRUE(fails_with(verifier_for(a1_key(), hs256_at(rfc_exp - 1)).verify(signed_token),
                         errc::unsupported_critical_header));
  // A verifier that understands the extension gets past "crit"; the payload "FAIL" is not JSON.
  auto understanding = hs256_at(rfc_exp - 1);
  understanding.critical_extensions = {"http://example.com/UNDEFINED"};
  EXPECT_TRUE(
      fails_with(verifier_for(a1_key(), understanding).verify(signed_token), errc::invalid_json));
}

TEST(RfcExamples, Rfc7797Section41OrdinaryJwsOfANonJsonPayload) {
  TESSERA_REQUIRE_VECTORS();
  const auto e = example("rfc7797-4.1");
  const std::string token = tessera::test::text(e, "token");
  ASSERT_EQ(tessera::base64url_decode_to_string(tessera::test::text(e, "payload_b64")).value(),
            "$.02");
  // The signature holds (a wrong key says so), then "$.02" is not JSON: a JWT verifier reports
  // invalid_json, never a token.
  EXPECT_TRUE(fails_with(verifier_for(a1_key(), hs256_at(0)).verify(token), errc::invalid_json));
  auto other = a1_key();
  other[0] ^= std::byte{1};
  EXPECT_TRUE(fails_with(verifier_for(other, hs256_at(0)).verify(token), errc::invalid_signature));
}

TEST(RfcExamples, Rfc7797Section42UnencodedDetachedPayload) {
  TESSERA_REQUIRE_VECTORS();
  const auto e = example("rfc7797-4.2");
  ASSERT_EQ(e.at("expect"), "invalid");
  const std::string token = tessera::test::text(e, "token");
  const std::string detached = tessera::test::text(e, "detached_payload");

  // By default: b64=false is refused as such.
  EXPECT_TRUE(fails_with(verifier_for(a1_key(), hs256_at(0)).verify(token),
                         errc::unencoded_payload_not_allowed));
  // With RFC 7797 allowed: the payload is detached (empty segment), so the signing input lacks
  // it and the signature fails. Detached content is not supported.
  auto allow = hs256_at(0);
  allow.allow_unencoded_payload = true;
  EXPECT_TRUE(fails_with(verifier_for(a1_key(), allow).verify(token), errc::invalid_signature));
  // Attaching "$.02" cannot be done in compact form: its '.' makes four segments.
  const auto first = token.find('.');
  const std::string attached = token.substr(0, first + 1) + detached + token.substr(first + 1);
  EXPECT_TRUE(fails_with(verifier_for(a1_key(), allow).verify(attached), errc::malformed_token));

  // The vector itself is consistent: the signature is the HMAC of header_b64 '.' "$.02".
  const auto signer = tessera::signing_key::hmac(algorithm::hs256, a1_key()).value();
  std::array<std::byte, tessera::detail::max_signature_size> mac{};
  const std::string input = token.substr(0, first) + "." + detached;
  const auto size = signer.material().sign(algorithm::hs256, input, mac).value();
  EXPECT_EQ(tessera::base64url_encode(std::span<const std::byte>(mac.data(), size)),
            signature_of(token));
}

TEST(RfcExamples, AsymmetricExamplesNeverReachAnHmacKey) {
  TESSERA_REQUIRE_VECTORS();
  // RS256, ES256, ES512 and EdDSA examples: out of scope for HMAC verification, and a verifier
  // holding an HMAC key must refuse them before any cryptography.
  std::size_t seen = 0;
  for (const char* id : {"rfc7515-A.2", "rfc7515-A.3", "rfc7515-A.4", "rfc8037-A.4"}) {
    SCOPED_TRACE(id);
    const std::string token = tessera::test::text(example(id), "token");
    EXPECT_TRUE(fails_with(verifier_for(a1_key(), hs256_at(rfc_exp - 1)).verify(token),
                           errc::algorithm_not_allowed));
    ++seen;
  }
  EXPECT_EQ(seen, 4u);
}

TEST(RfcExamples, JsonSerialisationsAreNotCompactTokens) {
  TESSERA_REQUIRE_VECTORS();
  for (const char* id : {"rfc7515-A.6", "rfc7515-A.7"}) {
    SCOPED_TRACE(id);
    const auto e = example(id);
    ASSERT_TRUE(e.at("token").is_object());
    const auto r =
        verifier_for(a1_key(), hs256_at(rfc_exp - 1)).verify(json::serialize(e.at("token")));
    EXPECT_EQ(error_of(r), errc::malformed_token) << describe(error_of(r));
  }
}

TEST(RfcExamples, Rfc7517A3SymmetricKeys) {
  TESSERA_REQUIRE_VECTORS();
  const auto doc = tessera::test::load_vector("rfc/rfc-examples.json");
  const json::value* set = nullptr;
  for (const auto& s : doc.at("jwk_sets").as_array()) {
    if (s.at("id") == "rfc7517-A.3") set = &s;
  }
  ASSERT_NE(set, nullptr);
  const auto& keys = set->at("jwks").at("keys").as_array();
  ASSERT_EQ(keys.size(), 2u);
  // The 16-byte A128KW key is far too short for HS256.
  const auto kw = tessera::test::b64url_member(keys[0], "k");
  ASSERT_EQ(kw.size(), 16u);
  EXPECT_TRUE(fails_with(tessera::signing_key::hmac(algorithm::hs256, kw), errc::key_too_short));
  EXPECT_TRUE(fails_with(tessera::verifying_key::hmac(kw), errc::key_too_short));
  // The second is the A.1 key.
  const auto hmac = tessera::test::b64url_member(keys[1], "k");
  EXPECT_EQ(hmac, a1_key());
  EXPECT_TRUE(succeeds(tessera::signing_key::hmac(algorithm::hs512, hmac)));
  // The JWK's JSON text itself is not a secret.
  EXPECT_TRUE(fails_with(tessera::verifying_key::hmac(json::serialize(keys[1])),
                         errc::key_looks_asymmetric));
}

}  // namespace
