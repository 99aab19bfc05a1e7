// What a key is and what it may serve (src/keys/key_facts.cpp): RSA sizes and exponents, the
// supported curves, refused key types, and the binding a verifier enforces between a key and a
// token's "alg".
#include "detail/key_facts.hpp"

#include <array>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/dsa.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>

#include <tessera/error.hpp>
#include <tessera/jwt.hpp>
#include <tessera/key.hpp>

#include "detail/key_material.hpp"
#include "support/assertions.hpp"
#include "support/asymmetric.hpp"
#include "support/bytes.hpp"
#include "support/clock.hpp"

namespace {

using tessera::algorithm;
using tessera::algorithm_set;
using tessera::errc;
using tessera::key_options;
using tessera::signing_key;
using tessera::verifying_key;
using tessera::detail::inspect_key;
using tessera::detail::key_family;
using tessera::detail::served_algorithms;
using tessera::test::bytes_of;
using tessera::test::evp_key;
using tessera::test::fails_with;
using tessera::test::succeeds;

const algorithm_set rsa_algorithms = {algorithm::rs256, algorithm::rs384, algorithm::rs512,
                                      algorithm::ps256, algorithm::ps384, algorithm::ps512};

struct bn_free {
  void operator()(BIGNUM* b) const { BN_free(b); }
};
using bn_ptr = std::unique_ptr<BIGNUM, bn_free>;

bn_ptr bn_param(EVP_PKEY* k, const char* name) {
  BIGNUM* v = nullptr;
  if (EVP_PKEY_get_bn_param(k, name, &v) != 1) throw std::runtime_error(name);
  return bn_ptr(v);
}

bn_ptr bn_word(unsigned long w) {
  bn_ptr b(BN_new());
  BN_set_word(b.get(), w);
  return b;
}

// An OpenSSL key of `type` ("RSA", "RSA-PSS") from named BIGNUM parameters; OpenSSL checks
// nothing about them, so the library must.
evp_key rsa_from(const char* type, const std::vector<std::pair<const char*, const BIGNUM*>>& params,
                 int selection) {
  std::unique_ptr<OSSL_PARAM_BLD, decltype(&OSSL_PARAM_BLD_free)> bld(OSSL_PARAM_BLD_new(),
                                                                      &OSSL_PARAM_BLD_free);
  for (const auto& [name, value] : params) OSSL_PARAM_BLD_push_BN(bld.get(), name, value);
  std::unique_ptr<OSSL_PARAM, decltype(&OSSL_PARAM_free)> p(OSSL_PARAM_BLD_to_param(bld.get()),
                                                            &OSSL_PARAM_free);
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
      EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr), &EVP_PKEY_CTX_free);
  EVP_PKEY* out = nullptr;
  if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &out, selection, p.get()) != 1) {
    throw std::runtime_error("EVP_PKEY_fromdata");
  }
  return evp_key(out);
}

evp_key rsa_public(const BIGNUM* n, const BIGNUM* e) {
  return rsa_from("RSA", {{OSSL_PKEY_PARAM_RSA_N, n}, {OSSL_PKEY_PARAM_RSA_E, e}},
                  EVP_PKEY_PUBLIC_KEY);
}

// An odd modulus of exactly `bits` bits (not a product of two primes: a public key is never
// checked for that, and the size rules must hold before any arithmetic).
bn_ptr random_modulus(int bits) {
  bn_ptr n(BN_new());
  BN_rand(n.get(), bits, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ODD);
  return n;
}

// --- Facts of each supported key type. ---

