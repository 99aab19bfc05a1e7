// HMAC key factories: length rules (RFC 7518 section 3.2), the algorithms a secret serves, and
// the screening that refuses asymmetric keys passed as secrets (RFC 8725 2.1, CVE-2022-29217).
#include <array>
#include <cstddef>
#include <memory>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <tessera/jwt.hpp>
#include <tessera/key.hpp>

#include "keys/secret_screening.hpp"
#include "support/assertions.hpp"
#include "support/bytes.hpp"
#include "support/tokens.hpp"

namespace {

using tessera::algorithm;
using tessera::algorithm_set;
using tessera::errc;
using tessera::key_options;
using tessera::signing_key;
using tessera::verifying_key;
using tessera::test::bytes_of;
using tessera::test::fails_with;
using tessera::test::succeeds;

constexpr key_options weak_ok{.allow_weak_key = true};

// --- OpenSSL fixtures: real asymmetric keys in the encodings people paste as "secrets". ---

struct pkey_deleter {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
using pkey_ptr = std::unique_ptr<EVP_PKEY, pkey_deleter>;

pkey_ptr generate_ec_p256() { return pkey_ptr(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256")); }
pkey_ptr generate_ed25519() { return pkey_ptr(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519")); }
pkey_ptr generate_rsa() {
  return pkey_ptr(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", std::size_t{2048}));
}

template <class F>
std::string der_of(F&& to_der) {
  const int size = to_der(nullptr);
  if (size <= 0) throw std::runtime_error("i2d failed");
  std::string out(static_cast<std::size_t>(size), '\0');
  auto* p = reinterpret_cast<unsigned char*>(out.data());
  if (to_der(&p) != size) throw std::runtime_error("i2d failed");
  return out;
}

std::string spki_der(EVP_PKEY* k) {
  return der_of([k](unsigned char** p) { return i2d_PUBKEY(k, p); });
}

std::string private_der(EVP_PKEY* k) {
  return der_of([k](unsigned char** p) { return i2d_PrivateKey(k, p); });
}

std::string certificate_der(EVP_PKEY* k) {
  std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), &X509_free);
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), 0);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3600);
  X509_set_pubkey(cert.get(), k);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("tessera test"), -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);
  if (X509_sign(cert.get(), k, EVP_sha256()) <= 0) throw std::runtime_error("X509_sign failed");
  return der_of([&cert](unsigned char** p) { return i2d_X509(cert.get(), p); });
}

std::string public_pem(EVP_PKEY* k) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
  if (PEM_write_bio_PUBKEY(bio.get(), k) != 1) throw std::runtime_error("PEM write failed");
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

// Every factory must refuse `secret` with `expected`.
void expect_every_factory_refuses(std::string_view secret, errc expected) {
  EXPECT_TRUE(fails_with(verifying_key::hmac(secret), expected));
  EXPECT_TRUE(fails_with(verifying_key::hmac(secret, weak_ok), expected));
  EXPECT_TRUE(fails_with(verifying_key::hmac(bytes_of(secret)), expected));
  for (const auto alg : {algorithm::hs256, algorithm::hs384, algorithm::hs512}) {
    SCOPED_TRACE(tessera::to_string(alg));
    EXPECT_TRUE(fails_with(signing_key::hmac(alg, secret), expected));
    EXPECT_TRUE(fails_with(signing_key::hmac(alg, secret, weak_ok), expected));
    EXPECT_TRUE(fails_with(signing_key::hmac(alg, bytes_of(secret), weak_ok), expected));
    EXPECT_TRUE(fails_with(verifying_key::hmac(alg, secret), expected));
    EXPECT_TRUE(fails_with(verifying_key::hmac(alg, secret, weak_ok), expected));
  }
}

// --- Lengths ---

struct length_case {
  algorithm alg;
  std::size_t minimum;
};

TEST(HmacKeys, SigningKeyLengthBoundaries) {
  for (const auto [alg, minimum] :
       {length_case{algorithm::hs256, 32}, length_case{algorithm::hs384, 48},
        length_case{algorithm::hs512, 64}}) {
    SCOPED_TRACE(tessera::to_string(alg));
    const std::string short_secret(minimum - 1, 'k');
    const std::string exact_secret(minimum, 'k');
    EXPECT_TRUE(fails_with(signing_key::hmac(alg, short_secret), errc::key_too_short));
    EXPECT_TRUE(fails_with(signing_key::hmac(alg, bytes_of(short_secret)), errc::key_too_short));
    const auto weak = signing_key::hmac(alg, short_secret, weak_ok);
    ASSERT_TRUE(succeeds(weak));
    EXPECT_EQ(weak->alg(), alg);
    const auto exact = signing_key::hmac(alg, exact_secret);
    ASSERT_TRUE(succeeds(exact));
    EXPECT_EQ(exact->alg(), alg);
  }
}

TEST(HmacKeys, VerifyingKeyServesTheAlgorithmsItsLengthMeets) {
  const algorithm_set hs256 = {algorithm::hs256};
  const algorithm_set hs256_384 = {algorithm::hs256, algorithm::hs384};
  const algorithm_set all_hs = {algorithm::hs256, algorithm::hs384, algorithm::hs512};
  struct row {
    std::size_t size;
    algorithm_set served;
  };
  for (const auto [size, served] :
       {row{32, hs256}, row{33, hs256}, row{47, hs256}, row{48, hs256_384}, row{63, hs256_384},
        row{64, all_hs}, row{65, all_hs}, row{200, all_hs}}) {
    SCOPED_TRACE(size);
    const auto key = verifying_key::hmac(std::string(size, 's'));
    ASSERT_TRUE(succeeds(key));
    EXPECT_EQ(key->algorithms(), served);
    for (const auto alg : {algorithm::hs256, algorithm::hs384, algorithm::hs512}) {
      EXPECT_EQ(key->may_serve(alg), served.contains(alg)) << tessera::to_string(alg);
    }
    EXPECT_FALSE(key->may_serve(algorithm::rs256));
  }
  EXPECT_TRUE(fails_with(verifying_key::hmac(std::string(31, 's')), errc::key_too_short));
  EXPECT_TRUE(fails_with(verifying_key::hmac(std::string(1, 's')), errc::key_too_short));
}

TEST(HmacKeys, WeakKeyOptOutServesEveryHsAlgorithm) {
  for (const std::size_t size : {std::size_t{1}, std::size_t{6}, std::size_t{31}}) {
    SCOPED_TRACE(size);
    const auto key = verifying_key::hmac(std::string(size, 's'), weak_ok);
    ASSERT_TRUE(succeeds(key));
    EXPECT_EQ(key->algorithms(),
              (algorithm_set{algorithm::hs256, algorithm::hs384, algorithm::hs512}));
  }
}

TEST(HmacKeys, VerifyingKeyBoundToOneAlgorithm) {
  const auto key = verifying_key::hmac(algorithm::hs256, std::string(64, 's'));
  ASSERT_TRUE(succeeds(key));
  EXPECT_EQ(key->algorithms(), algorithm_set{algorithm::hs256});
  EXPECT_FALSE(key->may_serve(algorithm::hs512));

  EXPECT_TRUE(
      fails_with(verifying_key::hmac(algorithm::hs512, std::string(63, 's')), errc::key_too_short));
  const auto weak = verifying_key::hmac(algorithm::hs512, std::string(63, 's'), weak_ok);
  ASSERT_TRUE(succeeds(weak));
  EXPECT_EQ(weak->algorithms(), algorithm_set{algorithm::hs512});
  const auto bytes = verifying_key::hmac(algorithm::hs384, bytes_of(std::string(48, 's')));
  ASSERT_TRUE(succeeds(bytes));
  EXPECT_EQ(bytes->algorithms(), algorithm_set{algorithm::hs384});
}

TEST(HmacKeys, EmptySecretIsEmptyKey) {
  expect_every_factory_refuses("", errc::empty_key);
  EXPECT_TRUE(fails_with(verifying_key::hmac(std::span<const std::byte>{}), errc::empty_key));
  EXPECT_TRUE(fails_with(signing_key::hmac(algorithm::hs256, std::span<const std::byte>{}),
                         errc::empty_key));
}

TEST(HmacKeys, NonHmacAlgorithmsAreRefused) {
  const std::string secret(64, 's');
  for (const auto alg : {algorithm::rs256, algorithm::ps256, algorithm::es256, algorithm::es256k,
                         algorithm::eddsa}) {
    SCOPED_TRACE(tessera::to_string(alg));
    EXPECT_TRUE(fails_with(signing_key::hmac(alg, secret), errc::key_not_for_algorithm));
    EXPECT_TRUE(fails_with(signing_key::hmac(alg, secret, weak_ok), errc::key_not_for_algorithm));
    EXPECT_TRUE(fails_with(verifying_key::hmac(alg, secret), errc::key_not_for_algorithm));
    EXPECT_TRUE(fails_with(signing_key::hmac(alg, ""), errc::key_not_for_algorithm));
  }
}

TEST(HmacKeys, ByteAndTextOverloadsMakeTheSameKey) {
  const std::string secret(40, 'x');
  const auto from_text = signing_key::hmac(algorithm::hs256, secret);
  const auto from_bytes = signing_key::hmac(algorithm::hs256, bytes_of(secret));
  ASSERT_TRUE(succeeds(from_text));
  ASSERT_TRUE(succeeds(from_bytes));
  const auto claims = tessera::claims{}.subject("same");
  EXPECT_EQ(tessera::encode(claims, *from_text).value(),
            tessera::encode(claims, *from_bytes).value());
}

TEST(HmacKeys, KeysAreCopyableAndOwnTheirSecret) {
  std::string secret(64, 'q');
  std::optional<signing_key> copy;
  {
    const auto original = signing_key::hmac(algorithm::hs512, secret);
    ASSERT_TRUE(succeeds(original));
    copy = *original;
  }
  // The key copied the secret: changing the caller's buffer changes nothing.
  const auto before = tessera::encode(tessera::claims{}, *copy).value();
  secret.assign(64, 'z');
  EXPECT_EQ(tessera::encode(tessera::claims{}, *copy).value(), before);
  const auto verifier = tessera::verifier::create(verifying_key::hmac(std::string(64, 'q')).value(),
                                                  {.algorithms = {algorithm::hs512}});
  ASSERT_TRUE(succeeds(verifier));
  EXPECT_TRUE(succeeds(verifier->verify(before)));
}

// --- Screening: asymmetric keys are not secrets. ---

TEST(SecretScreening, PemBlocks) {
  const auto key = generate_ec_p256();
  ASSERT_NE(key, nullptr);
  const std::string pem = public_pem(key.get());
  ASSERT_TRUE(pem.starts_with("-----BEGIN PUBLIC KEY-----"));
  expect_every_factory_refuses(pem, errc::key_looks_asymmetric);
  expect_every_factory_refuses(
      "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n"
      "-----END PUBLIC KEY-----\n",
      errc::key_looks_asymmetric);
  expect_every_factory_refuses("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
                               errc::key_looks_asymmetric);
  expect_every_factory_refuses("\n\n  -----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n",
                               errc::key_looks_asymmetric);
}

TEST(SecretScreening, OpenSshPublicKeys) {
  expect_every_factory_refuses(
      "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7vbqajDhA3d1A6Kz0V4MX9q0a5T3d user@example.com",
      errc::key_looks_asymmetric);
  expect_every_factory_refuses(
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl user@host",
      errc::key_looks_asymmetric);
  expect_every_factory_refuses(
      "  ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBEmK user@host",
      errc::key_looks_asymmetric);
}

TEST(SecretScreening, JwkJson) {
  expect_every_factory_refuses(
      R"({"kty":"RSA","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W","e":"AQAB"})",
      errc::key_looks_asymmetric);
  // An oct JWK is still a JWK: the secret is its "k", not the JSON text.
  expect_every_factory_refuses(
      R"( {"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"})",
      errc::key_looks_asymmetric);
  expect_every_factory_refuses(
      R"({"keys":[{"kty":"EC","crv":"P-256","x":"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4"}]})",
      errc::key_looks_asymmetric);
}

TEST(SecretScreening, DerKeysAndCertificates) {
  std::vector<std::pair<std::string, pkey_ptr>> keys;
  keys.emplace_back("EC P-256", generate_ec_p256());
  keys.emplace_back("Ed25519", generate_ed25519());
  keys.emplace_back("RSA 2048", generate_rsa());
  for (const auto& [label, key] : keys) {
    SCOPED_TRACE(label);
    ASSERT_NE(key, nullptr);
    const std::string spki = spki_der(key.get());
    ASSERT_EQ(static_cast<unsigned char>(spki[0]), 0x30u);
    EXPECT_TRUE(tessera::detail::looks_like_asymmetric_key(bytes_of(spki)));
    expect_every_factory_refuses(spki, errc::key_looks_asymmetric);

    const std::string priv = private_der(key.get());
    EXPECT_TRUE(tessera::detail::looks_like_asymmetric_key(bytes_of(priv)));
    EXPECT_TRUE(fails_with(verifying_key::hmac(priv, weak_ok), errc::key_looks_asymmetric));
  }
  const auto ec = generate_ec_p256();
  const std::string cert = certificate_der(ec.get());
  EXPECT_TRUE(tessera::detail::looks_like_asymmetric_key(bytes_of(cert)));
  expect_every_factory_refuses(cert, errc::key_looks_asymmetric);
}

TEST(SecretScreening, OrdinarySecretsPass) {
  std::mt19937 rng(99);
  std::uniform_int_distribution<int> byte(0, 255);
  for (int i = 0; i < 200; ++i) {
    std::string secret(64, '\0');
    for (auto& ch : secret) ch = static_cast<char>(byte(rng));
    if (i % 2 == 0) secret[0] = '\x30';  // a DER SEQUENCE tag followed by noise
    SCOPED_TRACE(tessera::test::hex_encode(bytes_of(secret)));
    EXPECT_FALSE(tessera::detail::looks_like_asymmetric_key(bytes_of(secret)));
    EXPECT_TRUE(succeeds(verifying_key::hmac(secret)));
  }
  for (const std::string& secret :
       {std::string(tessera::test::test_secret),
        std::string(R"({"secret":"not a key, just JSON that happens to be long enough"})"),
        std::string("BEGIN PUBLIC KEY but without the dashes, long enough for HS256....."),
        std::string("ssh-rsa-without-a-space-is-not-an-openssh-key-line-xxxxxxxxxxxxxxxxx"),
        std::string("{\"kty\" in text that is not JSON at all.......................}x")}) {
    SCOPED_TRACE(secret);
    EXPECT_FALSE(tessera::detail::looks_like_asymmetric_key(bytes_of(secret)));
    EXPECT_TRUE(succeeds(signing_key::hmac(algorithm::hs256, secret)));
  }
}

}  // namespace
