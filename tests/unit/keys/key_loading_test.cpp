// Reading asymmetric keys from every format users hold (src/keys/key_parsing.cpp,
// asymmetric_keys.cpp, key_export.cpp, key_generation.cpp). The encodings are made by OpenSSL's
// encoder in the test, never by the library, and each loaded key is checked by what it does: a
// signature made with the private half verifies with the public half loaded from another format.
#include <array>
#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>
#include <openssl/evp.h>

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
using tessera::test::bytes_of;
using tessera::test::evp_key;
using tessera::test::fails_with;
using tessera::test::succeeds;

constexpr std::string_view input = "eyJhbGciOiJ4In0.eyJzdWIiOiJrZXlzIn0";
constexpr std::string_view passphrase = "correct horse battery staple";

const algorithm every_algorithm[] = {
    algorithm::hs256, algorithm::hs384, algorithm::hs512,  algorithm::rs256, algorithm::rs384,
    algorithm::rs512, algorithm::ps256, algorithm::ps384,  algorithm::ps512, algorithm::es256,
    algorithm::es384, algorithm::es512, algorithm::es256k, algorithm::eddsa,
};

const algorithm_set rsa_algorithms = {algorithm::rs256, algorithm::rs384, algorithm::rs512,
                                      algorithm::ps256, algorithm::ps384, algorithm::ps512};

struct key_kind {
  const char* name;
  evp_key (*make)();
  algorithm alg;           // the algorithm the tests sign with
  algorithm_set served;    // what the key's type allows
  bool has_pkcs1_or_sec1;  // RSA: PKCS#1; EC: SEC1
  bool has_openssh;
};

void PrintTo(const key_kind& k, std::ostream* os) { *os << k.name; }

const key_kind kinds[] = {
    {"RSA", [] { return tessera::test::fixed_rsa_key(); }, algorithm::ps384, rsa_algorithms, true,
     true},
    {"P256",
     [] { return tessera::test::generate_ec("P-256"); },
     algorithm::es256,
     {algorithm::es256},
     true,
     true},
    {"P384",
     [] { return tessera::test::generate_ec("P-384"); },
     algorithm::es384,
     {algorithm::es384},
     true,
     true},
    {"P521",
     [] { return tessera::test::generate_ec("P-521"); },
     algorithm::es512,
     {algorithm::es512},
     true,
     true},
    {"secp256k1",
     [] { return tessera::test::generate_ec("secp256k1"); },
     algorithm::es256k,
     {algorithm::es256k},
     true,
     false},
    {"Ed25519",
     [] { return tessera::test::generate_okp("ED25519"); },
     algorithm::eddsa,
     {algorithm::eddsa},
     false,
     true},
    {"Ed448",
     [] { return tessera::test::generate_okp("ED448"); },
     algorithm::eddsa,
     {algorithm::eddsa},
     false,
     false},
};

std::vector<std::byte> sign(const signing_key& key) {
  std::array<std::byte, tessera::detail::max_signature_size> out{};
  const auto size = key.material().sign(key.alg(), input, out);
  EXPECT_TRUE(succeeds(size));
  if (!size) return {};
  return {out.begin(), out.begin() + static_cast<std::ptrdiff_t>(*size)};
}

class KeyFormats : public ::testing::TestWithParam<key_kind> {
 protected:
  void SetUp() override { pkey_ = GetParam().make(); }
  EVP_PKEY* pkey() const { return pkey_.get(); }
  algorithm alg() const { return GetParam().alg; }

  // A signature by OpenSSL with the private key, in JWS form.
  std::vector<std::byte> reference_signature() const {
    const auto sig = tessera::test::jws_signature(pkey(), alg(), input);
    const auto b = std::as_bytes(std::span(sig));
    return {b.begin(), b.end()};
  }

  // The key verifies OpenSSL's signature, and serves exactly `expected`.
  void expect_public_key(const tessera::result<verifying_key>& key, algorithm_set expected) const {
    ASSERT_TRUE(succeeds(key));
    EXPECT_EQ(key->algorithms(), expected);
    EXPECT_TRUE(key->material().verify(alg(), input, reference_signature()));
    // The public key it holds is the original one.
    const auto pem = key->to_pem();
    ASSERT_TRUE(succeeds(pem));
    EXPECT_EQ(*pem, tessera::test::spki_pem(pkey()));
  }