TEST(KeyFacts, Rsa) {
  const auto rsa = tessera::test::fixed_rsa_key();
  const auto facts = inspect_key(rsa.get(), {});
  ASSERT_TRUE(succeeds(facts));
  EXPECT_EQ(facts->family, key_family::rsa);
  EXPECT_EQ(facts->algorithms, rsa_algorithms);
  EXPECT_EQ(facts->bits, 2048);
  EXPECT_TRUE(facts->is_private);
  const auto pub = verifying_key::from_pem(tessera::test::spki_pem(rsa.get())).value();
  const auto pub_facts = inspect_key(pub.material().pkey(), {});
  ASSERT_TRUE(succeeds(pub_facts));
  EXPECT_FALSE(pub_facts->is_private);
}

TEST(KeyFacts, EcCurvesAndTheirOrders) {
  struct row {
    const char* group;
    int nid;
    algorithm alg;
    std::size_t width;
    int bits;
  };
  const row rows[] = {
      {"P-256", NID_X9_62_prime256v1, algorithm::es256, 32, 256},
      {"P-384", NID_secp384r1, algorithm::es384, 48, 384},
      {"P-521", NID_secp521r1, algorithm::es512, 66, 521},
      {"secp256k1", NID_secp256k1, algorithm::es256k, 32, 256},
  };
  for (const auto& r : rows) {
    SCOPED_TRACE(r.group);
    const auto k = tessera::test::generate_ec(r.group);
    const auto facts = inspect_key(k.get(), {});
    ASSERT_TRUE(succeeds(facts));
    EXPECT_EQ(facts->family, key_family::ec);
    EXPECT_EQ(facts->algorithms, algorithm_set{r.alg});
    EXPECT_EQ(facts->curve_nid, r.nid);
    EXPECT_EQ(facts->component_size, r.width);
    EXPECT_EQ(facts->bits, r.bits);
    EXPECT_TRUE(facts->is_private);
    std::unique_ptr<EC_GROUP, decltype(&EC_GROUP_free)> group(EC_GROUP_new_by_curve_name(r.nid),
                                                              &EC_GROUP_free);
    std::vector<unsigned char> order(r.width);
    BN_bn2binpad(EC_GROUP_get0_order(group.get()), order.data(), static_cast<int>(r.width));
    EXPECT_EQ(
        std::vector<unsigned char>(facts->order.begin(),
                                   facts->order.begin() + static_cast<std::ptrdiff_t>(r.width)),
        order);
  }
}

TEST(KeyFacts, EdwardsCurves) {
  for (const auto* type : {"ED25519", "ED448"}) {
    SCOPED_TRACE(type);
    const auto k = tessera::test::generate_okp(type);
    const auto facts = inspect_key(k.get(), {});
    ASSERT_TRUE(succeeds(facts));
    EXPECT_EQ(facts->family, key_family::okp);
    EXPECT_EQ(facts->algorithms, algorithm_set{algorithm::eddsa});
    EXPECT_EQ(facts->curve_nid, EVP_PKEY_get_base_id(k.get()));
    EXPECT_TRUE(facts->is_private);
    const auto pub = verifying_key::from_pem(tessera::test::spki_pem(k.get())).value();
    const auto pub_facts = inspect_key(pub.material().pkey(), {});
    ASSERT_TRUE(succeeds(pub_facts));
    EXPECT_FALSE(pub_facts->is_private);
  }
}

