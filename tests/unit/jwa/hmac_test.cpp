// HS256/HS384/HS512 with the precomputed key schedule (src/jwa/hmac.cpp), checked against
// RFC 4231 and against OpenSSL's one-shot HMAC() for key sizes around every block boundary.
#include "jwa/hmac.hpp"

#include <array>
#include <cstddef>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <tessera/error.hpp>

#include "support/assertions.hpp"
#include "support/bytes.hpp"
#include "support/tokens.hpp"

namespace {

using tessera::algorithm;
using tessera::errc;
using tessera::detail::make_hmac_material;
using tessera::detail::max_signature_size;
using tessera::test::bytes_of;
using tessera::test::hex_decode;
using tessera::test::hex_encode;

constexpr algorithm hs_algorithms[] = {algorithm::hs256, algorithm::hs384, algorithm::hs512};

std::string sign_hex(const tessera::detail::key_material& key, algorithm alg,
                     std::string_view input) {
  std::array<std::byte, max_signature_size> out{};
  const auto size = key.sign(alg, input, out);
  if (!size) {
    ADD_FAILURE() << "sign failed: " << tessera::test::describe(size.error());
    return {};
  }
  return hex_encode(std::span<const std::byte>(out.data(), *size));
}

struct rfc4231_case {
  std::vector<std::byte> key;
  std::string data;
  const char* hs256;
  const char* hs384;
  const char* hs512;
};

std::vector<rfc4231_case> rfc4231_cases() {
  return {
      {std::vector<std::byte>(20, std::byte{0x0b}), "Hi There",
       "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
       "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2"
       "fa9cb6",
       "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eae"
       "a3f4e4be9d914eeb61f1702e696c203a126854"},
      {tessera::test::byte_vector("Jefe"), "what do ya want for nothing?",
       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
       "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfa"
       "b21649",
       "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8"
       "f0e6fdcaeab1a34d4a6b4b636e070a38bce737"},
      // Test case 6: a 131-byte key, longer than every block, is hashed first.
      {std::vector<std::byte>(131, std::byte{0xaa}),
       "Test Using Larger Than Block-Size Key - Hash Key First",
       "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
       "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c60c2ef6ab4030fe8296248df163"
       "f44952",
       "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d"
       "6a1e5295e64f73f63f0aec8b915a985d786598"},
  };
}

TEST(Hmac, Rfc4231Vectors) {
  int index = 0;
  for (const auto& c : rfc4231_cases()) {
    SCOPED_TRACE(++index);
    const auto key = make_hmac_material(c.key);
    EXPECT_EQ(sign_hex(*key, algorithm::hs256, c.data), c.hs256);
    EXPECT_EQ(sign_hex(*key, algorithm::hs384, c.data), c.hs384);
    EXPECT_EQ(sign_hex(*key, algorithm::hs512, c.data), c.hs512);
    EXPECT_TRUE(key->verify(algorithm::hs256, c.data, hex_decode(c.hs256)));
    EXPECT_TRUE(key->verify(algorithm::hs384, c.data, hex_decode(c.hs384)));
    EXPECT_TRUE(key->verify(algorithm::hs512, c.data, hex_decode(c.hs512)));
    // A valid tag under one hash is not valid under another.
    EXPECT_FALSE(key->verify(algorithm::hs512, c.data, hex_decode(c.hs256)));
  }
}

TEST(Hmac, Rfc4231TruncatedTagIsNotAJwsSignature) {
  // RFC 4231 test case 5 gives HMAC-SHA-256 truncated to 128 bits. It is a correct prefix, but
  // a JWS signature must be the whole MAC.
  const std::vector<std::byte> key(20, std::byte{0x0c});
  const std::string data = "Test With Truncation";
  const auto material = make_hmac_material(key);
  const std::string full = sign_hex(*material, algorithm::hs256, data);
  EXPECT_EQ(full.substr(0, 32), "a3b6167473100ee06e0c796c2955552b");
  EXPECT_FALSE(
      material->verify(algorithm::hs256, data, hex_decode("a3b6167473100ee06e0c796c2955552b")));
}

TEST(Hmac, MatchesOpenSslForKeysAroundBlockBoundaries) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> byte(0, 255);
  constexpr std::size_t key_sizes[] = {0, 1, 31, 32, 47, 48, 63, 64, 65, 127, 128, 129, 200};
  constexpr std::size_t message_sizes[] = {0, 1, 55, 56, 64, 111, 112, 128, 1000};
  for (const std::size_t key_size : key_sizes) {
    std::string key(key_size, '\0');
    for (auto& ch : key) ch = static_cast<char>(byte(rng));
    const auto material = make_hmac_material(bytes_of(key));
    for (const std::size_t message_size : message_sizes) {
      std::string message(message_size, '\0');
      for (auto& ch : message) ch = static_cast<char>(byte(rng));
      for (const auto alg : hs_algorithms) {
        SCOPED_TRACE(::testing::Message() << "key " << key_size << ", message " << message_size
                                          << ", " << tessera::to_string(alg));
        const std::string reference = tessera::test::raw_hmac(alg, key, message);
        EXPECT_EQ(sign_hex(*material, alg, message), hex_encode(bytes_of(reference)));
        EXPECT_TRUE(material->verify(alg, message, bytes_of(reference)));
      }
    }
  }
}

