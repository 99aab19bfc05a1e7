// The asymmetric examples of RFC 7515 (A.2 RS256, A.3 ES256, A.4 ES512; A.6/A.7's signatures),
// RFC 8037 (A.3 thumbprint, A.4 Ed25519), RFC 7638 (3.1 thumbprint), RFC 7517 (A.1, A.2 key
// sets, B with x5c, C.1 "use": "enc") and the JOSE cookbook (RFC 7520 4.1 RS256, 4.2 PS384, 4.3
// ES512, curve25519/jws.json). Deterministic algorithms (RS256, Ed25519) must reproduce the
// published signatures exactly from the private JWK.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <boost/json/serialize.hpp>

#include <tessera/base64url.hpp>
#include <tessera/error.hpp>
#include <tessera/jwk.hpp>
#include <tessera/jwt.hpp>
#include <tessera/key_set.hpp>

#include "detail/key_material.hpp"
#include "support/assertions.hpp"
#include "support/asymmetric.hpp"
#include "support/clock.hpp"
#include "support/vectors.hpp"

namespace {

using tessera::algorithm;
using tessera::errc;
using tessera::jwk;
using tessera::key_set;
using tessera::test::describe;
using tessera::test::error_of;
using tessera::test::fails_with;
using tessera::test::succeeds;
namespace json = boost::json;

// "Now" before the RFC 7515 examples' exp (1300819380, 2011-03-22).
constexpr std::int64_t before_rfc_exp = 1'300'000'000;

const json::object& find_by_id(const json::value& doc, std::string_view list, std::string_view id) {
  for (const auto& entry : doc.at(list).as_array()) {
    if (entry.at("id").as_string() == id) return entry.as_object();
  }
  throw std::runtime_error("no " + std::string(id) + " in " + std::string(list));
}

std::string signing_input(std::string_view token) {
  return std::string(token.substr(0, token.rfind('.')));
}

std::string signature_part(std::string_view token) {
  return std::string(token.substr(token.rfind('.') + 1));
}

// Signs `input` with the private JWK's key for `alg`; returns base64url.
std::string sign_b64(const json::object& private_jwk, algorithm alg, std::string_view input) {
  const auto key = jwk::from_json(private_jwk);
  EXPECT_TRUE(succeeds(key));
  const auto signer = key->signing(alg);
  EXPECT_TRUE(succeeds(signer));
  std::array<std::byte, tessera::detail::max_signature_size> out{};
  const auto size = signer->material().sign(alg, input, out);
  EXPECT_TRUE(succeeds(size));
  return tessera::base64url_encode(std::span<const std::byte>(out.data(), *size));
}

tessera::verifier verifier_for(const json::object& public_jwk, algorithm alg,
                               std::int64_t now = tessera::test::default_now) {
  const auto key = jwk::from_json(public_jwk).value().verifying().value();
  return tessera::verifier::create(
             key, {.algorithms = {alg}, .time_source = tessera::test::clock_at(now)})
      .value();
}

// A public JWK of the same type and algorithm, other key material.
json::object other_key(const json::object& public_jwk) {
  const std::string kty(public_jwk.at("kty").as_string());
  tessera::test::evp_key k =
      kty == "RSA" ? tessera::test::fixed_rsa_key()
      : kty == "EC"
          ? tessera::test::generate_ec(std::string(public_jwk.at("crv").as_string()).c_str())
          : tessera::test::generate_okp("ED25519");
  return tessera::to_jwk(tessera::verifying_key::from_pem(tessera::test::spki_pem(k.get())).value(),
                         {.use = std::nullopt, .include_alg = false})
      .value();
}

// For a payload that is not JSON: the signature holds (the verifier fails on the payload only),
// and under another key the same token fails on the signature.
void expect_signature_holds(const json::object& public_jwk, algorithm alg, std::string_view token) {
  const auto right = verifier_for(public_jwk, alg).verify(token);
  EXPECT_EQ(error_of(right), errc::invalid_json) << describe(error_of(right));
  const auto wrong = verifier_for(other_key(public_jwk), alg).verify(token);
  EXPECT_EQ(error_of(wrong), errc::invalid_signature) << describe(error_of(wrong));
  // And the primitive directly.
  const auto key = jwk::from_json(public_jwk).value().verifying().value();
  const auto sig = tessera::base64url_decode(signature_part(token)).value();
  EXPECT_TRUE(key.material().verify(alg, signing_input(token), sig));
}

// --- RFC 7515 ---

TEST(Rfc7515, A2Rs256IsReproducedExactly) {
  TESSERA_REQUIRE_VECTORS();
  const auto doc = tessera::test::load_vector("rfc/rfc-examples.json");
  const auto& ex = find_by_id(doc, "jws", "rfc7515-A.2");
  const std::string token(ex.at("token").as_string());
  EXPECT_EQ(sign_b64(ex.at("jwk").as_object(), algorithm::rs256, signing_input(token)),
            signature_part(token));
  const auto t =
      verifier_for(ex.at("public_jwk").as_object(), algorithm::rs256, before_rfc_exp).verify(token);
  ASSERT_TRUE(succeeds(t));
  EXPECT_EQ(t->claims().issuer(), "joe");
  EXPECT_EQ(t->alg(), algorithm::rs256);
  // After its exp the token has expired; with another key the signature fails.
  EXPECT_TRUE(
      fails_with(verifier_for(ex.at("public_jwk").as_object(), algorithm::rs256).verify(token),
                 errc::token_expired));
  EXPECT_TRUE(fails_with(
      verifier_for(other_key(ex.at("public_jwk").as_object()), algorithm::rs256, before_rfc_exp)
          .verify(token),
      errc::invalid_signature));
}

TEST(Rfc7515, A3Es256Verifies) {
  TESSERA_REQUIRE_VECTORS();
  const auto doc = tessera::test::load_vector("rfc/rfc-examples.json");
  const auto& ex = find_by_id(doc, "jws", "rfc7515-A.3");
  const std::string token(ex.at("token").as_string());
  const auto& pub = ex.at("public_jwk").as_object();
  const auto t = verifier_for(pub, algorithm::es256, before_rfc_exp).verify(token);
  ASSERT_TRUE(succeeds(t));
  EXPECT_EQ(t->claims().issuer(), "joe");
  EXPECT_EQ(t->signature().size(), 64u);
  EXPECT_TRUE(
      fails_with(verifier_for(other_key(pub), algorithm::es256, before_rfc_exp).verify(token),
                 errc::invalid_signature));
  // ECDSA is randomised: a fresh signature differs, and verifies.
  const std::string fresh =
      sign_b64(ex.at("jwk").as_object(), algorithm::es256, signing_input(token));
  EXPECT_NE(fresh, signature_part(token));
  EXPECT_TRUE(succeeds(verifier_for(pub, algorithm::es256, before_rfc_exp)
                           .verify(signing_input(token) + "." + fresh)));
}

TEST(Rfc7515, A4Es512Verifies) {
  TESSERA_REQUIRE_VECTORS();
  const auto doc = tessera::test::load_vector("rfc/rfc-examples.json");
  const auto& ex = find_by_id(doc, "jws", "rfc7515-A.4");
  const std::string token(ex.at("token").as_string());
  // The payload is the text "Payload", not JSON: a JWS-level check.
  expect_signature_holds(ex.at("public_jwk").as_object(), algorithm::es512, token);
  EXPECT_EQ(tessera::base64url_decode(signature_part(token)).value().size(), 132u);
}

TEST(Rfc7515, A6AndA7SignaturesVerifyInCompactForm) {
  // The JSON serialisations are not compact tokens (rfc_examples_test.cpp); their signatures,
  // put in compact form (protected.payload.signature), verify with the listed keys.
  TESSERA_REQUIRE_VECTORS();
  const auto doc = tessera::test::load_vector("rfc/rfc-examples.json");
  const auto& a6 = find_by_id(doc, "jws", "rfc7515-A.6");
  const auto& general = a6.at("token").as_object();
  std::size_t verified = 0;
  for (const auto& sig : general.at("signatures").as_array()) {
    const std::string kid(sig.at("header").at("kid").as_string());
    const std::string protected_b64(sig.at("protected").as_string());
    const std::string compact = protected_b64 + "." +
                                std::string(general.at("payload").as_string()) + "." +
                                std::string(sig.at("signature").as_string());
    const auto header = tessera::base64url_decode_to_string(protected_b64).value();
    const algorithm alg =
        header.find("RS256") != std::string::npos ? algorithm::rs256 : algorithm::es256;
    const auto& key = a6.at("jwks").at(kid).as_object();
    json::object pub = key;
    pub.erase("d");
    for (const char* m : {"p", "q", "dp", "dq", "qi"}) pub.erase(m);
    SCOPED_TRACE(kid);
    EXPECT_TRUE(succeeds(verifier_for(pub, alg, before_rfc_exp).verify(compact)));
    ++verified;
  }
  EXPECT_EQ(verified, 2u);
  const auto& a7 = find_by_id(doc, "jws", "rfc7515-A.7");
  const auto& flat = a7.at("token").as_object();
  const std::string compact = std::string(flat.at("protected").as_string()) + "." +
                              std::string(flat.at("payload").as_string()) + "." +
                              std::string(flat.at("signature").as_string());
  json::object pub = a7.at("jwk").as_object();
  pub.erase("d");
  EXPECT_TRUE(succeeds(verifier_for(pub, algorithm::es256, before_rfc_exp).verify(compact)));
}

// --- RFC 8037 ---

TEST(Rfc8037, A4Ed25519IsReproducedExactly) {
  TESSERA_REQUIRE_VECTORS();
  const auto doc = tessera::test::load_vector("rfc/rfc-examples.json");
  const auto& ex = find_by_id(doc, "jws", "rfc8037-A.4");
  const std::string token(ex.at("token").as_string());
  EXPECT_EQ(sign_b64(ex.at("jwk").as_object(), algorithm::eddsa, signing_input(token)),
            signature_part(token));
  expect_signature_holds(ex.at("public_jwk").as_object(), algorithm::eddsa, token);
}

// --- Thumbprints: RFC 7638 3.1, RFC 8037 A.3 ---

TEST(Thumbprints, Rfc7638AndRfc8037) {
  TESSERA_REQUIRE_VECTORS();
  const auto doc = tessera::test::load_vector("rfc/rfc-examples.json");
  std::size_t checked = 0;
  for (const auto& t : doc.at("thumbprints").as_array()) {
    SCOPED_TRACE(t.at("id").as_string());
    const auto& members = t.at("jwk").as_object();
    const std::string expected(t.at("thumbprint_b64url").as_string());
    EXPECT_EQ(tessera::jwk_thumbprint(members).value(), expected);
    // Of the imported key, too (its public JWK's required members).
    const auto key = jwk::from_json(members).value().verifying().value();
    EXPECT_EQ(tessera::jwk_thumbprint(key).value(), expected);
    // The published canonical JSON hashes to it (the hash input is exactly that text).
    const std::string canonical(t.at("canonical_json").as_string());
    std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
    SHA256(reinterpret_cast<const unsigned char*>(canonical.data()), canonical.size(),
           digest.data());
    EXPECT_EQ(tessera::test::b64url(digest), expected);
    ++checked;
  }
  EXPECT_EQ(checked, 2u);
}

// --- RFC 7517 ---

TEST(Rfc7517, A1PublicSetKeepsTheSignatureKey) {
  TESSERA_REQUIRE_VECTORS();
  const auto doc = tessera::test::load_vector("rfc/rfc-examples.json");
  const auto& ex = find_by_id(doc, "jwk_sets", "rfc7517-A.1");
  const auto set = key_set::from_json(ex.at("jwks").as_object());
  ASSERT_TRUE(succeeds(set));
  // The EC key is "use": "enc"; the RSA key ("alg": "RS256", kid 2011-04-29) verifies.
  ASSERT_EQ(set->keys().size(), 1u);
  EXPECT_EQ(set->skipped(), 1u);
  EXPECT_EQ(set->keys()[0].kid(), std::optional<std::string>("2011-04-29"));
  EXPECT_EQ(set->algorithms(), tessera::algorithm_set{algorithm::rs256});
  EXPECT_TRUE(succeeds(set->select("2011-04-29", algorithm::rs256)));
  EXPECT_TRUE(fails_with(set->select("1", algorithm::es256), errc::no_matching_key));
  // Each key imports on its own; the EC key just may not verify.
  const auto ec = jwk::from_json(ex.at("jwks").at("keys").as_array()[0].as_object());
  ASSERT_TRUE(succeeds(ec));
  EXPECT_TRUE(fails_with(ec->verifying(), errc::key_not_usable));
}

TEST(Rfc7517, A2PrivateSetSignsAndVerifies) {
  TESSERA_REQUIRE_VECTORS();
  const auto doc = tessera::test::load_vector("rfc/rfc-examples.json");
  const auto& ex = find_by_id(doc, "jwk_sets", "rfc7517-A.2");
  const auto& members = ex.at("jwks").at("keys").as_array();
  const auto set = key_set::from_json(ex.at("jwks").as_object());
  ASSERT_TRUE(succeeds(set));
  ASSERT_EQ(set->keys().size(), 1u);
  EXPECT_EQ(set->skipped(), 1u);
  // Both keys are private and consistent (import checks it); the EC key is for encryption.
  const auto ec = jwk::from_json(members[0].as_object()).value();
  EXPECT_TRUE(ec.is_private());
  EXPECT_TRUE(fails_with(ec.signing(algorithm::es256), errc::key_not_usable));
  const auto rsa = jwk::from_json(members[1].as_object()).value();
  EXPECT_TRUE(rsa.is_private());
  const auto signer = rsa.signing();
  ASSERT_TRUE(succeeds(signer));
  EXPECT_EQ(signer->alg(), algorithm::rs256);
  const auto token = tessera::encode(tessera::claims{}.subject("rfc7517"), *signer,
                                     {.kid = std::string("2011-04-29")});
  ASSERT_TRUE(succeeds(token));
  const auto v = tessera::verifier::create(
      *set, {.algorithms = {algorithm::rs256},
             .time_source = tessera::test::clock_at(tessera::test::default_now)});
  ASSERT_TRUE(succeeds(v));
  const auto t = v->verify(*token);
  ASSERT_TRUE(succeeds(t));
  EXPECT_EQ(t->claims().subject(), "rfc7517");
}

TEST(Rfc7517, BX5cIsIgnoredAndMatchesTheKey) {
  TESSERA_REQUIRE_VECTORS();
  const auto doc = tessera::test::load_vector("rfc/rfc-examples.json");
  const auto& ex = find_by_id(doc, "jwk_sets", "rfc7517-B");
  const auto& members = ex.at("jwk").as_object();
  const auto key = jwk::from_json(members);
  ASSERT_TRUE(succeeds(key));
  EXPECT_EQ(key->kid(), std::optional<std::string>("1b94c"));
  const auto v = key->verifying();
  ASSERT_TRUE(succeeds(v));
  // The certificate in x5c (standard base64 DER) holds the same public key; the library reads
  // it as a certificate when asked, but never takes keys from x5c on its own.
  const std::string x5c(members.at("x5c").as_array()[0].as_string());
  std::vector<unsigned char> der(x5c.size());
  const int n = EVP_DecodeBlock(der.data(), reinterpret_cast<const unsigned char*>(x5c.data()),
                                static_cast<int>(x5c.size()));
  ASSERT_GT(n, 0);
  std::size_t size = static_cast<std::size_t>(n);
  if (x5c.ends_with("==")) {
    size -= 2;
  } else if (x5c.ends_with("=")) {
    size -= 1;
  }
  const auto from_cert = tessera::verifying_key::load(std::as_bytes(std::span(der.data(), size)));
  ASSERT_TRUE(succeeds(from_cert));
  EXPECT_EQ(from_cert->to_pem().value(), v->to_pem().value());
  // Without x5c the JWK is the same key.
  json::object without_x5c = members;
  without_x5c.erase("x5c");
  EXPECT_EQ(tessera::jwk::from_json(without_x5c).value().verifying().value().to_pem().value(),
            v->to_pem().value());
}

TEST(Rfc7517, C1EncryptionKeyIsNotForSignatures) {
  TESSERA_REQUIRE_VECTORS();
  const auto doc = tessera::test::load_vector("rfc/rfc-examples.json");
  const auto& ex = find_by_id(doc, "jwk_sets", "rfc7517-C.1");
  const auto key = jwk::from_json(ex.at("jwk").as_object());
  ASSERT_TRUE(succeeds(key));
  EXPECT_TRUE(key->is_private());
  EXPECT_FALSE(key->allows(tessera::key_operation::verify));
  EXPECT_FALSE(key->allows(tessera::key_operation::sign));
  EXPECT_TRUE(key->algorithms().empty());
  EXPECT_TRUE(fails_with(key->verifying(), errc::key_not_usable));
  EXPECT_TRUE(fails_with(key->signing(algorithm::rs256), errc::key_not_usable));
  json::object set;
  set["keys"] = json::array{ex.at("jwk")};
  EXPECT_TRUE(fails_with(key_set::from_json(set), errc::no_usable_keys));
}

// --- JOSE cookbook (RFC 7520) ---

TEST(JoseCookbookAsymmetric, Rs256_4_1IsReproducedExactly) {
  TESSERA_REQUIRE_VECTORS();
  const auto ex = tessera::test::load_vector("jose-cookbook/jws/4_1.rsa_v15_signature.json");
  ASSERT_TRUE(ex.at("reproducible").as_bool());
  const auto& key = ex.at("input").at("key").as_object();
  const std::string input(ex.at("signing").at("sig-input").as_string());
  EXPECT_EQ(sign_b64(key, algorithm::rs256, input), ex.at("signing").at("sig").as_string());
  const std::string compact(ex.at("output").at("compact").as_string());
  EXPECT_EQ(signing_input(compact), input);
  json::object pub = key;
  for (const char* m : {"d", "p", "q", "dp", "dq", "qi"}) pub.erase(m);
  expect_signature_holds(pub, algorithm::rs256, compact);
  // Through a key set, by the token's kid.
  json::object set;
  set["keys"] = json::array{pub};
  const auto v = tessera::verifier::create(key_set::from_json(set).value(),
                                           {.algorithms = {algorithm::rs256}});
  ASSERT_TRUE(succeeds(v));
  EXPECT_TRUE(fails_with(v->verify(compact), errc::invalid_json));
}

TEST(JoseCookbookAsymmetric, Ps384_4_2Verifies) {
  TESSERA_REQUIRE_VECTORS();
  const auto ex = tessera::test::load_vector("jose-cookbook/jws/4_2.rsa-pss_signature.json");
  ASSERT_EQ(ex.at("input").at("alg").as_string(), "PS384");
  const auto& key = ex.at("input").at("key").as_object();
  json::object pub = key;
  for (const char* m : {"d", "p", "q", "dp", "dq", "qi"}) pub.erase(m);
  const std::string compact(ex.at("output").at("compact").as_string());
  expect_signature_holds(pub, algorithm::ps384, compact);
  // PSS is randomised: a fresh signature differs and verifies; the key is PS384's only if told.
  const std::string input(ex.at("signing").at("sig-input").as_string());
  const std::string fresh = sign_b64(key, algorithm::ps384, input);
  EXPECT_NE(fresh, ex.at("signing").at("sig").as_string());
  expect_signature_holds(pub, algorithm::ps384, input + "." + fresh);
  // Under PS256 or PS512 (other hash and salt length) the published signature fails.
  const auto sig = tessera::base64url_decode(signature_part(compact)).value();
  const auto v = jwk::from_json(pub).value().verifying().value();
  EXPECT_FALSE(v.material().verify(algorithm::ps256, input, sig));
  EXPECT_FALSE(v.material().verify(algorithm::ps512, input, sig));
  EXPECT_FALSE(v.material().verify(algorithm::rs384, input, sig));
}

TEST(JoseCookbookAsymmetric, Es512_4_3Verifies) {
  TESSERA_REQUIRE_VECTORS();
  const auto ex = tessera::test::load_vector("jose-cookbook/jws/4_3.ecdsa_signature.json");
  const auto& key = ex.at("input").at("key").as_object();
  json::object pub = key;
  pub.erase("d");
  const std::string compact(ex.at("output").at("compact").as_string());
  expect_signature_holds(pub, algorithm::es512, compact);
}

TEST(JoseCookbookAsymmetric, Ed25519IsReproducedExactly) {
  TESSERA_REQUIRE_VECTORS();
  const auto ex = tessera::test::load_vector("jose-cookbook/curve25519/jws.json");
  ASSERT_TRUE(ex.at("reproducible").as_bool());
  const auto& key = ex.at("input").at("key").as_object();
  const std::string input(ex.at("signing").at("sig-input").as_string());
  EXPECT_EQ(sign_b64(key, algorithm::eddsa, input), ex.at("signing").at("sig").as_string());
  json::object pub = key;
  pub.erase("d");
  expect_signature_holds(pub, algorithm::eddsa,
                         std::string(ex.at("output").at("compact").as_string()));
}

TEST(JoseCookbookAsymmetric, KeysOfSection3) {
  // 3.1-3.4: the EC P-521 and RSA keys, public and private, import; the private ones are
  // consistent with the public ones (checked on import) and give the same thumbprint.
  TESSERA_REQUIRE_VECTORS();
  const std::pair<const char*, const char*> pairs[] = {
      {"jose-cookbook/jwk/3_1.ec_public_key.json", "jose-cookbook/jwk/3_2.ec_private_key.json"},
      {"jose-cookbook/jwk/3_3.rsa_public_key.json", "jose-cookbook/jwk/3_4.rsa_private_key.json"},
  };
  for (const auto& [public_file, private_file] : pairs) {
    SCOPED_TRACE(private_file);
    const auto pub_json = tessera::test::load_vector(public_file);
    const auto priv_json = tessera::test::load_vector(private_file);
    const auto pub = jwk::from_json(pub_json.as_object());
    const auto priv = jwk::from_json(priv_json.as_object());
    ASSERT_TRUE(succeeds(pub));
    ASSERT_TRUE(succeeds(priv));
    EXPECT_FALSE(pub->is_private());
    EXPECT_TRUE(priv->is_private());
    EXPECT_EQ(tessera::jwk_thumbprint(pub_json.as_object()).value(),
              tessera::jwk_thumbprint(priv_json.as_object()).value());
    EXPECT_EQ(tessera::jwk_thumbprint(priv->verifying().value()).value(),
              tessera::jwk_thumbprint(pub_json.as_object()).value());
  }
}

}  // namespace
