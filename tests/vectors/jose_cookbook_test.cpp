// RFC 7520 (JOSE cookbook) signature examples and the cookbook's RFC 7797 examples.
#include <array>
#include <cstddef>
#include <string>

#include <gtest/gtest.h>

#include <tessera/base64url.hpp>
#include <tessera/jwt.hpp>

#include "detail/key_material.hpp"
#include "support/assertions.hpp"
#include "support/clock.hpp"
#include "support/vectors.hpp"

namespace {

using tessera::algorithm;
using tessera::errc;
using tessera::test::fails_with;
using tessera::test::succeeds;
using tessera::test::text;
namespace json = boost::json;

tessera::verifier hs256_verifier(const std::vector<std::byte>& secret,
                                 bool allow_unencoded = false) {
  tessera::verify_options options;
  options.algorithms = {algorithm::hs256};
  options.time_source = tessera::test::clock_at(tessera::test::default_now);
  options.allow_unencoded_payload = allow_unencoded;
  return tessera::verifier::create(tessera::verifying_key::hmac(algorithm::hs256, secret).value(),
                                   options)
      .value();
}

std::vector<std::byte> flipped(std::vector<std::byte> key) {
  key[0] ^= std::byte{0x01};
  return key;
}

std::string hs256_b64(const std::vector<std::byte>& secret, std::string_view input) {
  const auto key = tessera::signing_key::hmac(algorithm::hs256, secret).value();
  std::array<std::byte, tessera::detail::max_signature_size> mac{};
  const auto size = key.material().sign(algorithm::hs256, input, mac).value();
  return tessera::base64url_encode(std::span<const std::byte>(mac.data(), size));
}

TEST(JoseCookbook, Hs256IntegrityProtection_4_4) {
  TESSERA_REQUIRE_VECTORS();
  const auto doc =
      tessera::test::load_vector("jose-cookbook/jws/4_4.hmac-sha2_integrity_protection.json");
  const auto& input = doc.at("input");
  const auto& signing = doc.at("signing");
  const auto secret = tessera::test::b64url_member(input.at("key"), "k");
  ASSERT_EQ(secret.size(), 32u);
  const std::string compact = text(doc.at("output"), "compact");
  const std::string payload = text(input, "payload");

  // The library's HMAC of the cookbook's signing input is the cookbook's signature.
  EXPECT_EQ(hs256_b64(secret, text(signing, "sig-input")), text(signing, "sig"));
  EXPECT_EQ(compact, text(signing, "sig-input") + "." + text(signing, "sig"));

  // encode() writes the same protected header for the same members.
  const auto key = tessera::signing_key::hmac(algorithm::hs256, secret).value();
  const auto ours = tessera::encode(tessera::claims{}, key,
                                    {.kid = text(input.at("key"), "kid"), .type = std::nullopt});
  ASSERT_TRUE(succeeds(ours));
  EXPECT_EQ(ours->substr(0, ours->find('.')), text(signing, "protected_b64u"));
  // And the payload segment is the base64url of the UTF-8 text.
  const auto first = compact.find('.');
  const auto second = compact.rfind('.');
  EXPECT_EQ(tessera::base64url_encode(payload), compact.substr(first + 1, second - first - 1));

  // The compact token: the signature holds (a wrong key fails it), and the payload, plain text
  // ("It's a dangerous business, ..."), is not a JSON object, so a JWT verifier reports
  // invalid_json rather than returning a token.
  EXPECT_TRUE(fails_with(hs256_verifier(secret).verify(compact), errc::invalid_json));
  EXPECT_TRUE(fails_with(hs256_verifier(flipped(secret)).verify(compact), errc::invalid_signature));
  // Verification does not depend on re-serialising anything: decode_unverified shows the kid.
  const auto unverified = tessera::unsafe::decode_unverified(compact);
  EXPECT_TRUE(fails_with(unverified, errc::invalid_json));
}

TEST(JoseCookbook, DetachedContent_4_5) {
  TESSERA_REQUIRE_VECTORS();
  const auto doc =
      tessera::test::load_vector("jose-cookbook/jws/4_5.signature_with_detached_content.json");
  const auto secret = tessera::test::b64url_member(doc.at("input").at("key"), "k");
  const std::string compact = text(doc.at("output"), "compact");
  const auto first = compact.find('.');
  ASSERT_EQ(compact[first + 1], '.');  // empty payload segment
  // Detached content is not supported: the signing input lacks the payload, the MAC fails.
  EXPECT_TRUE(fails_with(hs256_verifier(secret).verify(compact), errc::invalid_signature));
  // With the payload put back, it is the 4.4 token: signature good, payload not JSON.
  const std::string attached = compact.substr(0, first + 1) +
                               tessera::base64url_encode(text(doc.at("input"), "payload")) +
                               compact.substr(first + 1);
  EXPECT_TRUE(fails_with(hs256_verifier(secret).verify(attached), errc::invalid_json));
}

TEST(JoseCookbook, AsymmetricExamplesNeverReachAnHmacKey) {
  TESSERA_REQUIRE_VECTORS();
  // 4.1 RS256, 4.2 PS384, 4.3 ES512, RFC 8037 EdDSA: out of scope for the HMAC core; an HMAC
  // verifier refuses their algorithm before any cryptography.
  const auto hmac_key = tessera::test::b64url_member(
      tessera::test::load_vector("jose-cookbook/jwk/3_5.symmetric_key_mac_computation.json"), "k");
  for (const char* file : {"jws/4_1.rsa_v15_signature.json", "jws/4_2.rsa-pss_signature.json",
                           "jws/4_3.ecdsa_signature.json", "curve25519/jws.json"}) {
    SCOPED_TRACE(file);
    const auto doc = tessera::test::load_vector(std::string("jose-cookbook/") + file);
    EXPECT_TRUE(fails_with(hs256_verifier(hmac_key).verify(text(doc.at("output"), "compact")),
                           errc::algorithm_not_allowed));
  }
  // 4.6, 4.7 and 4.8 exist only in the JSON serialisations (unprotected headers, several
  // signatures), which a compact verifier does not read; they are not run.
}

TEST(JoseCookbook, Rfc7797CompactUnencodedPayload) {
  TESSERA_REQUIRE_VECTORS();
  const auto doc = tessera::test::load_vector("jose-cookbook/rfc7797/hmac-sha2_b64_false.json");
  const auto secret = tessera::test::b64url_member(doc.at("input").at("key"), "k");
  const std::string compact = text(doc.at("output"), "compact");
  ASSERT_NE(compact.find(".This is the payload string!."), std::string::npos);

  // Refused by default, as an unencoded payload.
  EXPECT_TRUE(
      fails_with(hs256_verifier(secret).verify(compact), errc::unencoded_payload_not_allowed));
  // Allowed: the signature over the raw payload holds (a wrong key fails it), then the payload
  // "This is the payload string!" is not JSON, so no JWT comes out: invalid_json.
  EXPECT_TRUE(fails_with(hs256_verifier(secret, true).verify(compact), errc::invalid_json));
  EXPECT_TRUE(
      fails_with(hs256_verifier(flipped(secret), true).verify(compact), errc::invalid_signature));
  // (The file's "signing" block does not match its output; the README says to use the output.)
}

TEST(JoseCookbook, Rfc7797WithoutCritIsAnInvalidHeader) {
  TESSERA_REQUIRE_VECTORS();
  // 4.2.hmac-sha2_b64_false.json has only JSON serialisations; its protected header is
  // {"alg":"HS256","b64":false} with no "crit", which RFC 7797 section 6 forbids. Put in compact
  // form (detached payload), the header alone makes it invalid, even with RFC 7797 allowed.
  const auto doc = tessera::test::load_vector("jose-cookbook/rfc7797/4.2.hmac-sha2_b64_false.json");
  const auto secret = tessera::test::b64url_member(doc.at("input").at("key"), "k");
  const auto& flat = doc.at("output").at("json_flat");
  ASSERT_EQ(tessera::base64url_decode_to_string(text(flat, "protected")).value(),
            R"({"alg":"HS256","b64":false})");
  const std::string compact = text(flat, "protected") + ".." + text(flat, "signature");
  EXPECT_TRUE(fails_with(hs256_verifier(secret, true).verify(compact), errc::invalid_header));
  EXPECT_TRUE(fails_with(hs256_verifier(secret).verify(compact), errc::invalid_header));
}

}  // namespace
