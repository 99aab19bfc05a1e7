// Attacks on asymmetric verification (RFC 8725 sections 2.1-2.3, 3.1, 3.10), with tokens forged
// by OpenSSL directly: public keys used as HMAC secrets (CVE-2016-10555, CVE-2022-29217),
// "psychic" ECDSA signatures (CVE-2022-21449), DER and wrong-length signatures, PSS salt
// confusion, keys named in the header (jwk, jku, x5u, x5c: CVE-2018-0114), and key selection.
#include <array>
#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>
#include <boost/json/serialize.hpp>

#include <tessera/base64url.hpp>
#include <tessera/error.hpp>
#include <tessera/jwk.hpp>
#include <tessera/jwt.hpp>
#include <tessera/key.hpp>
#include <tessera/key_set.hpp>

#include "support/assertions.hpp"
#include "support/asymmetric.hpp"
#include "support/bytes.hpp"
#include "support/clock.hpp"
#include "support/tokens.hpp"

namespace {

using tessera::algorithm;
using tessera::algorithm_set;
using tessera::errc;
using tessera::key_options;
using tessera::key_set;
using tessera::signing_key;
using tessera::verifying_key;
using tessera::test::bytes_of;
using tessera::test::evp_key;
using tessera::test::fails_with;
using tessera::test::succeeds;

constexpr std::string_view payload = R"({"sub":"attack","admin":true})";
constexpr key_options weak_ok{.allow_weak_key = true};

tessera::verify_options options(algorithm_set algorithms) {
  return {.algorithms = algorithms,
          .time_source = tessera::test::clock_at(tessera::test::default_now)};
}

std::string header(algorithm a, std::string_view extra = "") {
  std::string h = R"({"alg":")" + std::string(tessera::to_string(a)) + "\"";
  if (!extra.empty()) {
    h += ',';
    h += extra;
  }
  return h + "}";
}

verifying_key public_of(EVP_PKEY* k) {
  return verifying_key::from_pem(tessera::test::spki_pem(k)).value();
}

// --- Public keys as HMAC secrets. ---

struct confusion_key {
  const char* name;
  evp_key (*make)();
};

void PrintTo(const confusion_key& k, std::ostream* os) { *os << k.name; }

const confusion_key confusion_keys[] = {
    {"RSA", [] { return tessera::test::fixed_rsa_key(); }},
    {"P256", [] { return tessera::test::generate_ec("P-256"); }},
    {"P384", [] { return tessera::test::generate_ec("P-384"); }},
    {"P521", [] { return tessera::test::generate_ec("P-521"); }},
    {"secp256k1", [] { return tessera::test::generate_ec("secp256k1"); }},
    {"Ed25519", [] { return tessera::test::generate_okp("ED25519"); }},
    {"Ed448", [] { return tessera::test::generate_okp("ED448"); }},
};

class PublicKeyAsHmacSecret : public ::testing::TestWithParam<confusion_key> {};

