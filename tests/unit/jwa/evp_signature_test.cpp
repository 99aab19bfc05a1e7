// The prepared RS*, PS*, ES* and EdDSA contexts (src/jwa/evp_signature.cpp), checked against
// OpenSSL used directly: what the library signs OpenSSL verifies with JWA's parameters, and what
// the library verifies is exactly what those parameters allow (PSS salt = hash length, MGF1 with
// the same hash, raw R || S for ECDSA, the key's own EdDSA curve).
#include "jwa/evp_signature.hpp"

#include <array>
#include <atomic>
#include <cstddef>
#include <memory>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <tessera/error.hpp>
#include <tessera/key.hpp>

#include "detail/key_facts.hpp"
#include "detail/key_material.hpp"
#include "jwa/ecdsa_signature.hpp"
#include "support/assertions.hpp"
#include "support/asymmetric.hpp"

namespace {

using tessera::algorithm;
using tessera::algorithm_set;
using tessera::errc;
using tessera::signing_key;
using tessera::verifying_key;
using tessera::detail::key_material;
using tessera::detail::max_signature_size;
using tessera::test::fails_with;
using tessera::test::is_ecdsa;
using tessera::test::is_rsa_pkcs1;
using tessera::test::is_rsa_pss;
using tessera::test::openssl_sign;
using tessera::test::pss_params;
using tessera::test::succeeds;

constexpr std::string_view message = "eyJhbGciOiJ0ZXN0In0.eyJzdWIiOiJldnAifQ";

std::vector<std::byte> sign_with(const key_material& m, algorithm alg, std::string_view input) {
  std::array<std::byte, max_signature_size> out{};
  const auto size = m.sign(alg, input, out);
  if (!size) throw std::runtime_error(std::string("sign: ") + tessera::to_name(size.error()));
  return {out.begin(), out.begin() + static_cast<std::ptrdiff_t>(*size)};
}

// Verifies with OpenSSL directly, with JWA's parameters (for ES*, `sig` is DER).
bool openssl_verify(EVP_PKEY* pkey, algorithm alg, std::string_view input,
                    std::span<const unsigned char> sig) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  EVP_PKEY_CTX* pctx = nullptr;
  if (EVP_DigestVerifyInit(ctx.get(), &pctx, tessera::test::jwa_digest(alg), nullptr, pkey) != 1)
    return false;
  if (is_rsa_pss(alg)) {
    EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING);
    EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST);
    EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, tessera::test::jwa_digest(alg));
  } else if (is_rsa_pkcs1(alg)) {
    EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING);
  }
  return EVP_DigestVerify(ctx.get(), sig.data(), sig.size(),
                          reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1;
}

std::span<const std::byte> as_bytes(const std::vector<unsigned char>& v) {
  return std::as_bytes(std::span(v));
}

std::vector<unsigned char> as_uchars(const std::vector<std::byte>& v) {
  std::vector<unsigned char> out(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) out[i] = std::to_integer<unsigned char>(v[i]);
  return out;
}

// R || S (from the library) as DER, via OpenSSL's ECDSA_SIG.
std::vector<unsigned char> raw_to_openssl_der(const std::vector<std::byte>& raw) {
  const auto bytes = as_uchars(raw);
  const int half = static_cast<int>(bytes.size() / 2);
  std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)> sig(ECDSA_SIG_new(), &ECDSA_SIG_free);
  ECDSA_SIG_set0(sig.get(), BN_bin2bn(bytes.data(), half, nullptr),
                 BN_bin2bn(bytes.data() + half, half, nullptr));
  const int size = i2d_ECDSA_SIG(sig.get(), nullptr);
  std::vector<unsigned char> out(static_cast<std::size_t>(size));
  unsigned char* p = out.data();
  i2d_ECDSA_SIG(sig.get(), &p);
  return out;
}

struct case_info {
  algorithm alg;
  tessera::okp_curve curve = tessera::okp_curve::ed25519;
  std::size_t signature_size;
  const char* name;
};

void PrintTo(const case_info& c, std::ostream* os) { *os << c.name; }