TEST(KeyFacts, RsaPssKeysServeOnlyPs) {
  // An RSA-PSS key (id-RSASSA-PSS, EVP_PKEY_RSA_PSS) with the fixed key's numbers.
  const auto rsa = tessera::test::fixed_rsa_key();
  std::vector<bn_ptr> keep;
  std::vector<std::pair<const char*, const BIGNUM*>> params;
  for (const char* name :
       {OSSL_PKEY_PARAM_RSA_N, OSSL_PKEY_PARAM_RSA_E, OSSL_PKEY_PARAM_RSA_D,
        OSSL_PKEY_PARAM_RSA_FACTOR1, OSSL_PKEY_PARAM_RSA_FACTOR2, OSSL_PKEY_PARAM_RSA_EXPONENT1,
        OSSL_PKEY_PARAM_RSA_EXPONENT2, OSSL_PKEY_PARAM_RSA_COEFFICIENT1}) {
    keep.push_back(bn_param(rsa.get(), name));
    params.emplace_back(name, keep.back().get());
  }
  const auto pss = rsa_from("RSA-PSS", params, EVP_PKEY_KEYPAIR);
  ASSERT_EQ(EVP_PKEY_get_base_id(pss.get()), EVP_PKEY_RSA_PSS);
  const auto facts = inspect_key(pss.get(), {});
  ASSERT_TRUE(succeeds(facts));
  EXPECT_EQ(facts->family, key_family::rsa_pss);
  const algorithm_set ps = {algorithm::ps256, algorithm::ps384, algorithm::ps512};
  EXPECT_EQ(facts->algorithms, ps);

  const auto pem = tessera::test::pkcs8_pem(pss.get());
  EXPECT_TRUE(
      fails_with(signing_key::from_pem(algorithm::rs256, pem), errc::key_not_for_algorithm));
  const auto key = signing_key::from_pem(algorithm::ps256, pem);
  ASSERT_TRUE(succeeds(key));
  const auto v = verifying_key::from_pem(tessera::test::spki_pem(pss.get()));
  ASSERT_TRUE(succeeds(v));
  EXPECT_EQ(v->algorithms(), ps);
  // What the RSA-PSS key signs, the plain RSA key with the same numbers verifies as PS256.
  const auto plain = verifying_key::from_pem(tessera::test::spki_pem(rsa.get())).value();
  std::array<std::byte, tessera::detail::max_signature_size> sig{};
  const auto size = key->material().sign(algorithm::ps256, "input", sig);
  ASSERT_TRUE(succeeds(size));
  EXPECT_TRUE(plain.material().verify(algorithm::ps256, "input", std::span(sig.data(), *size)));
  EXPECT_TRUE(v->material().verify(algorithm::ps256, "input", std::span(sig.data(), *size)));
}

TEST(KeyFacts, ServedAlgorithmsNarrowToOne) {
  const auto k = tessera::test::generate_ec("P-384");
  const auto facts = inspect_key(k.get(), {}).value();
  EXPECT_EQ(served_algorithms(facts, std::nullopt).value(), algorithm_set{algorithm::es384});
  EXPECT_EQ(served_algorithms(facts, algorithm::es384).value(), algorithm_set{algorithm::es384});
  EXPECT_TRUE(fails_with(served_algorithms(facts, algorithm::es256), errc::key_not_for_algorithm));
  EXPECT_TRUE(fails_with(served_algorithms(facts, algorithm::hs384), errc::key_not_for_algorithm));
}

// --- Refused keys. ---

TEST(KeyFacts, RsaUnder2048BitsIsTooSmallUnlessWeakKeysAreAllowed) {
  const auto weak = tessera::test::generate_rsa(1024);
  const auto pem = tessera::test::pkcs8_pem(weak.get());
  const auto spki = tessera::test::spki_pem(weak.get());
  EXPECT_TRUE(fails_with(signing_key::from_pem(algorithm::rs256, pem), errc::rsa_key_too_small));
  EXPECT_TRUE(fails_with(verifying_key::from_pem(spki), errc::rsa_key_too_small));
  EXPECT_TRUE(fails_with(verifying_key::from_pem(spki, algorithm::ps256), errc::rsa_key_too_small));
  const key_options weak_ok{.allow_weak_key = true};
  const auto s = signing_key::from_pem(algorithm::rs256, pem, weak_ok);
  ASSERT_TRUE(succeeds(s));
  const auto v = verifying_key::from_pem(spki, {}, weak_ok);
  ASSERT_TRUE(succeeds(v));
  EXPECT_EQ(v->algorithms(), rsa_algorithms);
  std::array<std::byte, tessera::detail::max_signature_size> sig{};
  const auto size = s->material().sign(algorithm::rs256, "input", sig);
  ASSERT_TRUE(succeeds(size));
  EXPECT_EQ(*size, 128u);
  EXPECT_TRUE(v->material().verify(algorithm::rs256, "input", std::span(sig.data(), *size)));

  // The boundary: 2047 bits is too small, 2048 is not.
  const auto e = bn_word(65537);
  for (const int bits : {2047, 2048}) {
    SCOPED_TRACE(bits);
    const auto k = rsa_public(random_modulus(bits).get(), e.get());
    const auto r = inspect_key(k.get(), {});
    if (bits < 2048) {
      EXPECT_TRUE(fails_with(r, errc::rsa_key_too_small));
      EXPECT_TRUE(succeeds(inspect_key(k.get(), weak_ok)));
    } else {
      EXPECT_TRUE(succeeds(r));
    }
  }
}

