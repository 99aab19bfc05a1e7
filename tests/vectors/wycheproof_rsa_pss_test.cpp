// Wycheproof RSASSA-PSS vectors (rsa_pss_*_test.json, rsa_pss_misc_test.json) through the
// library's own verify path. JWA fixes PS256/384/512 to MGF1 with the message hash and a salt as
// long as the hash (RFC 7518 section 3.5), so every test is checked under each of PS256, PS384
// and PS512: it must verify exactly when its group's (sha, mgfSha, sLen) are that algorithm's
// parameters and the test is "valid". Every entry with other parameters (the salt-0 file, and
// most of rsa_pss_misc) is a negative case, though "valid" for generic PSS.
#include <cstddef>
#include <cstdint>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
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

struct pss_params {
  algorithm alg;
  const char* sha;
  std::int64_t salt;
};

constexpr pss_params jwa_pss[] = {
    {algorithm::ps256, "SHA-256", 32},
    {algorithm::ps384, "SHA-384", 48},
    {algorithm::ps512, "SHA-512", 64},
};

struct pss_file {
  const char* name;
  std::optional<algorithm> matches;  // the PS algorithm whose parameters the file has, if any
  const char* label;
};

void PrintTo(const pss_file& f, std::ostream* os) { *os << f.name; }

const pss_file files[] = {
    {"rsa_pss_2048_sha256_mgf1_0_test.json", std::nullopt, "sha256_mgf1_0_2048"},
    {"rsa_pss_2048_sha256_mgf1_32_test.json", algorithm::ps256, "PS256_2048"},
    {"rsa_pss_3072_sha256_mgf1_32_test.json", algorithm::ps256, "PS256_3072"},
    {"rsa_pss_4096_sha256_mgf1_32_test.json", algorithm::ps256, "PS256_4096"},
    {"rsa_pss_2048_sha384_mgf1_48_test.json", algorithm::ps384, "PS384_2048"},
    {"rsa_pss_4096_sha384_mgf1_48_test.json", algorithm::ps384, "PS384_4096"},
    {"rsa_pss_4096_sha512_mgf1_64_test.json", algorithm::ps512, "PS512_4096"},
    {"rsa_pss_misc_test.json", std::nullopt, "misc"},
};

// Tests whose signature, whatever its group says, was made with exactly one PS algorithm's
// parameters: that algorithm must verify it (and OpenSSL, used directly with those parameters,
// confirms it), though the test is "invalid" for its group's.
struct cross_parameter_case {
  const char* file;
  std::int64_t tc_id;
  algorithm alg;
  const char* reason;
};
const cross_parameter_case cross_parameter_cases[] = {
    {"rsa_pss_2048_sha256_mgf1_0_test.json", 69, algorithm::ps256,
     "\"s_len changed to 32\": invalid for sLen 0, but SHA-256 / MGF1-SHA-256 / sLen 32 is PS256"},
};

const cross_parameter_case* cross_parameter(std::string_view file, std::int64_t tc_id) {
  for (const auto& c : cross_parameter_cases) {
    if (c.file == file && c.tc_id == tc_id) return &c;
  }
  return nullptr;
}

// OpenSSL used directly (not the library): RSASSA-PSS with JWA's parameters for `alg`.
bool openssl_jwa_pss_verify(const std::vector<std::byte>& spki_der, algorithm alg,
                            const std::vector<std::byte>& msg, const std::vector<std::byte>& sig) {
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
      EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) != 1 ||
      EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, md) != 1) {
    return false;
  }
  const bool ok =
      EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                       reinterpret_cast<const unsigned char*>(msg.data()), msg.size()) == 1;
  ERR_clear_error();
  return ok;
}

// Keys the library refuses (file:modulus prefix -> code). None: all are 2048-4096 bits, e = 65537.
const std::map<std::string, errc> refused_keys = {};

std::string flags_of(const boost::json::value& t) {
  std::string out;
  for (const auto& f : t.at("flags").as_array()) {
    if (!out.empty()) out += ",";
    out += std::string(f.as_string());
  }
  return out;
}

class WycheproofRsaPss : public ::testing::TestWithParam<pss_file> {};

