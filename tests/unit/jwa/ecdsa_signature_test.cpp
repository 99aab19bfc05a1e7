// The strict conversion between JWS's fixed-width R || S and OpenSSL's DER (RFC 7518 section
// 3.4): the DER we make must be the canonical DER OpenSSL makes, and every R || S that is not a
// possible signature (wrong length, r or s zero or not below the group order: CVE-2022-21449)
// must be refused before OpenSSL sees it.
#include "jwa/ecdsa_signature.hpp"

#include <array>
#include <cstddef>
#include <memory>
#include <ostream>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/rand.h>

#include <tessera/error.hpp>

#include "support/assertions.hpp"
#include "support/bytes.hpp"

namespace {

using tessera::errc;
using tessera::detail::ecdsa_der_to_raw;
using tessera::detail::ecdsa_raw_to_der;
using tessera::detail::max_der_ecdsa_signature;
using tessera::test::fails_with;
using tessera::test::hex_encode;

using der_buffer = std::array<unsigned char, max_der_ecdsa_signature>;

struct curve {
  const char* name;  // OpenSSL group name
  int nid;
  std::size_t width;  // bytes of r and of s
};

void PrintTo(const curve& c, std::ostream* os) { *os << c.name; }

constexpr curve curves[] = {
    {"P-256", NID_X9_62_prime256v1, 32},
    {"P-384", NID_secp384r1, 48},
    {"P-521", NID_secp521r1, 66},
    {"secp256k1", NID_secp256k1, 32},
};

struct bn_free {
  void operator()(BIGNUM* b) const { BN_free(b); }
};
using bn_ptr = std::unique_ptr<BIGNUM, bn_free>;

std::vector<unsigned char> order_of(const curve& c) {
  std::unique_ptr<EC_GROUP, decltype(&EC_GROUP_free)> group(EC_GROUP_new_by_curve_name(c.nid),
                                                            &EC_GROUP_free);
  if (!group) throw std::runtime_error("EC_GROUP_new_by_curve_name");
  std::vector<unsigned char> out(c.width);
  if (BN_bn2binpad(EC_GROUP_get0_order(group.get()), out.data(), static_cast<int>(c.width)) !=
      static_cast<int>(c.width)) {
    throw std::runtime_error("BN_bn2binpad");
  }
  return out;
}

bn_ptr bn_from(std::span<const unsigned char> big_endian) {
  return bn_ptr(BN_bin2bn(big_endian.data(), static_cast<int>(big_endian.size()), nullptr));
}

std::vector<unsigned char> padded(const BIGNUM* bn, std::size_t width) {
  std::vector<unsigned char> out(width);
  if (BN_bn2binpad(bn, out.data(), static_cast<int>(width)) != static_cast<int>(width)) {
    throw std::runtime_error("value does not fit");
  }
  return out;
}

// OpenSSL's own DER encoding of (r, s).
std::vector<unsigned char> openssl_der(std::span<const unsigned char> r,
                                       std::span<const unsigned char> s) {
  std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)> sig(ECDSA_SIG_new(), &ECDSA_SIG_free);
  if (!sig || ECDSA_SIG_set0(sig.get(), bn_from(r).release(), bn_from(s).release()) != 1) {
    throw std::runtime_error("ECDSA_SIG_set0");
  }
  const int size = i2d_ECDSA_SIG(sig.get(), nullptr);
  std::vector<unsigned char> out(static_cast<std::size_t>(size));
  unsigned char* p = out.data();
  if (i2d_ECDSA_SIG(sig.get(), &p) != size) throw std::runtime_error("i2d_ECDSA_SIG");
  return out;
}

std::vector<std::byte> raw_of(std::span<const unsigned char> r, std::span<const unsigned char> s) {
  std::vector<std::byte> out;
  for (auto b : r) out.push_back(static_cast<std::byte>(b));
  for (auto b : s) out.push_back(static_cast<std::byte>(b));
  return out;
}

// The library's DER of raw R || S; empty when it refuses.
std::vector<unsigned char> library_der(std::span<const std::byte> raw,
                                       std::span<const unsigned char> order) {
  der_buffer out{};
  const std::size_t size = ecdsa_raw_to_der(raw, order, out);
  return {out.begin(), out.begin() + static_cast<std::ptrdiff_t>(size)};
}

std::string hex(std::span<const unsigned char> bytes) { return hex_encode(std::as_bytes(bytes)); }

// n + delta (delta may be negative), as `width` big-endian bytes.
std::vector<unsigned char> order_plus(const curve& c, long delta) {
  const auto n = order_of(c);
  bn_ptr value = bn_from(n);
  if (delta >= 0) {
    BN_add_word(value.get(), static_cast<BN_ULONG>(delta));
  } else {
    BN_sub_word(value.get(), static_cast<BN_ULONG>(-delta));
  }
  return padded(value.get(), c.width);
}

std::vector<unsigned char> small(const curve& c, unsigned value) {
  std::vector<unsigned char> out(c.width, 0);
  out.back() = static_cast<unsigned char>(value);
  return out;
}

class EcdsaSignature : public ::testing::TestWithParam<curve> {};

