// Wycheproof HMAC-SHA-2 vectors (hmac_sha{256,384,512}_test.json) against the HMAC primitive and
// the HMAC key factories. The tests are MACs over raw `msg` bytes, so they go through
// key_material::sign / verify (src/jwa/hmac.hpp) rather than whole tokens.
#include <array>
#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <tessera/key.hpp>

#include "detail/key_material.hpp"
#include "jwa/hmac.hpp"
#include "support/assertions.hpp"
#include "support/bytes.hpp"
#include "support/vectors.hpp"

namespace {

using tessera::algorithm;
using tessera::errc;
using tessera::key_options;
using tessera::test::fails_with;
using tessera::test::hex_decode;
using tessera::test::succeeds;
using tessera::test::text_of;

struct hmac_file {
  const char* name;
  algorithm alg;
  std::size_t hash_bits;
};

// Names the parameter in test listings (gtest would print its bytes).
void PrintTo(const hmac_file& file, std::ostream* os) { *os << file.name; }

class WycheproofHmac : public ::testing::TestWithParam<hmac_file> {};

std::vector<std::byte> sign(const tessera::detail::key_material& key, algorithm alg,
                            std::string_view msg) {
  std::array<std::byte, tessera::detail::max_signature_size> out{};
  const auto size = key.sign(alg, msg, out);
  if (!size) {
    ADD_FAILURE() << "sign failed: " << tessera::test::describe(size.error());
    return {};
  }
  return {out.begin(), out.begin() + static_cast<std::ptrdiff_t>(*size)};
}

TEST_P(WycheproofHmac, EveryTest) {
  TESSERA_REQUIRE_VECTORS();
  const auto& file = GetParam();
  const auto doc = tessera::test::load_vector(std::string("wycheproof/") + file.name);
  const std::size_t hash_bytes = file.hash_bits / 8;

  std::size_t run = 0, full_valid = 0, full_invalid = 0, truncated = 0, short_keys = 0;
  for (const auto& group_value : doc.at("testGroups").as_array()) {
    const auto& group = group_value.as_object();
    const auto key_bits = static_cast<std::size_t>(group.at("keySize").to_number<std::int64_t>());
    const auto tag_bits = static_cast<std::size_t>(group.at("tagSize").to_number<std::int64_t>());
    const bool full_tag = tag_bits == file.hash_bits;
    for (const auto& test_value : group.at("tests").as_array()) {
      const auto& t = test_value.as_object();
      const auto tc_id = t.at("tcId").to_number<std::int64_t>();
      SCOPED_TRACE(::testing::Message() << file.name << " tcId " << tc_id << " (keySize "
                                        << key_bits << ", tagSize " << tag_bits << ")");
      const auto key = hex_decode(t.at("key").as_string());
      const auto msg_bytes = hex_decode(t.at("msg").as_string());
      const auto tag = hex_decode(t.at("tag").as_string());
      const std::string_view msg = text_of(msg_bytes);
      const bool valid = t.at("result").as_string() == "valid";
      ASSERT_TRUE(valid || t.at("result").as_string() == "invalid");
      ASSERT_EQ(key.size() * 8, key_bits);
      ASSERT_EQ(tag.size() * 8, tag_bits);
      ++run;

      // The primitive.
      const auto material = tessera::detail::make_hmac_material(key);
      const bool verified = material->verify(file.alg, msg, tag);
      if (full_tag) {
        EXPECT_EQ(verified, valid);
        EXPECT_EQ(sign(*material, file.alg, msg) == tag, valid);
        ++(valid ? full_valid : full_invalid);
      } else {
        // A truncated MAC is never a JWS signature, valid HMAC prefix or not.
        EXPECT_FALSE(verified);
        if (valid) {
          const auto full = sign(*material, file.alg, msg);
          ASSERT_EQ(full.size(), hash_bytes);
          EXPECT_TRUE(std::equal(tag.begin(), tag.end(), full.begin()));
        }
        ++truncated;
      }

      // The key factories: a key shorter than the hash needs the explicit opt-out.
      const key_options weak{.allow_weak_key = true};
      const bool short_key = key.size() < hash_bytes;
      if (short_key) {
        ++short_keys;
        EXPECT_TRUE(fails_with(tessera::signing_key::hmac(file.alg, key), errc::key_too_short));
        EXPECT_TRUE(fails_with(tessera::verifying_key::hmac(file.alg, key), errc::key_too_short));
        const auto any = tessera::verifying_key::hmac(key);
        EXPECT_FALSE(any && any->may_serve(file.alg));
      }
      const auto signer =
          tessera::signing_key::hmac(file.alg, key, short_key ? weak : key_options{});
      const auto checker =
          tessera::verifying_key::hmac(file.alg, key, short_key ? weak : key_options{});
      ASSERT_TRUE(succeeds(signer));
      ASSERT_TRUE(succeeds(checker));
      EXPECT_EQ(checker->material().verify(file.alg, msg, tag), full_tag && valid);
      if (full_tag) {
        EXPECT_EQ(sign(signer->material(), file.alg, msg) == tag, valid);
      }
    }
  }
  RecordProperty("tests_run", static_cast<int>(run));
  EXPECT_GT(run, 0u);
  EXPECT_EQ(run, static_cast<std::size_t>(doc.at("numberOfTests").to_number<std::int64_t>()));
  EXPECT_GT(full_valid, 0u);
  EXPECT_GT(full_invalid, 0u);
  EXPECT_GT(truncated, 0u);
  EXPECT_GT(short_keys, 0u);
}

INSTANTIATE_TEST_SUITE_P(
    Files, WycheproofHmac,
    ::testing::Values(hmac_file{"hmac_sha256_test.json", algorithm::hs256, 256},
                      hmac_file{"hmac_sha384_test.json", algorithm::hs384, 384},
                      hmac_file{"hmac_sha512_test.json", algorithm::hs512, 512}),
    [](const ::testing::TestParamInfo<hmac_file>& param_info) {
      return std::string(tessera::to_string(param_info.param.alg));
    });

}  // namespace
