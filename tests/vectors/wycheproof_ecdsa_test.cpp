// Wycheproof ECDSA P1363 vectors (ecdsa_secp{256r1,384r1,521r1,256k1}_sha*_p1363_test.json)
// through the library's own verify path: each group's key is read with verifying_key::load from
// its publicKeyDer (and from publicKeyPem and publicKeyJwk, which must give the same key), and
// each test is key.material().verify(alg, msg, sig) over the raw msg bytes. P1363 (fixed-width
// R || S) is exactly the JWS encoding, so "valid" must verify and "invalid" must not.
#include <cstddef>
#include <cstdint>
#include <iostream>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

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

struct ecdsa_file {
  const char* name;
  algorithm alg;
  const char* curve;  // the file's publicKey.curve
  std::size_t signature_size;
};

void PrintTo(const ecdsa_file& f, std::ostream* os) { *os << f.name; }

const ecdsa_file files[] = {
    {"ecdsa_secp256r1_sha256_p1363_test.json", algorithm::es256, "secp256r1", 64},
    {"ecdsa_secp384r1_sha384_p1363_test.json", algorithm::es384, "secp384r1", 96},
    {"ecdsa_secp521r1_sha512_p1363_test.json", algorithm::es512, "secp521r1", 132},
    {"ecdsa_secp256k1_sha256_p1363_test.json", algorithm::es256k, "secp256k1", 64},
};

// Keys the library refuses, by file and the group's publicKey.uncompressed, with the code it must
// give. None: every Wycheproof ECDSA key is a valid point on a supported curve.
const std::map<std::string, errc> refused_keys = {};

std::string flags_of(const boost::json::value& t) {
  std::string out;
  for (const auto& f : t.at("flags").as_array()) {
    if (!out.empty()) out += ",";
    out += std::string(f.as_string());
  }
  return out;
}

class WycheproofEcdsa : public ::testing::TestWithParam<ecdsa_file> {};

TEST_P(WycheproofEcdsa, EveryTest) {
  TESSERA_REQUIRE_VECTORS();
  const auto& file = GetParam();
  const auto doc = tessera::test::load_vector(std::string("wycheproof/") + file.name);

  std::size_t total = 0, run = 0, accepted = 0, rejected = 0, excluded = 0, groups = 0;
  for (const auto& group_value : doc.at("testGroups").as_array()) {
    const auto& group = group_value.as_object();
    const auto& tests = group.at("tests").as_array();
    total += tests.size();
    ++groups;
    ASSERT_EQ(group.at("publicKey").at("curve").as_string(), file.curve);
    const std::string point(group.at("publicKey").at("uncompressed").as_string());
    SCOPED_TRACE(::testing::Message() << file.name << " key " << point.substr(0, 24) << "...");

    const auto der = hex_decode(group.at("publicKeyDer").as_string());
    const auto key = verifying_key::load(der);
    if (!key) {
      // A refused key must be listed, with its code; its tests are excluded and said so.
      const auto listed = refused_keys.find(std::string(file.name) + ":" + point);
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
    EXPECT_EQ(key->algorithms(), tessera::algorithm_set{file.alg});
    // The same key from the PEM and from the JWK.
    const auto from_pem =
        verifying_key::from_pem(std::string_view(group.at("publicKeyPem").as_string()));
    ASSERT_TRUE(tessera::test::succeeds(from_pem));
    EXPECT_EQ(from_pem->to_pem().value(), key->to_pem().value());
    const auto from_jwk = tessera::jwk::from_json(group.at("publicKeyJwk").as_object());
    ASSERT_TRUE(tessera::test::succeeds(from_jwk));
    const auto jwk_key = from_jwk->verifying();
    ASSERT_TRUE(tessera::test::succeeds(jwk_key));
    EXPECT_EQ(jwk_key->to_pem().value(), key->to_pem().value());

    for (const auto& test_value : tests) {
      const auto& t = test_value.as_object();
      const auto tc_id = t.at("tcId").as_int64();
      const std::string result(t.at("result").as_string());
      SCOPED_TRACE(::testing::Message() << "tcId " << tc_id << " (" << t.at("comment").as_string()
                                        << "; " << flags_of(test_value) << ") " << result);
      ASSERT_TRUE(result == "valid" || result == "invalid") << "unexpected result " << result;
      const auto msg = hex_decode(t.at("msg").as_string());
      const auto sig = hex_decode(t.at("sig").as_string());
      const bool verified = key->material().verify(file.alg, text_of(msg), sig);
      EXPECT_EQ(verified, result == "valid") << "sig " << t.at("sig").as_string();
      // The JWK-imported key agrees.
      EXPECT_EQ(jwk_key->material().verify(file.alg, text_of(msg), sig), verified);
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
  std::cout << "[ wycheproof ] " << file.name << ": " << run << " tests run in " << groups
            << " groups (" << accepted << " valid verified, " << rejected << " invalid rejected), "
            << excluded << " excluded\n";
}

INSTANTIATE_TEST_SUITE_P(Files, WycheproofEcdsa, ::testing::ValuesIn(files),
                         [](const auto& param_info) {
                           return std::string(tessera::to_string(param_info.param.alg));
                         });

}  // namespace