TEST_P(PublicKeyAsHmacSecret, EveryEncodingIsRefused) {
  const auto k = GetParam().make();
  const int type = EVP_PKEY_get_base_id(k.get());
  // Built with += : g++ 12 at -O3 misreports "\n" + std::string as an overlapping memcpy
  // (-Wrestrict, GCC PR 105329).
  std::string after_newline = "\n";
  after_newline += tessera::test::spki_pem(k.get());
  std::vector<std::pair<std::string, std::string>> forms = {
      {"SPKI PEM", tessera::test::spki_pem(k.get())},
      {"SPKI PEM after a newline", after_newline},
      {"SPKI DER", tessera::test::spki_der(k.get())},
      {"certificate PEM", tessera::test::certificate(k.get(), false)},
      {"certificate DER", tessera::test::certificate(k.get(), true)},
      {"PKCS#8 PEM", tessera::test::pkcs8_pem(k.get())},
      {"PKCS#8 DER", tessera::test::pkcs8_der(k.get())},
      {"public JWK", boost::json::serialize(tessera::to_jwk(public_of(k.get())).value())},
  };
  if (type == EVP_PKEY_RSA) {
    forms.emplace_back("PKCS#1 public PEM", tessera::test::pkcs1_public_pem(k.get()));
    forms.emplace_back("PKCS#1 public DER", tessera::test::pkcs1_public_der(k.get()));
    forms.emplace_back("PKCS#1 private PEM", tessera::test::traditional_private_pem(k.get()));
  }
  if (type == EVP_PKEY_EC) {
    forms.emplace_back("SEC1 private PEM", tessera::test::traditional_private_pem(k.get()));
  }
  const bool has_openssh =
      type == EVP_PKEY_RSA || type == EVP_PKEY_ED25519 ||
      (type == EVP_PKEY_EC && std::string_view(GetParam().name) != "secp256k1");
  if (has_openssh) forms.emplace_back("OpenSSH line", tessera::test::openssh_line(k.get()));

  for (const auto& [what, secret] : forms) {
    SCOPED_TRACE(what);
    for (const auto a : {algorithm::hs256, algorithm::hs384, algorithm::hs512}) {
      EXPECT_TRUE(fails_with(signing_key::hmac(a, secret), errc::key_looks_asymmetric));
      EXPECT_TRUE(fails_with(signing_key::hmac(a, secret, weak_ok), errc::key_looks_asymmetric));
      EXPECT_TRUE(fails_with(verifying_key::hmac(a, secret, weak_ok), errc::key_looks_asymmetric));
      EXPECT_TRUE(fails_with(verifying_key::hmac(a, bytes_of(secret), weak_ok),
                             errc::key_looks_asymmetric));
    }
    EXPECT_TRUE(fails_with(verifying_key::hmac(secret), errc::key_looks_asymmetric));
    EXPECT_TRUE(fails_with(verifying_key::hmac(secret, weak_ok), errc::key_looks_asymmetric));
    EXPECT_TRUE(
        fails_with(verifying_key::hmac(bytes_of(secret), weak_ok), errc::key_looks_asymmetric));
  }
}

INSTANTIATE_TEST_SUITE_P(Keys, PublicKeyAsHmacSecret, ::testing::ValuesIn(confusion_keys),
                         [](const auto& param_info) { return std::string(param_info.param.name); });

TEST(AlgorithmConfusion, Hs256SignedWithThePublicKeyPemIsRefused) {
  const auto rsa = tessera::test::fixed_rsa_key();
  const auto pem = tessera::test::spki_pem(rsa.get());
  // The classic forgery: HMAC over the token with the verifier's public key text as the secret.
  const auto forged =
      tessera::test::signed_token(header(algorithm::hs256), payload, pem, algorithm::hs256);
  const auto key = public_of(rsa.get());
  EXPECT_TRUE(fails_with(tessera::verifier::create(key, options({algorithm::hs256})),
                         errc::key_outside_allow_list));
  const auto v = tessera::verifier::create(key, options({algorithm::rs256, algorithm::hs256}));
  ASSERT_TRUE(succeeds(v));
  EXPECT_TRUE(fails_with(v->verify(forged), errc::key_algorithm_mismatch));
  // Through a key set: with the set key's kid, and without.
  const auto set =
      key_set::from_keys(
          {tessera::jwk::from_json(tessera::to_jwk(key, {.kid = "rsa"}).value()).value()})
          .value();
  const auto sv = tessera::verifier::create(set, options({algorithm::rs256, algorithm::hs256}));
  ASSERT_TRUE(succeeds(sv));
  const auto forged_kid = tessera::test::signed_token(header(algorithm::hs256, R"("kid":"rsa")"),
                                                      payload, pem, algorithm::hs256);
  EXPECT_TRUE(fails_with(sv->verify(forged_kid), errc::key_not_usable));
  EXPECT_TRUE(fails_with(sv->verify(forged), errc::no_matching_key));
}

// --- ECDSA signatures that are no signatures. ---

struct ec_case {
  algorithm alg;
  const char* group;
  int nid;
  std::size_t width;
};

void PrintTo(const ec_case& c, std::ostream* os) { *os << tessera::to_string(c.alg); }

const ec_case ec_cases[] = {
    {algorithm::es256, "P-256", NID_X9_62_prime256v1, 32},
    {algorithm::es384, "P-384", NID_secp384r1, 48},
    {algorithm::es512, "P-521", NID_secp521r1, 66},
    {algorithm::es256k, "secp256k1", NID_secp256k1, 32},
};