TEST(KeyFacts, RsaOver8192BitsIsUnsupported) {
  const auto e = bn_word(65537);
  const auto at_limit = rsa_public(random_modulus(8192).get(), e.get());
  EXPECT_TRUE(succeeds(inspect_key(at_limit.get(), {})));
  const auto over = rsa_public(random_modulus(8200).get(), e.get());
  EXPECT_TRUE(fails_with(inspect_key(over.get(), {}), errc::unsupported_key_type));
  EXPECT_TRUE(fails_with(verifying_key::load(bytes_of(tessera::test::spki_der(over.get()))),
                         errc::unsupported_key_type));
  // allow_weak_key is about small keys only.
  EXPECT_TRUE(
      fails_with(inspect_key(over.get(), {.allow_weak_key = true}), errc::unsupported_key_type));
}

TEST(KeyFacts, RsaExponentOneOrEvenIsInvalid) {
  const auto rsa = tessera::test::fixed_rsa_key();
  const auto n = bn_param(rsa.get(), OSSL_PKEY_PARAM_RSA_N);
  for (const unsigned long e_value : {1ul, 2ul, 65536ul}) {
    SCOPED_TRACE(e_value);
    const auto e = bn_word(e_value);
    const auto pub = rsa_public(n.get(), e.get());
    EXPECT_TRUE(fails_with(inspect_key(pub.get(), {}), errc::invalid_key_parameters));
    EXPECT_TRUE(
        fails_with(inspect_key(pub.get(), {.allow_weak_key = true}), errc::invalid_key_parameters));
    EXPECT_TRUE(fails_with(verifying_key::from_pem(tessera::test::spki_pem(pub.get())),
                           errc::invalid_key_parameters));
  }
  // A private key with e = 1 and d = 1 ("signing" is the identity) is refused as well; the CRT
  // members are the fixed key's primes with exponents reduced for e = 1.
  const auto one = bn_word(1);
  const auto p = bn_param(rsa.get(), OSSL_PKEY_PARAM_RSA_FACTOR1);
  const auto q = bn_param(rsa.get(), OSSL_PKEY_PARAM_RSA_FACTOR2);
  const auto qi = bn_param(rsa.get(), OSSL_PKEY_PARAM_RSA_COEFFICIENT1);
  const auto priv = rsa_from("RSA",
                             {{OSSL_PKEY_PARAM_RSA_N, n.get()},
                              {OSSL_PKEY_PARAM_RSA_E, one.get()},
                              {OSSL_PKEY_PARAM_RSA_D, one.get()},
                              {OSSL_PKEY_PARAM_RSA_FACTOR1, p.get()},
                              {OSSL_PKEY_PARAM_RSA_FACTOR2, q.get()},
                              {OSSL_PKEY_PARAM_RSA_EXPONENT1, one.get()},
                              {OSSL_PKEY_PARAM_RSA_EXPONENT2, one.get()},
                              {OSSL_PKEY_PARAM_RSA_COEFFICIENT1, qi.get()}},
                             EVP_PKEY_KEYPAIR);
  EXPECT_TRUE(fails_with(
      signing_key::load(algorithm::rs256, bytes_of(tessera::test::pkcs8_der(priv.get()))),
      errc::invalid_key_parameters));
  // e = 3 is a legitimate (if unusual) exponent.
  const auto three = bn_word(3);
  EXPECT_TRUE(succeeds(inspect_key(rsa_public(n.get(), three.get()).get(), {})));
}