TEST(Hmac, SignatureSizes) {
  const auto key = make_hmac_material(bytes_of(tessera::test::test_secret));
  std::array<std::byte, max_signature_size> out{};
  EXPECT_EQ(key->sign(algorithm::hs256, "x", out).value(), 32u);
  EXPECT_EQ(key->sign(algorithm::hs384, "x", out).value(), 48u);
  EXPECT_EQ(key->sign(algorithm::hs512, "x", out).value(), 64u);
}

TEST(Hmac, VerifyRejectsAlteredTags) {
  const auto key = make_hmac_material(bytes_of(tessera::test::test_secret));
  const std::string input = "header.payload";
  for (const auto alg : hs_algorithms) {
    SCOPED_TRACE(tessera::to_string(alg));
    const std::string tag = tessera::test::raw_hmac(alg, tessera::test::test_secret, input);
    ASSERT_TRUE(key->verify(alg, input, bytes_of(tag)));
    EXPECT_FALSE(key->verify(alg, input + " ", bytes_of(tag)));
    EXPECT_FALSE(key->verify(alg, input, {}));
    for (std::size_t cut : {std::size_t{1}, tag.size() / 2, tag.size() - 1}) {
      EXPECT_FALSE(key->verify(alg, input, bytes_of(std::string_view(tag).substr(0, cut))))
          << "truncated to " << cut;
    }
    EXPECT_FALSE(key->verify(alg, input, bytes_of(tag + '\0'))) << "extended by one byte";
    for (std::size_t bit = 0; bit < tag.size() * 8; bit += 7) {
      std::string flipped = tag;
      flipped[bit / 8] = static_cast<char>(flipped[bit / 8] ^ (1 << (bit % 8)));
      EXPECT_FALSE(key->verify(alg, input, bytes_of(flipped))) << "bit " << bit;
    }
  }
}

TEST(Hmac, NonHmacAlgorithmsAreRefused) {
  const auto key = make_hmac_material(bytes_of(tessera::test::test_secret));
  std::array<std::byte, max_signature_size> out{};
  for (const auto alg : {algorithm::rs256, algorithm::ps384, algorithm::es512, algorithm::eddsa}) {
    SCOPED_TRACE(tessera::to_string(alg));
    EXPECT_TRUE(tessera::test::fails_with(key->sign(alg, "x", out), errc::key_not_for_algorithm));
    EXPECT_FALSE(key->verify(alg, "x", std::span<const std::byte>(out.data(), 32)));
  }
}

TEST(Hmac, MinimumKeySizes) {
  EXPECT_EQ(tessera::detail::hmac_min_key_size(algorithm::hs256), 32u);
  EXPECT_EQ(tessera::detail::hmac_min_key_size(algorithm::hs384), 48u);
  EXPECT_EQ(tessera::detail::hmac_min_key_size(algorithm::hs512), 64u);
  EXPECT_EQ(tessera::detail::hmac_min_key_size(algorithm::rs256), 0u);
}

}  // namespace