class EcdsaForgeries : public ::testing::TestWithParam<ec_case> {
 protected:
  void SetUp() override {
    key_ = tessera::test::generate_ec(GetParam().group);
    verifier_.emplace(
        tessera::verifier::create(public_of(key_.get()), options({GetParam().alg})).value());
    input_ = tessera::base64url_encode(header(GetParam().alg)) + "." +
             tessera::base64url_encode(payload);
    std::unique_ptr<EC_GROUP, decltype(&EC_GROUP_free)> group(
        EC_GROUP_new_by_curve_name(GetParam().nid), &EC_GROUP_free);
    order_.resize(GetParam().width);
    BN_bn2binpad(EC_GROUP_get0_order(group.get()), order_.data(), static_cast<int>(order_.size()));
  }

  std::string with_signature(std::span<const unsigned char> sig) const {
    return input_ + "." + tessera::test::b64url(sig);
  }
  std::vector<unsigned char> valid_raw() const {
    return tessera::test::jws_signature(key_.get(), GetParam().alg, input_);
  }

  evp_key key_;
  std::optional<tessera::verifier> verifier_;
  std::string input_;
  std::vector<unsigned char> order_;
};

TEST_P(EcdsaForgeries, TheValidSignatureVerifies) {
  EXPECT_TRUE(succeeds(verifier_->verify(with_signature(valid_raw()))));
}

TEST_P(EcdsaForgeries, PsychicSignaturesAreRefused) {
  const std::size_t w = GetParam().width;
  const auto valid = valid_raw();
  const std::vector<unsigned char> zero(w, 0);
  const std::vector<unsigned char> ones(w, 0xff);
  const std::vector<unsigned char> r(valid.begin(), valid.begin() + static_cast<std::ptrdiff_t>(w));
  const std::vector<unsigned char> s(valid.begin() + static_cast<std::ptrdiff_t>(w), valid.end());
  const auto cat = [](const std::vector<unsigned char>& a, const std::vector<unsigned char>& b) {
    auto out = a;
    out.insert(out.end(), b.begin(), b.end());
    return out;
  };
  const std::vector<std::pair<std::string, std::vector<unsigned char>>> cases = {
      {"r = s = 0", cat(zero, zero)},        {"r = s = n", cat(order_, order_)},
      {"r = 0, valid s", cat(zero, s)},      {"valid r, s = 0", cat(r, zero)},
      {"r = n, valid s", cat(order_, s)},    {"valid r, s = n", cat(r, order_)},
      {"r = s = all ones", cat(ones, ones)}, {"valid r, s = all ones", cat(r, ones)},
  };
  for (const auto& [what, sig] : cases) {
    SCOPED_TRACE(what);
    EXPECT_TRUE(fails_with(verifier_->verify(with_signature(sig)), errc::invalid_signature));
  }
}

TEST_P(EcdsaForgeries, DerSignaturesAreRefused) {
  // OpenSSL's own DER encoding of a valid signature: a JWS carries R || S only.
  const auto der = tessera::test::openssl_sign(key_.get(), GetParam().alg, input_);
  EXPECT_EQ(der[0], 0x30);
  EXPECT_TRUE(fails_with(verifier_->verify(with_signature(der)), errc::invalid_signature));
}

TEST_P(EcdsaForgeries, WrongLengthsAreRefused) {
  const auto valid = valid_raw();
  auto longer = valid;
  longer.push_back(0);
  auto prefixed = valid;
  prefixed.insert(prefixed.begin(), 0);
  const std::vector<std::pair<std::string, std::vector<unsigned char>>> cases = {
      {"one byte short", {valid.begin(), valid.end() - 1}},
      {"first byte dropped", {valid.begin() + 1, valid.end()}},
      {"zero appended", longer},
      {"zero prepended", prefixed},
      {"r only", {valid.begin(), valid.begin() + static_cast<std::ptrdiff_t>(valid.size() / 2)}},
      {"twice",
       [&] {
         auto twice = valid;
         twice.insert(twice.end(), valid.begin(), valid.end());
         return twice;
       }()},
  };
  for (const auto& [what, sig] : cases) {
    SCOPED_TRACE(what);
    EXPECT_TRUE(fails_with(verifier_->verify(with_signature(sig)), errc::invalid_signature));
  }
  // No signature at all.
  EXPECT_TRUE(fails_with(verifier_->verify(input_ + "."), errc::invalid_signature));
}

INSTANTIATE_TEST_SUITE_P(Curves, EcdsaForgeries, ::testing::ValuesIn(ec_cases),
                         [](const auto& param_info) {
                           return std::string(tessera::to_string(param_info.param.alg));
                         });