const case_info cases[] = {
    {algorithm::rs256, {}, 256, "RS256"},
    {algorithm::rs384, {}, 256, "RS384"},
    {algorithm::rs512, {}, 256, "RS512"},
    {algorithm::ps256, {}, 256, "PS256"},
    {algorithm::ps384, {}, 256, "PS384"},
    {algorithm::ps512, {}, 256, "PS512"},
    {algorithm::es256, {}, 64, "ES256"},
    {algorithm::es384, {}, 96, "ES384"},
    {algorithm::es512, {}, 132, "ES512"},
    {algorithm::es256k, {}, 64, "ES256K"},
    {algorithm::eddsa, tessera::okp_curve::ed25519, 64, "EdDSA_Ed25519"},
    {algorithm::eddsa, tessera::okp_curve::ed448, 114, "EdDSA_Ed448"},
};

class EvpSignature : public ::testing::TestWithParam<case_info> {
 protected:
  void SetUp() override {
    const auto& c = GetParam();
    auto key = is_rsa_pkcs1(c.alg) || is_rsa_pss(c.alg)
                   ? signing_key::from_pem(c.alg, tessera::test::fixed_rsa_2048_pem)
                   : signing_key::generate(c.alg, {.curve = c.curve});
    ASSERT_TRUE(succeeds(key));
    key_.emplace(std::move(*key));
  }
  const signing_key& key() const { return *key_; }
  EVP_PKEY* pkey() const { return key_->material().pkey(); }

 private:
  std::optional<signing_key> key_;
};

TEST_P(EvpSignature, LibrarySignaturesVerifyInOpenSslAndInTheLibrary) {
  const auto& c = GetParam();
  const auto sig = sign_with(key().material(), c.alg, message);
  EXPECT_EQ(sig.size(), c.signature_size);
  const auto verifier = key().verifier_key();
  EXPECT_TRUE(verifier.material().verify(c.alg, message, sig));
  const auto der_or_raw = is_ecdsa(c.alg) ? raw_to_openssl_der(sig) : as_uchars(sig);
  EXPECT_TRUE(openssl_verify(pkey(), c.alg, message, der_or_raw));
  // A changed input or signature fails.
  EXPECT_FALSE(verifier.material().verify(c.alg, std::string(message) + ".", sig));
  for (const std::size_t at : {std::size_t{0}, sig.size() / 2, sig.size() - 1}) {
    auto changed = sig;
    changed[at] ^= std::byte{0x01};
    EXPECT_FALSE(verifier.material().verify(c.alg, message, changed)) << "byte " << at;
  }
}

TEST_P(EvpSignature, OpenSslSignaturesVerifyInTheLibrary) {
  const auto& c = GetParam();
  const auto sig = openssl_sign(pkey(), c.alg, message);
  std::vector<std::byte> jws_sig;
  if (is_ecdsa(c.alg)) {
    jws_sig.resize(c.signature_size);
    const auto size = tessera::detail::ecdsa_der_to_raw(sig, c.signature_size / 2, jws_sig);
    ASSERT_TRUE(succeeds(size));
  } else {
    const auto bytes = as_bytes(sig);
    jws_sig.assign(bytes.begin(), bytes.end());
  }
  EXPECT_TRUE(key().verifier_key().material().verify(c.alg, message, jws_sig));
}

TEST_P(EvpSignature, EmptyAndWrongLengthSignaturesFail) {
  const auto& c = GetParam();
  const auto sig = sign_with(key().material(), c.alg, message);
  const auto& v = key().verifier_key().material();
  EXPECT_FALSE(v.verify(c.alg, message, {}));
  auto longer = sig;
  longer.push_back(std::byte{0});
  EXPECT_FALSE(v.verify(c.alg, message, longer));
  auto prefixed = sig;
  prefixed.insert(prefixed.begin(), std::byte{0});
  EXPECT_FALSE(v.verify(c.alg, message, prefixed));
  EXPECT_FALSE(v.verify(c.alg, message, std::span(sig).first(sig.size() - 1)));
  EXPECT_FALSE(v.verify(c.alg, message, std::span(sig).subspan(1)));
}

TEST_P(EvpSignature, DeterministicAlgorithmsGiveTheSameSignatureTwice) {
  const auto& c = GetParam();
  const auto a = sign_with(key().material(), c.alg, message);
  const auto b = sign_with(key().material(), c.alg, message);
  // RS* and EdDSA are deterministic; PS* (random salt) and ES* (random k) are not.
  if (is_rsa_pkcs1(c.alg) || c.alg == algorithm::eddsa) {
    EXPECT_EQ(a, b);
  } else {
    EXPECT_NE(a, b);
  }
}