TEST(KeyFacts, OtherKeyTypesAndCurvesAreUnsupported) {
  std::vector<std::pair<std::string, evp_key>> keys;
  for (const auto* type : {"X25519", "X448"}) {
    keys.emplace_back(type, tessera::test::generate_okp(type));
  }
  for (const auto* group : {"secp224r1", "brainpoolP256r1", "prime192v1"}) {
    keys.emplace_back(group, tessera::test::generate_ec(group));
  }
  {
    // DSA (small parameters keep the test fast; the type is refused whatever the size).
    std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> pctx(
        EVP_PKEY_CTX_new_from_name(nullptr, "DSA", nullptr), &EVP_PKEY_CTX_free);
    EVP_PKEY* params = nullptr;
    ASSERT_EQ(EVP_PKEY_paramgen_init(pctx.get()), 1);
    ASSERT_EQ(EVP_PKEY_CTX_set_dsa_paramgen_bits(pctx.get(), 1024), 1);
    ASSERT_EQ(EVP_PKEY_paramgen(pctx.get(), &params), 1);
    const evp_key param_key(params);
    std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> kctx(
        EVP_PKEY_CTX_new_from_pkey(nullptr, param_key.get(), nullptr), &EVP_PKEY_CTX_free);
    EVP_PKEY* dsa = nullptr;
    ASSERT_EQ(EVP_PKEY_keygen_init(kctx.get()), 1);
    ASSERT_EQ(EVP_PKEY_keygen(kctx.get(), &dsa), 1);
    keys.emplace_back("DSA", evp_key(dsa));
  }
  for (const auto& [name, k] : keys) {
    SCOPED_TRACE(name);
    EXPECT_TRUE(fails_with(inspect_key(k.get(), {}), errc::unsupported_key_type));
    EXPECT_TRUE(fails_with(verifying_key::from_pem(tessera::test::spki_pem(k.get())),
                           errc::unsupported_key_type));
    EXPECT_TRUE(fails_with(verifying_key::load(bytes_of(tessera::test::spki_der(k.get()))),
                           errc::unsupported_key_type));
    for (const auto a : {algorithm::rs256, algorithm::es256, algorithm::eddsa}) {
      EXPECT_TRUE(fails_with(signing_key::from_pem(a, tessera::test::pkcs8_pem(k.get())),
                             errc::unsupported_key_type));
    }
  }
}

// --- The binding a verifier enforces. ---

tessera::verify_options options_for(algorithm_set algorithms) {
  return {.algorithms = algorithms,
          .time_source = tessera::test::clock_at(tessera::test::default_now)};
}

constexpr std::string_view claims_json = R"({"sub":"binding"})";