TEST(CurveConfusion, Es256AndEs256KKeysDoNotServeEachOther) {
  const auto p256 = tessera::test::generate_ec("P-256");
  const auto k1 = tessera::test::generate_ec("secp256k1");
  const auto both = options({algorithm::es256, algorithm::es256k});
  const auto v_p256 = tessera::verifier::create(public_of(p256.get()), both).value();
  const auto v_k1 = tessera::verifier::create(public_of(k1.get()), both).value();
  // Same hash, same signature size: only the key's curve tells them apart.
  const auto t_k1_as_es256 =
      tessera::test::openssl_token(header(algorithm::es256), payload, k1.get(), algorithm::es256);
  const auto t_p256_as_es256k = tessera::test::openssl_token(header(algorithm::es256k), payload,
                                                             p256.get(), algorithm::es256k);
  EXPECT_TRUE(fails_with(v_k1.verify(t_k1_as_es256), errc::key_algorithm_mismatch));
  EXPECT_TRUE(fails_with(v_p256.verify(t_p256_as_es256k), errc::key_algorithm_mismatch));
}

TEST(CurveConfusion, AnEdDsaKeyNeverServesEcdsa) {
  const auto ed = tessera::test::generate_okp("ED25519");
  const auto p256 = tessera::test::generate_ec("P-256");
  const auto v =
      tessera::verifier::create(public_of(ed.get()), options({algorithm::eddsa, algorithm::es256}))
          .value();
  EXPECT_TRUE(fails_with(v.verify(tessera::test::openssl_token(header(algorithm::es256), payload,
                                                               p256.get(), algorithm::es256)),
                         errc::key_algorithm_mismatch));
}

// --- RSA: PSS parameters, paddings, lengths. ---

class RsaForgeries : public ::testing::Test {
 protected:
  evp_key rsa_ = tessera::test::fixed_rsa_key();
  tessera::verifier all_rsa_ =
      tessera::verifier::create(public_of(rsa_.get()),
                                options({algorithm::rs256, algorithm::rs384, algorithm::rs512,
                                         algorithm::ps256, algorithm::ps384, algorithm::ps512}))
          .value();
};

TEST_F(RsaForgeries, PssWithAnotherSaltLengthIsRefused) {
  const auto salt = [&](algorithm a, int length) {
    return tessera::test::openssl_token(header(a), payload, rsa_.get(), a,
                                        {.mgf1 = nullptr, .salt = length});
  };
  EXPECT_TRUE(succeeds(all_rsa_.verify(salt(algorithm::ps256, 32))));
  EXPECT_TRUE(fails_with(all_rsa_.verify(salt(algorithm::ps256, 0)), errc::invalid_signature));
  EXPECT_TRUE(fails_with(all_rsa_.verify(salt(algorithm::ps256, 20)), errc::invalid_signature));
  EXPECT_TRUE(succeeds(all_rsa_.verify(salt(algorithm::ps384, 48))));
  EXPECT_TRUE(fails_with(all_rsa_.verify(salt(algorithm::ps384, 32)), errc::invalid_signature));
  EXPECT_TRUE(succeeds(all_rsa_.verify(salt(algorithm::ps512, 64))));
  EXPECT_TRUE(fails_with(all_rsa_.verify(salt(algorithm::ps512, 0)), errc::invalid_signature));
  // MGF1 with another hash.
  EXPECT_TRUE(fails_with(all_rsa_.verify(tessera::test::openssl_token(
                             header(algorithm::ps256), payload, rsa_.get(), algorithm::ps256,
                             {.mgf1 = EVP_sha1(), .salt = 32})),
                         errc::invalid_signature));
}

TEST_F(RsaForgeries, RelabelledPaddingsAndHashesAreRefused) {
  const algorithm rsa_algs[] = {algorithm::rs256, algorithm::rs384, algorithm::rs512,
                                algorithm::ps256, algorithm::ps384, algorithm::ps512};
  for (const auto signed_as : rsa_algs) {
    for (const auto claimed : rsa_algs) {
      SCOPED_TRACE(std::string(tessera::to_string(signed_as)) + " labelled " +
                   std::string(tessera::to_string(claimed)));
      const auto t = tessera::test::openssl_token(header(claimed), payload, rsa_.get(), signed_as);
      if (signed_as == claimed) {
        EXPECT_TRUE(succeeds(all_rsa_.verify(t)));
      } else {
        EXPECT_TRUE(fails_with(all_rsa_.verify(t), errc::invalid_signature));
      }
    }
  }
}