TEST_P(EcdsaSignature, RandomValuesEncodeExactlyAsOpenSslDoes) {
  const auto& c = GetParam();
  const auto n = order_of(c);
  const bn_ptr order = bn_from(n);
  // Random r, s below n: about half have the top bit set (DER needs a 0x00 pad) and some have
  // leading zero bytes (DER drops them); P-521 bodies need the long length form.
  for (int i = 0; i < 300; ++i) {
    bn_ptr r(BN_new());
    bn_ptr s(BN_new());
    ASSERT_EQ(BN_rand_range(r.get(), order.get()), 1);
    ASSERT_EQ(BN_rand_range(s.get(), order.get()), 1);
    if (BN_is_zero(r.get()) || BN_is_zero(s.get())) continue;
    if (i % 3 == 0) BN_rshift(r.get(), r.get(), 8 * (1 + i % 5));  // leading zero bytes
    if (BN_is_zero(r.get())) BN_one(r.get());
    const auto rb = padded(r.get(), c.width);
    const auto sb = padded(s.get(), c.width);
    const auto raw = raw_of(rb, sb);
    const auto expected = openssl_der(rb, sb);
    EXPECT_EQ(hex(library_der(raw, n)), hex(expected)) << "r=" << hex(rb) << " s=" << hex(sb);

    // And back: DER to R || S of the curve's width.
    std::vector<std::byte> back(2 * c.width);
    const auto size = ecdsa_der_to_raw(expected, c.width, back);
    ASSERT_TRUE(tessera::test::succeeds(size));
    EXPECT_EQ(*size, 2 * c.width);
    EXPECT_EQ(back, raw);
  }
}

TEST_P(EcdsaSignature, EdgeValuesInRange) {
  const auto& c = GetParam();
  const auto n = order_of(c);
  const auto one = small(c, 1);
  const auto n_minus_1 = order_plus(c, -1);
  std::vector<unsigned char> high_bit(c.width, 0);
  high_bit[c.width == 66 ? 1 : 0] = 0x80;  // P-521: the top byte holds one bit only
  for (const auto& [r, s] :
       {std::pair{one, one}, std::pair{one, n_minus_1}, std::pair{n_minus_1, one},
        std::pair{n_minus_1, n_minus_1}, std::pair{high_bit, one}, std::pair{one, high_bit}}) {
    SCOPED_TRACE(hex(r) + " / " + hex(s));
    EXPECT_EQ(hex(library_der(raw_of(r, s), n)), hex(openssl_der(r, s)));
  }
}

TEST_P(EcdsaSignature, OutOfRangeValuesAreRefused) {
  // CVE-2022-21449 ("psychic signatures"): r = s = 0 must never reach the verifier; nor may
  // r or s equal to n or above it, which a lax verifier reduces mod n.
  const auto& c = GetParam();
  const auto n = order_of(c);
  const std::vector<unsigned char> zero(c.width, 0);
  const std::vector<unsigned char> all_ones(c.width, 0xff);
  const auto one = small(c, 1);
  const auto n_plus_1 = order_plus(c, 1);
  const std::vector<std::pair<std::vector<unsigned char>, std::vector<unsigned char>>> cases = {
      {zero, zero}, {zero, one},     {one, zero},     {n, n},          {n, one},
      {one, n},     {n_plus_1, one}, {one, n_plus_1}, {all_ones, one}, {one, all_ones},
  };
  for (const auto& [r, s] : cases) {
    SCOPED_TRACE(hex(r) + " / " + hex(s));
    EXPECT_TRUE(library_der(raw_of(r, s), n).empty());
  }
}

TEST_P(EcdsaSignature, WrongLengthsAreRefused) {
  const auto& c = GetParam();
  const auto n = order_of(c);
  const auto one = small(c, 1);
  const auto good = raw_of(one, one);
  ASSERT_FALSE(library_der(good, n).empty());
  for (const std::size_t size :
       {std::size_t{0}, std::size_t{1}, 2 * c.width - 1, 2 * c.width + 1, c.width, 4 * c.width}) {
    SCOPED_TRACE(size);
    std::vector<std::byte> raw(size, std::byte{0x01});
    EXPECT_TRUE(library_der(raw, n).empty());
  }
  // An empty order (no curve) refuses everything.
  EXPECT_TRUE(library_der(good, {}).empty());
}

TEST_P(EcdsaSignature, DerToRawRefusesWhatIsNotASignatureOfThisWidth) {
  const auto& c = GetParam();
  std::vector<std::byte> out(2 * c.width);
  const std::vector<unsigned char> garbage = {0x30, 0x03, 0x02, 0x01};
  EXPECT_TRUE(fails_with(ecdsa_der_to_raw(garbage, c.width, out), errc::signing_failed));
  EXPECT_TRUE(fails_with(ecdsa_der_to_raw({}, c.width, out), errc::signing_failed));
  // A value wider than the curve's components does not fit.
  const std::vector<unsigned char> wide(c.width + 1, 0x7f);
  const auto der = openssl_der(wide, small(c, 1));
  EXPECT_TRUE(fails_with(ecdsa_der_to_raw(der, c.width, out), errc::signing_failed));
  // An output too small for R || S.
  std::vector<std::byte> short_out(2 * c.width - 1);
  const auto ok_der = openssl_der(small(c, 5), small(c, 7));
  EXPECT_TRUE(fails_with(ecdsa_der_to_raw(ok_der, c.width, short_out), errc::signing_failed));
}

INSTANTIATE_TEST_SUITE_P(Curves, EcdsaSignature, ::testing::ValuesIn(curves),
                         [](const auto& param_info) {
                           std::string name = param_info.param.name;
                           for (auto& ch : name) {
                             if (ch == '-') ch = '_';
                           }
                           return name;
                         });

TEST(EcdsaSignatureSizes, LongestDerFitsTheBuffer) {
  // P-521 with both values at full width and the top bit of their first full byte set.
  const auto& c = curves[2];
  const auto n_minus_1 = order_plus(c, -1);
  const auto der = openssl_der(n_minus_1, n_minus_1);
  EXPECT_LE(der.size(), max_der_ecdsa_signature);
  EXPECT_EQ(library_der(raw_of(n_minus_1, n_minus_1), order_of(c)).size(), der.size());
}

}  // namespace
