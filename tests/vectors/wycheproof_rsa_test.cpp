// Wycheproof RSA PKCS#1 v1.5 signature vectors (rsa_signature_{2048,3072,4096}_sha{256,384,512})
// through the library's own verify path: each group's key from publicKeyDer with
// verifying_key::load (publicKeyPem and the group's JWK must give the same key), each test as
// key.material().verify(RS<sha>, msg, sig). "acceptable" tests (the legacy encodings without the
// NULL parameter, flag MissingNull) must be rejected, as the vectors README asks of a JWS verifier.
#include <cstddef>
#include <cstdint>
#include <iostream>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <tessera/error.hpp>
#include <tessera/jwk.hpp>
#include <tessera/key.hpp>

#include "detail/key_material.hpp"
#include "support/assertions.hpp"
#include "support/bytes.hpp"
#include "support/vectors.hpp"

namespace {

using tessera::algorithm;
using tessera::errc;
using tessera::verifying_key;
using tessera::test::describe;
using tessera::test::hex_decode;
using tessera::test::text_of;

struct rsa_file {
  const char* name;
  int bits;
  algorithm alg;  // RS<sha>
  algorithm pss;  // PS<sha>: the same hash under the other padding
};

void PrintTo(const rsa_file& f, std::ostream* os) { *os << f.name; }

const rsa_file files[] = {
    {"rsa_signature_2048_sha256_test.json", 2048, algorithm::rs256, algorithm::ps256},
    {"rsa_signature_2048_sha384_test.json", 2048, algorithm::rs384, algorithm::ps384},
    {"rsa_signature_2048_sha512_test.json", 2048, algorithm::rs512, algorithm::ps512},
    {"rsa_signature_3072_sha256_test.json", 3072, algorithm::rs256, algorithm::ps256},
    {"rsa_signature_3072_sha384_test.json", 3072, algorithm::rs384, algorithm::ps384},
    {"rsa_signature_3072_sha512_test.json", 3072, algorithm::rs512, algorithm::ps512},
    {"rsa_signature_4096_sha256_test.json", 4096, algorithm::rs256, algorithm::ps256},
    {"rsa_signature_4096_sha384_test.json", 4096, algorithm::rs384, algorithm::ps384},
    {"rsa_signature_4096_sha512_test.json", 4096, algorithm::rs512, algorithm::ps512},
};

// Keys the library refuses (file:modulus prefix -> code). None: every key is at least 2048 bits
// with an odd exponent above 1 (65537, or 3 in the SmallPublicKey groups).
const std::map<std::string, errc> refused_keys = {};

const std::map<std::string, algorithm> sha_to_alg = {
    {"SHA-256", algorithm::rs256}, {"SHA-384", algorithm::rs384}, {"SHA-512", algorithm::rs512}};

std::string flags_of(const boost::json::value& t) {
  std::string out;
  for (const auto& f : t.at("flags").as_array()) {
    if (!out.empty()) out += ",";
    out += std::string(f.as_string());
  }
  return out;
}

// OpenSSL used directly (not the library): RSASSA-PSS with MGF1 of the same hash and the given
// salt length (RSA_PSS_SALTLEN_DIGEST as JWA fixes it, or RSA_PSS_SALTLEN_AUTO).
bool openssl_pss_verify(const std::vector<std::byte>& spki_der, algorithm alg,
                        const std::vector<std::byte>& msg, const std::vector<std::byte>& sig,
                        int salt) {
  const auto* p = reinterpret_cast<const unsigned char*>(spki_der.data());
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> pkey(
      d2i_PUBKEY(nullptr, &p, static_cast<long>(spki_der.size())), &EVP_PKEY_free);
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  const EVP_MD* md = alg == algorithm::ps256   ? EVP_sha256()
                     : alg == algorithm::ps384 ? EVP_sha384()
                                               : EVP_sha512();
  EVP_PKEY_CTX* pctx = nullptr;
  if (!pkey || EVP_DigestVerifyInit(ctx.get(), &pctx, md, nullptr, pkey.get()) != 1 ||
      EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
      EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, salt) != 1 ||
      EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, md) != 1) {
    ADD_FAILURE() << "OpenSSL PSS set-up";
    return false;
  }
  const bool ok =
      EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                       reinterpret_cast<const unsigned char*>(msg.data()), msg.size()) == 1;
  ERR_clear_error();
  return ok;
}

class WycheproofRsa : public ::testing::TestWithParam<rsa_file> {};