// A signature whose first byte is zero, so it can be written one byte shorter.
std::pair<std::string, std::vector<unsigned char>> signature_with_leading_zero(EVP_PKEY* rsa,
                                                                               algorithm a) {
  for (int i = 0; i < 20000; ++i) {
    const std::string input = tessera::base64url_encode(header(a)) + "." +
                              tessera::base64url_encode(R"({"n":)" + std::to_string(i) + "}");
    auto sig = tessera::test::openssl_sign(rsa, a, input);
    if (sig[0] == 0) return {input, sig};
  }
  throw std::runtime_error("no signature with a leading zero byte");
}

TEST_F(RsaForgeries, SignaturesMustHaveTheModulusLength) {
  // RFC 8017 8.2.2 and 8.1.2, step 1: a signature that is not k octets long is invalid, also when
  // it is the same integer written without its leading zero.
  for (const auto a : {algorithm::rs256, algorithm::ps256}) {
    SCOPED_TRACE(tessera::to_string(a));
    const auto [input, sig] = signature_with_leading_zero(rsa_.get(), a);
    ASSERT_EQ(sig.size(), 256u);
    EXPECT_TRUE(succeeds(all_rsa_.verify(input + "." + tessera::test::b64url(sig))));
    const std::span<const unsigned char> stripped(sig.data() + 1, sig.size() - 1);
    EXPECT_TRUE(fails_with(all_rsa_.verify(input + "." + tessera::test::b64url(stripped)),
                           errc::invalid_signature));
    std::vector<unsigned char> padded(sig);
    padded.insert(padded.begin(), 0);
    EXPECT_TRUE(fails_with(all_rsa_.verify(input + "." + tessera::test::b64url(padded)),
                           errc::invalid_signature));
  }
}

TEST_F(RsaForgeries, EdDsaSignaturesOfTheWrongLengthAreRefused) {
  for (const auto* type : {"ED25519", "ED448"}) {
    SCOPED_TRACE(type);
    const auto k = tessera::test::generate_okp(type);
    const auto v =
        tessera::verifier::create(public_of(k.get()), options({algorithm::eddsa})).value();
    const std::string input = tessera::base64url_encode(header(algorithm::eddsa)) + "." +
                              tessera::base64url_encode(payload);
    const auto sig = tessera::test::openssl_sign(k.get(), algorithm::eddsa, input);
    EXPECT_TRUE(succeeds(v.verify(input + "." + tessera::test::b64url(sig))));
    const std::span<const unsigned char> all(sig);
    EXPECT_TRUE(fails_with(v.verify(input + "." + tessera::test::b64url(all.first(sig.size() - 1))),
                           errc::invalid_signature));
    auto longer = sig;
    longer.push_back(0);
    EXPECT_TRUE(
        fails_with(v.verify(input + "." + tessera::test::b64url(longer)), errc::invalid_signature));
  }
}

// --- Key selection and keys named in the header. ---

struct set_fixture {
  evp_key legit = tessera::test::generate_ec("P-256");
  evp_key attacker = tessera::test::generate_ec("P-256");
  key_set set =
      key_set::from_keys({tessera::jwk::from_json(
                              tessera::to_jwk(public_of(legit.get()), {.kid = "legit"}).value())
                              .value()})
          .value();
};