TEST_P(WycheproofRsaPss, EveryTestUnderEveryPsAlgorithm) {
  TESSERA_REQUIRE_VECTORS();
  const auto& file = GetParam();
  const auto doc = tessera::test::load_vector(std::string("wycheproof/") + file.name);

  std::size_t total = 0, run = 0, excluded = 0, matching_groups = 0;
  std::size_t verified = 0, matching_rejected = 0, other_parameters_rejected = 0;
  std::size_t valid_for_generic_pss_rejected = 0, cross_parameter_seen = 0;
  for (const auto& group_value : doc.at("testGroups").as_array()) {
    const auto& group = group_value.as_object();
    const auto& tests = group.at("tests").as_array();
    total += tests.size();
    const std::string sha(group.at("sha").as_string());
    const std::string mgf_sha(group.at("mgfSha").as_string());
    const auto salt = group.at("sLen").as_int64();
    ASSERT_EQ(group.at("mgf").as_string(), "MGF1");
    const std::string modulus(group.at("publicKey").at("modulus").as_string());
    SCOPED_TRACE(::testing::Message()
                 << file.name << " sha " << sha << ", MGF1 " << mgf_sha << ", sLen " << salt);

    // The PS algorithm these parameters are, if any.
    std::optional<algorithm> group_alg;
    for (const auto& p : jwa_pss) {
      if (sha == p.sha && mgf_sha == p.sha && salt == p.salt) group_alg = p.alg;
    }
    if (group_alg) ++matching_groups;
    if (file.matches) {
      ASSERT_EQ(group_alg, file.matches);
    } else if (std::string_view(file.name) != "rsa_pss_misc_test.json") {
      ASSERT_EQ(group_alg, std::nullopt);
    }

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
    const auto from_pem =
        verifying_key::from_pem(std::string_view(group.at("publicKeyPem").as_string()));
    ASSERT_TRUE(tessera::test::succeeds(from_pem));
    EXPECT_EQ(from_pem->to_pem().value(), key->to_pem().value());
    std::optional<verifying_key> jwk_key;
    if (const auto* jwk = group.if_contains("publicKeyJwk")) {
      const auto imported = tessera::jwk::from_json(jwk->as_object());
      ASSERT_TRUE(tessera::test::succeeds(imported));
      EXPECT_EQ(imported->alg(), group_alg);
      jwk_key = imported->verifying().value();
    }

    for (const auto& test_value : tests) {
      const auto& t = test_value.as_object();
      const auto tc_id = t.at("tcId").as_int64();
      const std::string result(t.at("result").as_string());
      SCOPED_TRACE(::testing::Message() << "tcId " << tc_id << " (" << t.at("comment").as_string()
                                        << "; " << flags_of(test_value) << ") " << result);
      ASSERT_TRUE(result == "valid" || result == "invalid") << "unexpected result " << result;
      const auto msg = hex_decode(t.at("msg").as_string());
      const auto sig = hex_decode(t.at("sig").as_string());
      ++run;
      const auto* special = cross_parameter(file.name, tc_id);
      if (special != nullptr) {
        ++cross_parameter_seen;
        std::cout << "[ special  ] " << file.name << " tcId " << tc_id << ": verifies as "
                  << tessera::to_string(special->alg) << ": " << special->reason << "\n";
        EXPECT_TRUE(openssl_jwa_pss_verify(der, special->alg, msg, sig));
      }
      for (const auto& p : jwa_pss) {
        const bool expected = (result == "valid" && group_alg == p.alg) ||
                              (special != nullptr && special->alg == p.alg);
        const bool ok = key->material().verify(p.alg, text_of(msg), sig);
        EXPECT_EQ(ok, expected) << "as " << tessera::to_string(p.alg);
        if (ok) ++verified;
        if (!ok && group_alg == p.alg) ++matching_rejected;
        if (!ok && group_alg != p.alg) ++other_parameters_rejected;
        if (!ok && group_alg != p.alg && result == "valid" && !group_alg) {
          ++valid_for_generic_pss_rejected;
        }
      }
      if (jwk_key && group_alg) {
        EXPECT_EQ(jwk_key->material().verify(*group_alg, text_of(msg), sig), result == "valid");
      }
    }
  }
  EXPECT_EQ(total, static_cast<std::size_t>(doc.at("numberOfTests").as_int64()));
  EXPECT_EQ(total, run + excluded);
  EXPECT_GT(run, 0u);
  // Each signature is also tried under the PS algorithms whose parameters it does not use.
  EXPECT_GT(other_parameters_rejected, 0u);
  std::size_t cross_parameter_listed = 0;
  for (const auto& c : cross_parameter_cases) {
    if (std::string_view(c.file) == file.name) ++cross_parameter_listed;
  }
  EXPECT_EQ(cross_parameter_seen, cross_parameter_listed);
  if (file.matches) {
    EXPECT_GT(verified, 0u);
    EXPECT_GT(matching_rejected, 0u);
  } else if (std::string_view(file.name) == "rsa_pss_misc_test.json") {
    // The three groups with JWA's own parameters verify; the 147 others are negative cases.
    EXPECT_EQ(matching_groups, 3u);
    EXPECT_GT(verified, 0u);
    EXPECT_GT(valid_for_generic_pss_rejected, 0u);
  } else {
    EXPECT_EQ(verified, cross_parameter_listed);
    EXPECT_GT(valid_for_generic_pss_rejected, 0u);
  }
  RecordProperty("tests_run", static_cast<int>(run));
  std::cout << "[ wycheproof ] " << file.name << ": " << run << " tests run x PS256/384/512 ("
            << matching_groups << " groups with JWA parameters; " << verified << " verified, "
            << matching_rejected << " rejected under their own algorithm, "
            << valid_for_generic_pss_rejected
            << " verifications of generic-PSS-valid signatures with other parameters rejected), "
            << excluded << " excluded\n";
}

INSTANTIATE_TEST_SUITE_P(Files, WycheproofRsaPss, ::testing::ValuesIn(files),
                         [](const auto& param_info) {
                           return std::string(param_info.param.label);
                         });

}  // namespace
