// OpenSSH public key lines (src/keys/openssh_public_key.cpp): RFC 4253 6.6 (ssh-rsa), RFC 5656
// 3.1 (ecdsa-sha2-nistp256/384/521), RFC 8709 4 (ssh-ed25519). The wire blobs are built by hand
// in the test from each key's public numbers, and a loaded key must be the very key it came from.
#include <cstddef>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>

#include <tessera/error.hpp>
#include <tessera/key.hpp>

#include "keys/key_parsing.hpp"
#include "support/assertions.hpp"
#include "support/asymmetric.hpp"

namespace {

using tessera::algorithm;
using tessera::algorithm_set;
using tessera::errc;
using tessera::verifying_key;
using tessera::test::base64_std;
using tessera::test::evp_key;
using tessera::test::fails_with;
using tessera::test::ssh_blob;
using tessera::test::succeeds;

std::string line_of(std::string_view type, const std::vector<unsigned char>& blob,
                    std::string_view comment = "") {
  std::string line(type);
  line += ' ';
  line += base64_std(blob);
  if (!comment.empty()) {
    line += ' ';
    line += comment;
  }
  return line;
}

struct bn_free {
  void operator()(BIGNUM* b) const { BN_free(b); }
};
using bn_ptr = std::unique_ptr<BIGNUM, bn_free>;

bn_ptr rsa_param(EVP_PKEY* k, const char* name) {
  BIGNUM* v = nullptr;
  EVP_PKEY_get_bn_param(k, name, &v);
  return bn_ptr(v);
}

void expect_same_key(const std::string& line, EVP_PKEY* original, algorithm_set served) {
  SCOPED_TRACE(line.substr(0, 40));
  const auto key = verifying_key::from_pem(line);
  ASSERT_TRUE(succeeds(key));
  EXPECT_EQ(key->algorithms(), served);
  EXPECT_EQ(key->to_pem().value(), tessera::test::spki_pem(original));
}

TEST(OpenSshPublicKey, EverySupportedType) {
  const auto rsa = tessera::test::fixed_rsa_key();
  expect_same_key(tessera::test::openssh_line(rsa.get()), rsa.get(),
                  {algorithm::rs256, algorithm::rs384, algorithm::rs512, algorithm::ps256,
                   algorithm::ps384, algorithm::ps512});
  const struct {
    const char* group;
    algorithm alg;
    const char* type;
  } curves[] = {{"P-256", algorithm::es256, "ecdsa-sha2-nistp256 "},
                {"P-384", algorithm::es384, "ecdsa-sha2-nistp384 "},
                {"P-521", algorithm::es512, "ecdsa-sha2-nistp521 "}};
  for (const auto& c : curves) {
    const auto ec = tessera::test::generate_ec(c.group);
    const auto line = tessera::test::openssh_line(ec.get());
    EXPECT_TRUE(line.starts_with(c.type)) << line;
    expect_same_key(line, ec.get(), {c.alg});
  }
  const auto ed = tessera::test::generate_okp("ED25519");
  const auto line = tessera::test::openssh_line(ed.get());
  EXPECT_TRUE(line.starts_with("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI")) << line;
  expect_same_key(line, ed.get(), {algorithm::eddsa});
}

TEST(OpenSshPublicKey, CommentsAndSurroundingWhitespace) {
  const auto ed = tessera::test::generate_okp("ED25519");
  const auto bare = tessera::test::openssh_line(ed.get(), "");
  for (const std::string& line :
       {bare, bare + "\n", bare + "\r\n", "  " + bare, "\n" + bare + " user@host\n",
        bare + " a comment with spaces", tessera::test::openssh_line(ed.get(), "me@example")}) {
    expect_same_key(line, ed.get(), {algorithm::eddsa});
  }
  // The algorithm can be bound as for any key.
  EXPECT_TRUE(
      fails_with(verifying_key::from_pem(bare, algorithm::es256), errc::key_not_for_algorithm));
}

TEST(OpenSshPublicKey, MalformedLinesAreInvalidKeyData) {
  const auto ed = tessera::test::generate_okp("ED25519");
  const auto rsa = tessera::test::fixed_rsa_key();
  const auto p256 = tessera::test::generate_ec("P-256");
  const auto p384 = tessera::test::generate_ec("P-384");
  const auto ed_pk = tessera::test::raw_public(ed.get());
  const auto ed_blob = tessera::test::openssh_blob(ed.get());
  const auto rsa_blob = tessera::test::openssh_blob(rsa.get());

  auto trailing = ed_blob;
  trailing.push_back(0);
  auto truncated = ed_blob;
  truncated.resize(truncated.size() - 1);
  auto short_pk = ed_pk;
  short_pk.pop_back();
  auto long_pk = ed_pk;
  long_pk.push_back(0);
  auto off_curve = tessera::test::ec_point(p256.get());
  off_curve.back() ^= 0x01;
  const auto good_b64 = base64_std(ed_blob);

  const std::vector<std::pair<std::string, std::string>> cases = {
      {"type differs from the blob's", line_of("ssh-rsa", ed_blob)},
      {"ed25519 line, RSA blob", line_of("ssh-ed25519", rsa_blob)},
      {"trailing bytes", line_of("ssh-ed25519", trailing)},
      {"truncated blob", line_of("ssh-ed25519", truncated)},
      {"31-byte Ed25519 key",
       line_of("ssh-ed25519", ssh_blob().string("ssh-ed25519").bytes(short_pk).data())},
      {"33-byte Ed25519 key",
       line_of("ssh-ed25519", ssh_blob().string("ssh-ed25519").bytes(long_pk).data())},
      {"curve name differs from the type",
       line_of("ecdsa-sha2-nistp256", ssh_blob()
                                          .string("ecdsa-sha2-nistp256")
                                          .string("nistp384")
                                          .bytes(tessera::test::ec_point(p384.get()))
                                          .data())},
      {"P-384 point under nistp256",
       line_of("ecdsa-sha2-nistp256", ssh_blob()
                                          .string("ecdsa-sha2-nistp256")
                                          .string("nistp256")
                                          .bytes(tessera::test::ec_point(p384.get()))
                                          .data())},
      {"point off the curve",
       line_of(
           "ecdsa-sha2-nistp256",
           ssh_blob().string("ecdsa-sha2-nistp256").string("nistp256").bytes(off_curve).data())},
      {"unknown curve",
       line_of(
           "ecdsa-sha2-nistp224",
           ssh_blob().string("ecdsa-sha2-nistp224").string("nistp224").bytes(off_curve).data())},
      {"ssh-dss", line_of("ssh-dss", ssh_blob().string("ssh-dss").string("x").data())},
      {"ssh-ed448", line_of("ssh-ed448", ssh_blob().string("ssh-ed448").bytes(ed_pk).data())},
      {"certificate type",
       line_of("ssh-ed25519-cert-v01@openssh.com", ssh_blob()
                                                       .string("ssh-ed25519-cert-v01@openssh.com")
                                                       .string("nonce")
                                                       .bytes(ed_pk)
                                                       .data())},
      {"no blob", "ssh-ed25519"},
      {"empty blob", "ssh-ed25519 "},
      {"bad base64", "ssh-ed25519 " + good_b64.substr(0, 8) + "!!!!" + good_b64.substr(12)},
      {"base64 length not a multiple of 4",
       "ssh-ed25519 " + good_b64.substr(0, good_b64.size() - 1)},
      {"blank", "   "},
  };
  for (const auto& [what, line] : cases) {
    SCOPED_TRACE(what);
    EXPECT_TRUE(
        fails_with(tessera::detail::parse_openssh_public_key(line), errc::invalid_key_data));
    EXPECT_TRUE(fails_with(verifying_key::from_pem(line), errc::invalid_key_data));
  }
}

TEST(OpenSshPublicKey, OversizedBlobIsRefused) {
  std::vector<unsigned char> big(50 * 1024, 0x41);
  const auto blob = ssh_blob().string("ssh-rsa").bytes(big).data();
  EXPECT_TRUE(fails_with(tessera::detail::parse_openssh_public_key(line_of("ssh-rsa", blob)),
                         errc::invalid_key_data));
}

TEST(OpenSshPublicKey, RsaKeysFollowTheRsaRules) {
  const auto rsa = tessera::test::fixed_rsa_key();
  const auto n = rsa_param(rsa.get(), OSSL_PKEY_PARAM_RSA_N);
  bn_ptr one(BN_new());
  BN_one(one.get());
  // e = 1: readable, but not a key anyone may trust.
  const auto e_one = ssh_blob().string("ssh-rsa").mpint(one.get()).mpint(n.get()).data();
  EXPECT_TRUE(succeeds(tessera::detail::parse_openssh_public_key(line_of("ssh-rsa", e_one))));
  EXPECT_TRUE(
      fails_with(verifying_key::from_pem(line_of("ssh-rsa", e_one)), errc::invalid_key_parameters));
  // 1024 bits: too small unless weak keys are allowed.
  const auto weak = tessera::test::generate_rsa(1024);
  const auto weak_line = tessera::test::openssh_line(weak.get());
  EXPECT_TRUE(fails_with(verifying_key::from_pem(weak_line), errc::rsa_key_too_small));
  EXPECT_TRUE(succeeds(verifying_key::from_pem(weak_line, {}, {.allow_weak_key = true})));
}

}  // namespace