TEST(HeaderKeys, JwkJkuX5uX5cAreNeverUsed) {
  const set_fixture f;
  const auto attacker_jwk =
      boost::json::serialize(tessera::to_jwk(public_of(f.attacker.get())).value());
  const auto attacker_cert_der = tessera::test::certificate(f.attacker.get(), true);
  const std::string x5c = tessera::test::base64_std(std::span(
      reinterpret_cast<const unsigned char*>(attacker_cert_der.data()), attacker_cert_der.size()));
  const std::vector<std::pair<std::string, std::string>> extras = {
      {"embedded jwk", R"("jwk":)" + attacker_jwk},
      {"embedded jwk with the set's kid", R"("kid":"legit","jwk":)" + attacker_jwk},
      {"jku", R"("jku":"https://attacker.example/jwks.json")"},
      {"x5u", R"("x5u":"https://attacker.example/cert.pem")"},
      {"x5c", R"("x5c":[")" + x5c + R"("])"},
      {"all of them", R"("kid":"legit","jku":"https://attacker.example/j","x5c":[")" + x5c +
                          R"("],"jwk":)" + attacker_jwk},
  };
  const auto set_verifier = tessera::verifier::create(f.set, options({algorithm::es256})).value();
  const auto key_verifier =
      tessera::verifier::create(public_of(f.legit.get()), options({algorithm::es256})).value();
  for (const auto& [what, extra] : extras) {
    SCOPED_TRACE(what);
    const auto h = header(algorithm::es256, extra);
    const auto forged =
        tessera::test::openssl_token(h, payload, f.attacker.get(), algorithm::es256);
    EXPECT_TRUE(fails_with(set_verifier.verify(forged), errc::invalid_signature));
    EXPECT_TRUE(fails_with(key_verifier.verify(forged), errc::invalid_signature));
    // The same header signed by the legitimate key verifies: the members themselves are
    // harmless, and the key used is always the verifier's own.
    const auto genuine = tessera::test::openssl_token(h, payload, f.legit.get(), algorithm::es256);
    EXPECT_TRUE(succeeds(set_verifier.verify(genuine)));
    EXPECT_TRUE(succeeds(key_verifier.verify(genuine)));
  }
}

TEST(HeaderKeys, AnEmbeddedHmacJwkIsNeverAKey) {
  // A token that brings its own "oct" key and is MACed with it.
  const set_fixture f;
  const std::string secret(32, 'a');
  const std::string h = header(
      algorithm::hs256, R"("jwk":{"kty":"oct","k":")" + tessera::base64url_encode(secret) + "\"}");
  const auto forged = tessera::test::signed_token(h, payload, secret, algorithm::hs256);
  const auto v =
      tessera::verifier::create(f.set, options({algorithm::es256, algorithm::hs256})).value();
  EXPECT_TRUE(fails_with(v.verify(forged), errc::no_matching_key));
}

TEST(KeySelectionAttacks, AnRs256KeyDoesNotVerifyPs256) {
  const auto rsa = tessera::test::fixed_rsa_key();
  auto members = tessera::to_jwk(public_of(rsa.get()), {.kid = "rsa"}).value();
  members["alg"] = "RS256";
  const auto set = key_set::from_keys({tessera::jwk::from_json(members).value()}).value();
  const auto v =
      tessera::verifier::create(set, options({algorithm::rs256, algorithm::ps256})).value();
  const auto ps_kid = tessera::test::openssl_token(header(algorithm::ps256, R"("kid":"rsa")"),
                                                   payload, rsa.get(), algorithm::ps256);
  const auto ps_no_kid =
      tessera::test::openssl_token(header(algorithm::ps256), payload, rsa.get(), algorithm::ps256);
  EXPECT_TRUE(fails_with(v.verify(ps_kid), errc::key_not_usable));
  EXPECT_TRUE(fails_with(v.verify(ps_no_kid), errc::no_matching_key));
  const auto rs_kid = tessera::test::openssl_token(header(algorithm::rs256, R"("kid":"rsa")"),
                                                   payload, rsa.get(), algorithm::rs256);
  EXPECT_TRUE(succeeds(v.verify(rs_kid)));
}

TEST(KeySelectionAttacks, NoKidAndTwoMatchingKeysIsAmbiguous) {
  const auto a = tessera::test::generate_ec("P-256");
  const auto b = tessera::test::generate_ec("P-256");
  const auto set =
      key_set::from_keys(
          {tessera::jwk::from_json(tessera::to_jwk(public_of(a.get()), {.kid = "a"}).value())
               .value(),
           tessera::jwk::from_json(tessera::to_jwk(public_of(b.get()), {.kid = "b"}).value())
               .value()})
          .value();
  const auto v = tessera::verifier::create(set, options({algorithm::es256})).value();
  // Both keys could verify a token without kid: the verifier does not try them in turn.
  const auto t =
      tessera::test::openssl_token(header(algorithm::es256), payload, a.get(), algorithm::es256);
  EXPECT_TRUE(fails_with(v.verify(t), errc::ambiguous_key));
  const auto with_kid = tessera::test::openssl_token(header(algorithm::es256, R"("kid":"a")"),
                                                     payload, a.get(), algorithm::es256);
  EXPECT_TRUE(succeeds(v.verify(with_kid)));
  const auto wrong_kid = tessera::test::openssl_token(header(algorithm::es256, R"("kid":"b")"),
                                                      payload, a.get(), algorithm::es256);
  EXPECT_TRUE(fails_with(v.verify(wrong_kid), errc::invalid_signature));
}

}  // namespace