  // The key signs, and the signature verifies with OpenSSL's public key loaded from SPKI.
  void expect_private_key(const tessera::result<signing_key>& key) const {
    ASSERT_TRUE(succeeds(key));
    EXPECT_EQ(key->alg(), alg());
    const auto spki = verifying_key::from_pem(tessera::test::spki_pem(pkey()));
    ASSERT_TRUE(succeeds(spki));
    EXPECT_TRUE(spki->material().verify(alg(), input, sign(*key)));
  }

 private:
  evp_key pkey_;
};

TEST_P(KeyFormats, Pkcs8PemAndDer) {
  const auto pem = tessera::test::pkcs8_pem(pkey());
  ASSERT_TRUE(pem.starts_with("-----BEGIN PRIVATE KEY-----"));
  expect_private_key(signing_key::from_pem(alg(), pem));
  expect_private_key(signing_key::load(alg(), bytes_of(pem)));
  expect_private_key(signing_key::load(alg(), bytes_of(tessera::test::pkcs8_der(pkey()))));
  // The private key also gives its public half to verify with.
  expect_public_key(verifying_key::from_pem(pem), GetParam().served);
  expect_public_key(verifying_key::load(bytes_of(tessera::test::pkcs8_der(pkey()))),
                    GetParam().served);
}

