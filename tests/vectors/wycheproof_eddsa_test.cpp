// Wycheproof EdDSA vectors (ed25519_test.json, ed448_test.json) through the library's own verify
// path: each group's key from publicKeyDer with verifying_key::load (publicKeyPem and
// publicKeyJwk must give the same key), each test as key.material().verify(EdDSA, msg, sig).
#include <cstddef>
#include <cstdint>
#include <iostream>
#include <map>
#include <ostream>
#include <string>

#include <gtest/gtest.h>
#include <openssl/evp.h>

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

struct eddsa_file {
  const char* name;
  const char* curve;
  int pkey_type;
  std::size_t key_size;
  std::size_t signature_size;
  const char* label;
};

void PrintTo(const eddsa_file& f, std::ostream* os) { *os << f.name; }

const eddsa_file files[] = {
    {"ed25519_test.json", "edwards25519", EVP_PKEY_ED25519, 32, 64, "Ed25519"},
    {"ed448_test.json", "edwards448", EVP_PKEY_ED448, 57, 114, "Ed448"},
};

// Keys the library refuses (file:pk -> code). None.
const std::map<std::string, errc> refused_keys = {};

std::string flags_of(const boost::json::value& t) {
  std::string out;
  for (const auto& f : t.at("flags").as_array()) {
    if (!out.empty()) out += ",";
    out += std::string(f.as_string());
  }
  return out;
}

class WycheproofEddsa : public ::testing::TestWithParam<eddsa_file> {};

TEST_P(WycheproofEddsa, EveryTest) {
  TESSERA_REQUIRE_VECTORS();
  const auto& file = GetParam();
  const auto doc = tessera::test::load_vector(std::string("wycheproof/") + file.name);

  std::size_t total = 0, run = 0, accepted = 0, rejected = 0, excluded = 0;
  for (const auto& group_value : doc.at("testGroups").as_array()) {
    const auto& group = group_value.as_object();
    const auto& tests = group.at("tests").as_array();
    total += tests.size();
    ASSERT_EQ(group.at("publicKey").at("curve").as_string(), file.curve);
    const std::string pk(group.at("publicKey").at("pk").as_string());
    ASSERT_EQ(pk.size(), 2 * file.key_size);
    SCOPED_TRACE(::testing::Message() << file.name << " pk " << pk);

    const auto key = verifying_key::load(hex_decode(group.at("publicKeyDer").as_string()));
    if (!key) {
      const auto listed = refused_keys.find(std::string(file.name) + ":" + pk);
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
    EXPECT_EQ(key->algorithms(), tessera::algorithm_set{algorithm::eddsa});
    EXPECT_EQ(EVP_PKEY_get_base_id(key->material().pkey()), file.pkey_type);
    const auto from_pem =
        verifying_key::from_pem(std::string_view(group.at("publicKeyPem").as_string()));
    ASSERT_TRUE(tessera::test::succeeds(from_pem));
    EXPECT_EQ(from_pem->to_pem().value(), key->to_pem().value());
    const auto from_jwk = tessera::jwk::from_json(group.at("publicKeyJwk").as_object());
    ASSERT_TRUE(tessera::test::succeeds(from_jwk));
    const auto jwk_key = from_jwk->verifying().value();
    EXPECT_EQ(jwk_key.to_pem().value(), key->to_pem().value());

    for (const auto& test_value : tests) {
      const auto& t = test_value.as_object();
      const auto tc_id = t.at("tcId").as_int64();
      const std::string result(t.at("result").as_string());
      SCOPED_TRACE(::testing::Message() << "tcId " << tc_id << " (" << t.at("comment").as_string()
                                        << "; " << flags_of(test_value) << ") " << result);
      ASSERT_TRUE(result == "valid" || result == "invalid") << "unexpected result " << result;
      const auto msg = hex_decode(t.at("msg").as_string());
      const auto sig = hex_decode(t.at("sig").as_string());
      const bool verified = key->material().verify(algorithm::eddsa, text_of(msg), sig);
      EXPECT_EQ(verified, result == "valid") << "sig " << t.at("sig").as_string();
      EXPECT_EQ(jwk_key.material().verify(algorithm::eddsa, text_of(msg), sig), verified);
      if (verified) {
        EXPECT_EQ(sig.size(), file.signature_size);
        ++accepted;
      } else {
        ++rejected;
      }
      ++run;
    }
  }
  EXPECT_EQ(total, static_cast<std::size_t>(doc.at("numberOfTests").as_int64()));
  EXPECT_EQ(total, run + excluded);
  EXPECT_GT(run, 0u);
  EXPECT_GT(accepted, 0u);
  EXPECT_GT(rejected, 0u);
  RecordProperty("tests_run", static_cast<int>(run));
  std::cout << "[ wycheproof ] " << file.name << ": " << run << " tests run (" << accepted
            << " valid verified, " << rejected << " invalid rejected), " << excluded
            << " excluded\n";
}

INSTANTIATE_TEST_SUITE_P(Files, WycheproofEddsa, ::testing::ValuesIn(files),
                         [](const auto& param_info) {
                           return std::string(param_info.param.label);
                         });

}  // namespace