std::string header_for(algorithm a) {
  return std::string(R"({"alg":")") + std::string(tessera::to_string(a)) + R"(","typ":"JWT"})";
}

TEST(KeyBinding, AnRsaKeyCannotVerifyEcdsaTokens) {
  const auto rsa = tessera::test::fixed_rsa_key();
  const auto ec = tessera::test::generate_ec("P-256");
  const auto rsa_key = verifying_key::from_pem(tessera::test::spki_pem(rsa.get())).value();
  EXPECT_TRUE(fails_with(tessera::verifier::create(rsa_key, options_for({algorithm::es256})),
                         errc::key_outside_allow_list));
  const auto v =
      tessera::verifier::create(rsa_key, options_for({algorithm::rs256, algorithm::es256}));
  ASSERT_TRUE(succeeds(v));
  const auto es_token = tessera::test::openssl_token(header_for(algorithm::es256), claims_json,
                                                     ec.get(), algorithm::es256);
  EXPECT_TRUE(fails_with(v->verify(es_token), errc::key_algorithm_mismatch));
  const auto rs_token = tessera::test::openssl_token(header_for(algorithm::rs256), claims_json,
                                                     rsa.get(), algorithm::rs256);
  EXPECT_TRUE(succeeds(v->verify(rs_token)));
}

TEST(KeyBinding, AP256KeyCannotServeEs384) {
  const auto p256 = tessera::test::generate_ec("P-256");
  const auto p384 = tessera::test::generate_ec("P-384");
  const auto spki = tessera::test::spki_pem(p256.get());
  EXPECT_TRUE(
      fails_with(verifying_key::from_pem(spki, algorithm::es384), errc::key_not_for_algorithm));
  EXPECT_TRUE(
      fails_with(signing_key::from_pem(algorithm::es384, tessera::test::pkcs8_pem(p256.get())),
                 errc::key_not_for_algorithm));
  const auto key = verifying_key::from_pem(spki).value();
  EXPECT_TRUE(fails_with(tessera::verifier::create(key, options_for({algorithm::es384})),
                         errc::key_outside_allow_list));
  const auto v =
      tessera::verifier::create(key, options_for({algorithm::es256, algorithm::es384})).value();
  const auto token = tessera::test::openssl_token(header_for(algorithm::es384), claims_json,
                                                  p384.get(), algorithm::es384);
  EXPECT_TRUE(fails_with(v.verify(token), errc::key_algorithm_mismatch));
}

TEST(KeyBinding, Ed25519AndEd448DoNotVerifyEachOther) {
  const auto ed25519 = tessera::test::generate_okp("ED25519");
  const auto ed448 = tessera::test::generate_okp("ED448");
  const auto v25519 = tessera::verifier::create(
                          verifying_key::from_pem(tessera::test::spki_pem(ed25519.get())).value(),
                          options_for({algorithm::eddsa}))
                          .value();
  const auto v448 = tessera::verifier::create(
                        verifying_key::from_pem(tessera::test::spki_pem(ed448.get())).value(),
                        options_for({algorithm::eddsa}))
                        .value();
  const auto t25519 = tessera::test::openssl_token(header_for(algorithm::eddsa), claims_json,
                                                   ed25519.get(), algorithm::eddsa);
  const auto t448 = tessera::test::openssl_token(header_for(algorithm::eddsa), claims_json,
                                                 ed448.get(), algorithm::eddsa);
  EXPECT_TRUE(succeeds(v25519.verify(t25519)));
  EXPECT_TRUE(succeeds(v448.verify(t448)));
  EXPECT_TRUE(fails_with(v25519.verify(t448), errc::invalid_signature));
  EXPECT_TRUE(fails_with(v448.verify(t25519), errc::invalid_signature));
}

TEST(KeyBinding, AKeyBoundToOneAlgorithmRefusesTheOthersOfItsType) {
  const auto rsa = tessera::test::fixed_rsa_key();
  const auto key =
      verifying_key::from_pem(tessera::test::spki_pem(rsa.get()), algorithm::ps256).value();
  const auto v = tessera::verifier::create(key, options_for(rsa_algorithms)).value();
  const auto ps256 = tessera::test::openssl_token(header_for(algorithm::ps256), claims_json,
                                                  rsa.get(), algorithm::ps256);
  const auto rs256 = tessera::test::openssl_token(header_for(algorithm::rs256), claims_json,
                                                  rsa.get(), algorithm::rs256);
  EXPECT_TRUE(succeeds(v.verify(ps256)));
  EXPECT_TRUE(fails_with(v.verify(rs256), errc::key_algorithm_mismatch));
}

}  // namespace