TEST_P(KeyFormats, EncryptedPkcs8NeedsTheRightPassphrase) {
  for (const bool der : {false, true}) {
    SCOPED_TRACE(der ? "DER" : "PEM");
    const auto data = der ? tessera::test::encrypted_pkcs8_der(pkey(), passphrase)
                          : tessera::test::encrypted_pkcs8_pem(pkey(), passphrase);
    if (!der) {
      ASSERT_TRUE(data.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
    }
    expect_private_key(signing_key::load(alg(), bytes_of(data), {.passphrase = passphrase}));
    EXPECT_TRUE(fails_with(signing_key::load(alg(), bytes_of(data)), errc::passphrase_required));
    EXPECT_TRUE(fails_with(signing_key::load(alg(), bytes_of(data), {.passphrase = "wrong"}),
                           errc::wrong_passphrase));
    expect_public_key(verifying_key::load(bytes_of(data), {}, {.passphrase = passphrase}),
                      GetParam().served);
    EXPECT_TRUE(fails_with(verifying_key::load(bytes_of(data)), errc::passphrase_required));
    EXPECT_TRUE(fails_with(verifying_key::load(bytes_of(data), {}, {.passphrase = "wrong"}),
                           errc::wrong_passphrase));
  }
}

// RSA and EC keys only: OKP keys have no PKCS#1 or SEC1 form.
class TraditionalFormats : public KeyFormats {};

TEST_P(TraditionalFormats, Pkcs1AndSec1PrivateKeys) {
  const auto pem = tessera::test::traditional_private_pem(pkey());
  const bool rsa = GetParam().served == rsa_algorithms;
  ASSERT_TRUE(
      pem.starts_with(rsa ? "-----BEGIN RSA PRIVATE KEY-----" : "-----BEGIN EC PRIVATE KEY-----"))
      << pem;
  expect_private_key(signing_key::from_pem(alg(), pem));
  expect_private_key(
      signing_key::load(alg(), bytes_of(tessera::test::traditional_private_der(pkey()))));
  expect_public_key(verifying_key::from_pem(pem), GetParam().served);
}

TEST_P(KeyFormats, PublicKeysInEveryForm) {
  const auto served = GetParam().served;
  expect_public_key(verifying_key::from_pem(tessera::test::spki_pem(pkey())), served);
  expect_public_key(verifying_key::load(bytes_of(tessera::test::spki_der(pkey()))), served);
  const auto cert_pem = tessera::test::certificate(pkey(), false);
  ASSERT_TRUE(cert_pem.starts_with("-----BEGIN CERTIFICATE-----"));
  expect_public_key(verifying_key::from_pem(cert_pem), served);
  expect_public_key(verifying_key::load(bytes_of(tessera::test::certificate(pkey(), true))),
                    served);
  if (served == rsa_algorithms) {
    const auto pkcs1 = tessera::test::pkcs1_public_pem(pkey());
    ASSERT_TRUE(pkcs1.starts_with("-----BEGIN RSA PUBLIC KEY-----")) << pkcs1;
    expect_public_key(verifying_key::from_pem(pkcs1), served);
    expect_public_key(verifying_key::load(bytes_of(tessera::test::pkcs1_public_der(pkey()))),
                      served);
  }
  if (GetParam().has_openssh) {
    expect_public_key(verifying_key::from_pem(tessera::test::openssh_line(pkey())), served);
  }
}

TEST_P(KeyFormats, PublicKeysCannotSign) {
  std::vector<std::string> public_forms = {
      tessera::test::spki_pem(pkey()),
      tessera::test::spki_der(pkey()),
      tessera::test::certificate(pkey(), false),
      tessera::test::certificate(pkey(), true),
  };
  if (GetParam().served == rsa_algorithms) {
    public_forms.push_back(tessera::test::pkcs1_public_pem(pkey()));
    public_forms.push_back(tessera::test::pkcs1_public_der(pkey()));
  }
  if (GetParam().has_openssh) public_forms.push_back(tessera::test::openssh_line(pkey()));
  for (std::size_t i = 0; i < public_forms.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_TRUE(
        fails_with(signing_key::load(alg(), bytes_of(public_forms[i])), errc::not_a_private_key));
  }
}

TEST_P(KeyFormats, TheKeyIsBoundToTheAlgorithmsItsTypeAllows) {
  const auto pem = tessera::test::pkcs8_pem(pkey());
  const auto spki = tessera::test::spki_pem(pkey());
  for (const auto a : every_algorithm) {
    SCOPED_TRACE(tessera::to_string(a));
    const bool allowed = GetParam().served.contains(a);
    const auto s = signing_key::from_pem(a, pem);
    const auto v = verifying_key::from_pem(spki, a);
    if (allowed) {
      ASSERT_TRUE(succeeds(s));
      EXPECT_EQ(s->alg(), a);
      EXPECT_EQ(s->verifier_key().algorithms(), algorithm_set{a});
      ASSERT_TRUE(succeeds(v));
      EXPECT_EQ(v->algorithms(), algorithm_set{a});
    } else {
      EXPECT_TRUE(fails_with(s, errc::key_not_for_algorithm));
      EXPECT_TRUE(fails_with(v, errc::key_not_for_algorithm));
    }
  }
}

TEST_P(KeyFormats, PemExportRoundTrips) {
  const auto key = signing_key::from_pem(alg(), tessera::test::pkcs8_pem(pkey())).value();
  const auto pem = key.to_pem();
  ASSERT_TRUE(succeeds(pem));
  EXPECT_TRUE(pem->starts_with("-----BEGIN PRIVATE KEY-----"));
  expect_private_key(signing_key::from_pem(alg(), *pem));

  const auto encrypted = key.to_encrypted_pem(passphrase);
  ASSERT_TRUE(succeeds(encrypted));
  EXPECT_TRUE(encrypted->starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
  EXPECT_EQ(encrypted->find(pem->substr(28, 40)), std::string::npos);
  expect_private_key(signing_key::from_pem(alg(), *encrypted, {.passphrase = passphrase}));
  EXPECT_TRUE(fails_with(signing_key::from_pem(alg(), *encrypted), errc::passphrase_required));
  EXPECT_TRUE(fails_with(signing_key::from_pem(alg(), *encrypted, {.passphrase = "nope"}),
                         errc::wrong_passphrase));
  EXPECT_TRUE(fails_with(key.to_encrypted_pem(""), errc::passphrase_required));

  const auto public_pem = key.verifier_key().to_pem();
  ASSERT_TRUE(succeeds(public_pem));
  EXPECT_EQ(*public_pem, tessera::test::spki_pem(pkey()));
}

TEST_P(KeyFormats, SignedTokensVerifyWithThePublicKey) {
  const auto key = signing_key::from_pem(alg(), tessera::test::pkcs8_pem(pkey())).value();
  const auto token = tessera::encode(tessera::claims{}.subject("keys").expires_at(
                                         tessera::test::time_at(tessera::test::default_now + 60)),
                                     key);
  ASSERT_TRUE(succeeds(token));
  const auto public_key = verifying_key::from_pem(tessera::test::spki_pem(pkey())).value();
  const auto v = tessera::verifier::create(
      public_key,
      {.algorithms = {alg()}, .time_source = tessera::test::clock_at(tessera::test::default_now)});
  ASSERT_TRUE(succeeds(v));
  const auto t = v->verify(*token);
  ASSERT_TRUE(succeeds(t));
  EXPECT_EQ(t->alg(), alg());
  EXPECT_EQ(t->claims().subject(), "keys");
}

std::string kind_name(const ::testing::TestParamInfo<key_kind>& param_info) {
  return param_info.param.name;
}

INSTANTIATE_TEST_SUITE_P(Kinds, KeyFormats, ::testing::ValuesIn(kinds), kind_name);

std::vector<key_kind> traditional_kinds() {
  std::vector<key_kind> out;
  for (const auto& k : kinds) {
    if (k.has_pkcs1_or_sec1) out.push_back(k);
  }
  return out;
}

INSTANTIATE_TEST_SUITE_P(Kinds, TraditionalFormats, ::testing::ValuesIn(traditional_kinds()),
                         kind_name);

// --- What is not a key. ---

TEST(KeyLoading, GarbageIsInvalidKeyData) {
  const auto rsa = tessera::test::fixed_rsa_key();
  auto pem = tessera::test::pkcs8_pem(rsa.get());
  std::string corrupt = pem;
  corrupt[100] = '*';
  const std::string truncated = pem.substr(0, pem.size() / 2);
  std::string der = tessera::test::pkcs8_der(rsa.get());
  der.resize(der.size() - 10);
  const std::string cases[] = {
      "",
      "not a key",
      "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n",
      "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
      corrupt,
      truncated,
      der,
      std::string("\x30\x03\x02\x01\x01", 5),
      R"({"kty":"RSA","n":"AQAB","e":"AQAB"})",
      "ssh-rsa",
      "ssh-rsa !!!! comment",
      "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE "
      "KEY-----\n",
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.substr(0, 40));
    EXPECT_TRUE(
        fails_with(signing_key::load(algorithm::rs256, bytes_of(c)), errc::invalid_key_data));
    EXPECT_TRUE(fails_with(verifying_key::load(bytes_of(c)), errc::invalid_key_data));
  }
}

TEST(KeyLoading, HmacAlgorithmsNeverTakeAKeyFile) {
  const auto rsa = tessera::test::fixed_rsa_key();
  for (const auto a : {algorithm::hs256, algorithm::hs384, algorithm::hs512}) {
    EXPECT_TRUE(fails_with(signing_key::from_pem(a, tessera::test::pkcs8_pem(rsa.get())),
                           errc::key_not_for_algorithm));
    EXPECT_TRUE(fails_with(verifying_key::from_pem(tessera::test::spki_pem(rsa.get()), a),
                           errc::key_not_for_algorithm));
    // Not even text that is no key: the algorithm is refused first.
    EXPECT_TRUE(fails_with(signing_key::from_pem(a, "whatever"), errc::key_not_for_algorithm));
  }
  // No public key serves HS*, whatever its type.
  const auto v = verifying_key::from_pem(tessera::test::spki_pem(rsa.get())).value();
  EXPECT_FALSE(v.may_serve(algorithm::hs256));
}

TEST(KeyLoading, HmacKeysHaveNoPem) {
  const auto key = signing_key::hmac(algorithm::hs256, std::string(32, 'k')).value();
  EXPECT_TRUE(fails_with(key.to_pem(), errc::secret_key_has_no_pem));
  EXPECT_TRUE(fails_with(key.to_encrypted_pem(passphrase), errc::secret_key_has_no_pem));
  EXPECT_TRUE(fails_with(key.verifier_key().to_pem(), errc::secret_key_has_no_pem));
}

TEST(KeyLoading, LegacyEncryptedPemIsRead) {
  // "Proc-Type: 4,ENCRYPTED" (PEM_write_bio_PrivateKey_traditional with a cipher).
  const auto rsa = tessera::test::fixed_rsa_key();
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
  const std::string pass(passphrase);
  ASSERT_EQ(
      PEM_write_bio_PrivateKey_traditional(bio.get(), rsa.get(), EVP_aes_256_cbc(),
                                           reinterpret_cast<const unsigned char*>(pass.data()),
                                           static_cast<int>(pass.size()), nullptr, nullptr),
      1);
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  const std::string pem(data, static_cast<std::size_t>(size));
  ASSERT_NE(pem.find("Proc-Type: 4,ENCRYPTED"), std::string::npos);
  EXPECT_TRUE(succeeds(signing_key::from_pem(algorithm::rs256, pem, {.passphrase = passphrase})));
  EXPECT_TRUE(fails_with(signing_key::from_pem(algorithm::rs256, pem), errc::passphrase_required));
  EXPECT_TRUE(fails_with(signing_key::from_pem(algorithm::rs256, pem, {.passphrase = "x"}),
                         errc::wrong_passphrase));
}

// --- Generation. ---

TEST(KeyGeneration, EveryAsymmetricAlgorithm) {
  struct row {
    algorithm alg;
    tessera::okp_curve curve;
    int base_id;
    int bits;
  };
  const row rows[] = {
      {algorithm::rs256, {}, EVP_PKEY_RSA, 2048},
      {algorithm::es256, {}, EVP_PKEY_EC, 256},
      {algorithm::es384, {}, EVP_PKEY_EC, 384},
      {algorithm::es512, {}, EVP_PKEY_EC, 521},
      {algorithm::es256k, {}, EVP_PKEY_EC, 256},
      {algorithm::eddsa, tessera::okp_curve::ed25519, EVP_PKEY_ED25519, 256},
      {algorithm::eddsa, tessera::okp_curve::ed448, EVP_PKEY_ED448, 456},
  };
  for (const auto& r : rows) {
    SCOPED_TRACE(::testing::Message() << tessera::to_string(r.alg) << " " << r.bits);
    const auto key = signing_key::generate(r.alg, {.curve = r.curve});
    ASSERT_TRUE(succeeds(key));
    EXPECT_EQ(key->alg(), r.alg);
    EXPECT_EQ(EVP_PKEY_get_base_id(key->material().pkey()), r.base_id);
    EXPECT_EQ(EVP_PKEY_get_bits(key->material().pkey()), r.bits);
    const auto sig = sign(*key);
    const auto v = verifying_key::from_pem(key->verifier_key().to_pem().value());
    ASSERT_TRUE(succeeds(v));
    EXPECT_TRUE(v->material().verify(r.alg, input, sig));
  }
}

TEST(KeyGeneration, RsaSizesOutsideTheBoundsAreRefused) {
  EXPECT_TRUE(fails_with(signing_key::generate(algorithm::rs256, {.rsa_bits = 1024}),
                         errc::rsa_key_too_small));
  EXPECT_TRUE(fails_with(signing_key::generate(algorithm::ps256, {.rsa_bits = 2047}),
                         errc::rsa_key_too_small));
  EXPECT_TRUE(fails_with(signing_key::generate(algorithm::rs512, {.rsa_bits = 8193}),
                         errc::unsupported_key_type));
}

TEST(KeyGeneration, HmacSecretsHaveTheHashLength) {
  for (const auto a : {algorithm::hs256, algorithm::hs384, algorithm::hs512}) {
    const auto key = signing_key::generate(a);
    ASSERT_TRUE(succeeds(key));
    EXPECT_EQ(key->alg(), a);
    EXPECT_EQ(key->material().pkey(), nullptr);
    EXPECT_EQ(key->material().secret().size(),
              static_cast<std::size_t>(EVP_MD_get_size(tessera::test::jwa_digest(a))));
  }
}

}  // namespace