TEST_P(EvpSignature, ConcurrentVerificationsShareOnePreparedKey) {
  const auto& c = GetParam();
  const auto sig = sign_with(key().material(), c.alg, message);
  const auto verifier = key().verifier_key();
  std::atomic<int> good{0}, bad{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      auto wrong = sig;
      wrong[0] ^= std::byte{0x80};
      for (int i = 0; i < 25; ++i) {
        if (verifier.material().verify(c.alg, message, sig)) ++good;
        if (!verifier.material().verify(c.alg, message, wrong)) ++bad;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(good.load(), 100);
  EXPECT_EQ(bad.load(), 100);
}

INSTANTIATE_TEST_SUITE_P(Algorithms, EvpSignature, ::testing::ValuesIn(cases),
                         [](const auto& param_info) { return std::string(param_info.param.name); });

// --- RSA-PSS parameters: JWA fixes them; OpenSSL would otherwise auto-detect the salt. ---

std::vector<std::byte> bytes(const std::vector<unsigned char>& v) {
  const auto b = as_bytes(v);
  return {b.begin(), b.end()};
}

TEST(RsaPssParameters, OnlyTheHashLengthSaltAndTheSameMgf1HashVerify) {
  const auto key =
      signing_key::from_pem(algorithm::ps256, tessera::test::fixed_rsa_2048_pem).value();
  EVP_PKEY* pkey = key.material().pkey();
  // A verifying key for all RS* and PS*: the library must still fix each algorithm's parameters.
  const auto v = verifying_key::from_pem(key.verifier_key().to_pem().value()).value();
  ASSERT_TRUE(v.may_serve(algorithm::ps256) && v.may_serve(algorithm::ps512));

  struct row {
    algorithm alg;
    pss_params params;
    bool accepted;
    const char* what;
  };
  const row rows[] = {
      {algorithm::ps256, {nullptr, 32}, true, "PS256 salt 32"},
      {algorithm::ps256, {nullptr, 0}, false, "PS256 salt 0"},
      {algorithm::ps256, {nullptr, 20}, false, "PS256 salt 20"},
      {algorithm::ps256, {nullptr, 31}, false, "PS256 salt 31"},
      {algorithm::ps256, {nullptr, 33}, false, "PS256 salt 33"},
      {algorithm::ps256, {nullptr, 64}, false, "PS256 salt 64"},
      {algorithm::ps256, {nullptr, RSA_PSS_SALTLEN_MAX}, false, "PS256 salt max"},
      {algorithm::ps256, {EVP_sha1(), 32}, false, "PS256 salt 32, MGF1-SHA1"},
      {algorithm::ps256, {EVP_sha512(), 32}, false, "PS256 salt 32, MGF1-SHA512"},
      {algorithm::ps384, {nullptr, 48}, true, "PS384 salt 48"},
      {algorithm::ps384, {nullptr, 32}, false, "PS384 salt 32"},
      {algorithm::ps384, {nullptr, 0}, false, "PS384 salt 0"},
      {algorithm::ps384, {EVP_sha256(), 48}, false, "PS384 salt 48, MGF1-SHA256"},
      {algorithm::ps512, {nullptr, 64}, true, "PS512 salt 64"},
      {algorithm::ps512, {nullptr, 20}, false, "PS512 salt 20"},
      {algorithm::ps512, {nullptr, 0}, false, "PS512 salt 0"},
      {algorithm::ps512, {EVP_sha384(), 64}, false, "PS512 salt 64, MGF1-SHA384"},
  };
  for (const auto& r : rows) {
    SCOPED_TRACE(r.what);
    const auto sig = bytes(openssl_sign(pkey, r.alg, message, r.params));
    EXPECT_EQ(v.material().verify(r.alg, message, sig), r.accepted);
    EXPECT_EQ(key.verifier_key().material().verify(r.alg, message, sig),
              r.accepted && r.alg == algorithm::ps256);
  }
}

TEST(RsaPssParameters, PaddingsAndHashesAreNotInterchangeable) {
  const auto key =
      signing_key::from_pem(algorithm::rs256, tessera::test::fixed_rsa_2048_pem).value();
  const auto v = verifying_key::from_pem(key.verifier_key().to_pem().value()).value();
  EVP_PKEY* pkey = key.material().pkey();
  const algorithm rsa_algs[] = {algorithm::rs256, algorithm::rs384, algorithm::rs512,
                                algorithm::ps256, algorithm::ps384, algorithm::ps512};
  for (const auto signer : rsa_algs) {
    const auto sig = bytes(openssl_sign(pkey, signer, message));
    for (const auto checker : rsa_algs) {
      SCOPED_TRACE(std::string(tessera::to_string(signer)) + " checked as " +
                   std::string(tessera::to_string(checker)));
      EXPECT_EQ(v.material().verify(checker, message, sig), signer == checker);
    }
  }
}

// --- Keys and the algorithms they were prepared for. ---

TEST(EvpMaterial, AKeyOnlyServesTheAlgorithmsItWasPreparedFor) {
  const auto key =
      signing_key::from_pem(algorithm::rs256, tessera::test::fixed_rsa_2048_pem).value();
  // Bound to RS256: no context for RS384 or PS256.
  std::array<std::byte, max_signature_size> out{};
  EXPECT_TRUE(
      fails_with(key.material().sign(algorithm::rs384, message, out), errc::key_not_for_algorithm));
  EXPECT_TRUE(
      fails_with(key.material().sign(algorithm::ps256, message, out), errc::key_not_for_algorithm));
  const auto sig = sign_with(key.material(), algorithm::rs256, message);
  EXPECT_FALSE(key.verifier_key().material().verify(algorithm::rs384, message, sig));
  EXPECT_FALSE(key.verifier_key().material().verify(algorithm::es256, message, sig));
  // A verifying key has no signing contexts at all.
  const auto v = verifying_key::from_pem(key.verifier_key().to_pem().value()).value();
  EXPECT_FALSE(v.material().can_sign());
  EXPECT_TRUE(
      fails_with(v.material().sign(algorithm::rs256, message, out), errc::key_not_for_algorithm));
}

TEST(EvpMaterial, SigningNeedsAPrivateKey) {
  const auto key = signing_key::generate(algorithm::es256).value();
  const auto v = verifying_key::from_pem(key.verifier_key().to_pem().value()).value();
  const auto facts = tessera::detail::inspect_key(v.material().pkey(), {});
  ASSERT_TRUE(succeeds(facts));
  EXPECT_FALSE(facts->is_private);
  EXPECT_TRUE(
      fails_with(tessera::detail::make_evp_material(tessera::detail::share(v.material().pkey()),
                                                    *facts, {algorithm::es256}, true),
                 errc::not_a_private_key));
  const auto prepared = tessera::detail::make_evp_material(
      tessera::detail::share(v.material().pkey()), *facts, {algorithm::es256}, false);
  ASSERT_TRUE(succeeds(prepared));
  EXPECT_FALSE((*prepared)->can_sign());
  EXPECT_TRUE((*prepared)->verify(algorithm::es256, message,
                                  sign_with(key.material(), algorithm::es256, message)));
}

TEST(EvpMaterial, EcdsaSignaturesMustBeRawNotDer) {
  for (const auto alg : {algorithm::es256, algorithm::es384, algorithm::es512, algorithm::es256k}) {
    SCOPED_TRACE(tessera::to_string(alg));
    const auto key = signing_key::generate(alg).value();
    const auto der = bytes(openssl_sign(key.material().pkey(), alg, message));
    // OpenSSL itself accepts its DER; the JWS verifier must not.
    EXPECT_TRUE(openssl_verify(key.material().pkey(), alg, message, as_uchars(der)));
    EXPECT_FALSE(key.verifier_key().material().verify(alg, message, der));
  }
}

TEST(EvpMaterial, EdDsaCurvesDoNotVerifyEachOther) {
  const auto ed25519 = signing_key::generate(algorithm::eddsa).value();
  const auto ed448 =
      signing_key::generate(algorithm::eddsa, {.curve = tessera::okp_curve::ed448}).value();
  const auto sig25519 = sign_with(ed25519.material(), algorithm::eddsa, message);
  const auto sig448 = sign_with(ed448.material(), algorithm::eddsa, message);
  EXPECT_EQ(sig25519.size(), 64u);
  EXPECT_EQ(sig448.size(), 114u);
  EXPECT_FALSE(ed25519.verifier_key().material().verify(algorithm::eddsa, message, sig448));
  EXPECT_FALSE(ed448.verifier_key().material().verify(algorithm::eddsa, message, sig25519));
  // Nor does a 64-byte prefix of an Ed448 signature pass as Ed25519.
  EXPECT_FALSE(ed25519.verifier_key().material().verify(algorithm::eddsa, message,
                                                        std::span(sig448).first(64)));
}

}  // namespace