TEST_P(WycheproofRsa, EveryTest) {
  TESSERA_REQUIRE_VECTORS();
  const auto& file = GetParam();
  const auto doc = tessera::test::load_vector(std::string("wycheproof/") + file.name);
  const tessera::algorithm_set rsa_algorithms = {algorithm::rs256, algorithm::rs384,
                                                 algorithm::rs512, algorithm::ps256,
                                                 algorithm::ps384, algorithm::ps512};

  std::size_t total = 0, run = 0, accepted = 0, rejected = 0, acceptable_rejected = 0;
  std::size_t excluded = 0, pss_accepted = 0, pss_other_salt_rejected = 0;
  for (const auto& group_value : doc.at("testGroups").as_array()) {
    const auto& group = group_value.as_object();
    const auto& tests = group.at("tests").as_array();
    total += tests.size();
    ASSERT_EQ(group.at("keySize").as_int64(), file.bits);
    ASSERT_EQ(sha_to_alg.at(std::string(group.at("sha").as_string())), file.alg);
    const std::string modulus(group.at("publicKey").at("modulus").as_string());
    const std::string exponent(group.at("publicKey").at("publicExponent").as_string());
    SCOPED_TRACE(::testing::Message()
                 << file.name << " e=" << exponent << " n=" << modulus.substr(0, 16));

    const auto der = hex_decode(group.at("publicKeyDer").as_string());
    const auto key = verifying_key::load(der);
    if (!key) {
      const auto listed = refused_keys.find(std::string(file.name) + ":" + modulus.substr(0, 16));
      ASSERT_NE(listed, refused_keys.end()) << "key refused: " << describe(key.error());
      EXPECT_EQ(key.error(), listed->second) << describe(key.error());
      for (const auto& t : tests) {
        ++excluded;
        std::cout << "[ excluded ] " << file.name << " tcId " << t.at("tcId").as_int64() << " ("
                  << t.at("result").as_string() << "): key refused with " << describe(key.error())
                  << "\n";
      }
      continue;
    }
    EXPECT_EQ(key->algorithms(), rsa_algorithms);
    const auto from_pem =
        verifying_key::from_pem(std::string_view(group.at("publicKeyPem").as_string()));
    ASSERT_TRUE(tessera::test::succeeds(from_pem));
    EXPECT_EQ(from_pem->to_pem().value(), key->to_pem().value());
    // The group's JWK ("keyJwk": n, e, and "alg" RS<sha>) imports to the same key, bound to alg.
    const auto from_jwk = tessera::jwk::from_json(group.at("keyJwk").as_object());
    ASSERT_TRUE(tessera::test::succeeds(from_jwk));
    EXPECT_EQ(from_jwk->alg(), file.alg);
    const auto jwk_key = from_jwk->verifying().value();
    EXPECT_EQ(jwk_key.to_pem().value(), key->to_pem().value());

    for (const auto& test_value : tests) {
      const auto& t = test_value.as_object();
      const auto tc_id = t.at("tcId").as_int64();
      const std::string result(t.at("result").as_string());
      SCOPED_TRACE(::testing::Message() << "tcId " << tc_id << " (" << t.at("comment").as_string()
                                        << "; " << flags_of(test_value) << ") " << result);
      const auto msg = hex_decode(t.at("msg").as_string());
      const auto sig = hex_decode(t.at("sig").as_string());
      const bool verified = key->material().verify(file.alg, text_of(msg), sig);
      ++run;
      if (result == "valid") {
        EXPECT_TRUE(verified);
        ++accepted;
      } else if (result == "acceptable") {
        // Only the MissingNull legacy encoding is "acceptable" here; a JWS verifier rejects it.
        EXPECT_EQ(flags_of(test_value), "MissingNull");
        EXPECT_FALSE(verified);
        ++acceptable_rejected;
      } else {
        ASSERT_EQ(result, "invalid");
        EXPECT_FALSE(verified);
        ++rejected;
      }
      EXPECT_EQ(jwk_key.material().verify(file.alg, text_of(msg), sig), verified);
      // The other padding of the same hash. The WrongPrimitive tests include genuine RSASSA-PSS
      // signatures with salts of 0, 20, 32, 48 and 64 octets: as PS<sha> the library must accept
      // exactly the one whose salt is the hash length, which OpenSSL used directly with JWA's
      // parameters tells apart (and OpenSSL's default, a salt length read from the signature,
      // would accept them all).
      const bool as_pss = key->material().verify(file.pss, text_of(msg), sig);
      EXPECT_EQ(as_pss, openssl_pss_verify(der, file.pss, msg, sig, RSA_PSS_SALTLEN_DIGEST));
      if (as_pss) ++pss_accepted;
      if (!as_pss && openssl_pss_verify(der, file.pss, msg, sig, RSA_PSS_SALTLEN_AUTO)) {
        ++pss_other_salt_rejected;
      }
    }
  }
  EXPECT_EQ(total, static_cast<std::size_t>(doc.at("numberOfTests").as_int64()));
  EXPECT_EQ(total, run + excluded);
  EXPECT_GT(run, 0u);
  EXPECT_GT(accepted, 0u);
  EXPECT_GT(rejected, 0u);
  EXPECT_EQ(acceptable_rejected, 1u);
  EXPECT_EQ(pss_accepted, 1u);
  EXPECT_GE(pss_other_salt_rejected, 2u);
  RecordProperty("tests_run", static_cast<int>(run));
  std::cout << "[ wycheproof ] " << file.name << ": " << run << " tests run (" << accepted
            << " valid verified, " << rejected << " invalid and " << acceptable_rejected
            << " acceptable rejected; as PS: " << pss_accepted << " PSS signature verified, "
            << pss_other_salt_rejected << " with other salt lengths rejected), " << excluded
            << " excluded\n";
}

INSTANTIATE_TEST_SUITE_P(Files, WycheproofRsa, ::testing::ValuesIn(files),
                         [](const auto& param_info) {
                           return std::string(tessera::to_string(param_info.param.alg)) + "_" +
                                  std::to_string(param_info.param.bits);
                         });

}  // namespace
