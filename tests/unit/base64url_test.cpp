// base64url exactly as RFC 7515 section 2: URL-safe alphabet, no padding, canonical last char.
#include <tessera/base64url.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include "support/assertions.hpp"
#include "support/bytes.hpp"

namespace {

using tessera::errc;
using tessera::test::bytes_of;
using tessera::test::fails_with;

// An independent reference: OpenSSL's standard base64, made URL-safe and unpadded.
std::string reference_encode(const std::vector<std::byte>& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  while (!out.empty() && out.back() == '=') out.pop_back();
  std::replace(out.begin(), out.end(), '+', '-');
  std::replace(out.begin(), out.end(), '/', '_');
  return out;
}

TEST(Base64url, Rfc4648Vectors) {
  EXPECT_EQ(tessera::base64url_encode(""), "");
  EXPECT_EQ(tessera::base64url_encode("f"), "Zg");
  EXPECT_EQ(tessera::base64url_encode("fo"), "Zm8");
  EXPECT_EQ(tessera::base64url_encode("foo"), "Zm9v");
  EXPECT_EQ(tessera::base64url_encode("foob"), "Zm9vYg");
  EXPECT_EQ(tessera::base64url_encode("fooba"), "Zm9vYmE");
  EXPECT_EQ(tessera::base64url_encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(tessera::base64url_decode_to_string("Zm9vYmFy").value(), "foobar");
  EXPECT_EQ(tessera::base64url_decode_to_string("Zm9vYmE").value(), "fooba");
  EXPECT_EQ(tessera::base64url_decode_to_string("").value(), "");
}

TEST(Base64url, UsesTheUrlSafeAlphabet) {
  const std::array<std::byte, 2> bytes = {std::byte{0xfb}, std::byte{0xff}};
  EXPECT_EQ(tessera::base64url_encode(bytes), "-_8");  // standard base64: "+/8="
  const auto decoded = tessera::base64url_decode(std::string_view("-_8"));
  ASSERT_TRUE(tessera::test::succeeds(decoded));
  EXPECT_EQ(*decoded, std::vector<std::byte>(bytes.begin(), bytes.end()));
}

TEST(Base64url, SizeFunctions) {
  EXPECT_EQ(tessera::base64url_encoded_size(0), 0u);
  EXPECT_EQ(tessera::base64url_encoded_size(1), 2u);
  EXPECT_EQ(tessera::base64url_encoded_size(2), 3u);
  EXPECT_EQ(tessera::base64url_encoded_size(3), 4u);
  EXPECT_EQ(tessera::base64url_encoded_size(32), 43u);
  EXPECT_EQ(tessera::base64url_encoded_size(64), 86u);
  EXPECT_EQ(tessera::base64url_decoded_size(0).value(), 0u);
  EXPECT_EQ(tessera::base64url_decoded_size(2).value(), 1u);
  EXPECT_EQ(tessera::base64url_decoded_size(3).value(), 2u);
  EXPECT_EQ(tessera::base64url_decoded_size(4).value(), 3u);
  EXPECT_EQ(tessera::base64url_decoded_size(43).value(), 32u);
  EXPECT_TRUE(fails_with(tessera::base64url_decoded_size(1), errc::invalid_base64url));
  EXPECT_TRUE(fails_with(tessera::base64url_decoded_size(5), errc::invalid_base64url));
}

TEST(Base64url, RoundTripsRandomBytesOfEveryLengthUpTo64) {
  std::mt19937 rng(20240601);
  std::uniform_int_distribution<int> byte(0, 255);
  for (std::size_t length = 0; length <= 64; ++length) {
    SCOPED_TRACE(length);
    for (int trial = 0; trial < 8; ++trial) {
      std::vector<std::byte> bytes(length);
      for (auto& b : bytes) b = static_cast<std::byte>(byte(rng));

      const std::string encoded = tessera::base64url_encode(bytes);
      EXPECT_EQ(encoded.size(), tessera::base64url_encoded_size(length));
      EXPECT_EQ(encoded, reference_encode(bytes));
      EXPECT_EQ(encoded.find_first_of("+/="), std::string::npos);

      std::string appended = "prefix.";
      tessera::base64url_encode_append(appended, bytes);
      EXPECT_EQ(appended, "prefix." + encoded);

      const auto decoded = tessera::base64url_decode(encoded);
      ASSERT_TRUE(tessera::test::succeeds(decoded));
      EXPECT_EQ(*decoded, bytes);

      std::vector<std::byte> buffer(length + 3, std::byte{0xaa});
      const auto written = tessera::base64url_decode(encoded, std::span<std::byte>(buffer));
      ASSERT_TRUE(tessera::test::succeeds(written));
      EXPECT_EQ(*written, length);
      EXPECT_TRUE(std::equal(bytes.begin(), bytes.end(), buffer.begin()));

      const auto as_text = tessera::base64url_decode_to_string(encoded);
      ASSERT_TRUE(tessera::test::succeeds(as_text));
      EXPECT_EQ(*as_text, std::string(tessera::test::text_of(bytes)));
    }
  }
}

TEST(Base64url, TextOverloadEncodesTheBytes) {
  EXPECT_EQ(tessera::base64url_encode(std::string_view("\xff\xfe", 2)), "__4");
  std::string out = "x";
  tessera::base64url_encode_append(out, std::string_view("foo"));
  EXPECT_EQ(out, "xZm9v");
}

void expect_rejected(std::string_view in) {
  SCOPED_TRACE(::testing::Message() << "input: \"" << in << "\"");
  EXPECT_TRUE(fails_with(tessera::base64url_decode(in), errc::invalid_base64url));
  EXPECT_TRUE(fails_with(tessera::base64url_decode_to_string(in), errc::invalid_base64url));
  std::array<std::byte, 64> buffer{};
  EXPECT_TRUE(fails_with(tessera::base64url_decode(in, std::span<std::byte>(buffer)),
                         errc::invalid_base64url));
}

TEST(Base64url, RejectsPadding) {
  expect_rejected("QQ==");
  expect_rejected("QUI=");
  expect_rejected("QQ=");
  expect_rejected("Zm9vYg==");
  expect_rejected("====");
}

TEST(Base64url, RejectsTheStandardAlphabetsPlusAndSlash) {
  expect_rejected("+/8");
  expect_rejected("a+bc");
  expect_rejected("ab/c");
}

TEST(Base64url, RejectsWhitespace) {
  expect_rejected(" QUJD");
  expect_rejected("QUJD ");
  expect_rejected("QU JD");
  expect_rejected("QUJD\n");
  expect_rejected("QU\tJ");
  expect_rejected("QU\r\nJD");
}

TEST(Base64url, RejectsLengthOneModFour) {
  expect_rejected("Q");
  expect_rejected("QUJDR");
  expect_rejected("Zm9vYmFyZ");
}

TEST(Base64url, RejectsNonZeroUnusedBits) {
  // "QQ" is the canonical encoding of "A"; "QR".."QZ" differ only in the 4 unused bits.
  EXPECT_EQ(tessera::base64url_decode_to_string("QQ").value(), "A");
  for (const char* in : {"QR", "QS", "QT", "QU", "QV", "QW", "QX", "QY", "QZ", "Qf"}) {
    expect_rejected(in);
  }
  // "QUI" is "AB"; "QUJ", "QUK", "QUL" set the 2 unused bits.
  EXPECT_EQ(tessera::base64url_decode_to_string("QUI").value(), "AB");
  expect_rejected("QUJ");
  expect_rejected("QUK");
  expect_rejected("QUL");
}

TEST(Base64url, RejectsNonAsciiAndControlBytes) {
  expect_rejected("QU\xc3\xa9");
  expect_rejected("\x80\x80\x80\x80");
  expect_rejected("\xff\xff");
  expect_rejected(std::string_view("QU\0J", 4));
  expect_rejected("QU.J");
  expect_rejected("QU?J");
  expect_rejected("QU#J");
}

TEST(Base64url, RejectsEveryByteOutsideTheAlphabetInEveryPosition) {
  // Groups are decoded several at a time; a bad byte must be caught wherever it sits.
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  // 4 whole groups, and 3 groups with a 3-character tail.
  for (const std::string& valid :
       {tessera::base64url_encode("foobarbazqux"), tessera::base64url_encode("foobarbazqu")}) {
    ASSERT_TRUE(tessera::base64url_decode(valid).has_value());
    for (int byte = 0; byte < 256; ++byte) {
      const char c = static_cast<char>(byte);
      if (alphabet.find(c) != std::string::npos) continue;
      for (std::size_t at = 0; at < valid.size(); ++at) {
        std::string in = valid;
        in[at] = c;
        SCOPED_TRACE(testing::Message() << "byte " << byte << " at " << at);
        expect_rejected(in);
      }
    }
  }
}

TEST(Base64url, WritesNothingPastTheDecodedBytes) {
  for (std::size_t n = 0; n <= 40; ++n) {
    std::string bytes;
    for (std::size_t i = 0; i < n; ++i) bytes += static_cast<char>(0xa0 + i);
    const std::string encoded = tessera::base64url_encode(bytes);
    std::array<std::byte, 48> out;
    out.fill(std::byte{0x5a});
    const auto written = tessera::base64url_decode(encoded, std::span<std::byte>(out.data(), n));
    ASSERT_TRUE(tessera::test::succeeds(written));
    EXPECT_EQ(tessera::test::text_of(std::span<const std::byte>(out.data(), n)), bytes);
    for (std::size_t i = n; i < out.size(); ++i) EXPECT_EQ(out[i], std::byte{0x5a}) << n;
  }
}

TEST(Base64url, DecodeIntoTooSmallBufferFails) {
  std::array<std::byte, 2> small{};
  EXPECT_TRUE(fails_with(tessera::base64url_decode("Zm9v", std::span<std::byte>(small)),
                         errc::invalid_base64url));
  std::array<std::byte, 3> exact{};
  const auto written = tessera::base64url_decode("Zm9v", std::span<std::byte>(exact));
  ASSERT_TRUE(tessera::test::succeeds(written));
  EXPECT_EQ(*written, 3u);
  EXPECT_EQ(tessera::test::text_of(exact), "foo");
}

}  // namespace
