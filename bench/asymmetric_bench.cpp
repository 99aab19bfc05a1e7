// RS256, PS256, ES256, ES256K and EdDSA: tessera's sign and verify+decode beside a raw-OpenSSL
// floor doing the same cryptography with a pre-parsed key and pre-fetched digest (a new
// EVP_MD_CTX initialised per operation, as a careful OpenSSL program does).
#include <benchmark/benchmark.h>

#include <cstring>
#include <map>
#include <string>
#include <vector>

#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <tessera/base64url.hpp>
#include <tessera/jwt.hpp>

#include "allocation_counter.hpp"
#include "fixtures.hpp"
#include "operation_report.hpp"

namespace tessera::bench {
namespace {

struct contender {
  tessera::algorithm alg;
  tessera::signing_key key;
  tessera::verifier verifier;
  std::string token;
  std::string signing_input;
  std::vector<unsigned char> openssl_signature;  // DER for ECDSA, as OpenSSL verifies it
  EVP_PKEY* pkey;
  EVP_MD* md;
};

const char* digest_name(tessera::algorithm alg) {
  return alg == tessera::algorithm::eddsa ? nullptr : "SHA2-256";
}

contender make_contender(tessera::algorithm alg) {
  auto key = bench_key(alg);
  auto verifier = tessera::value_or_throw(tessera::verifier::create(
      key.verifier_key(),
      {.algorithms = {alg}, .issuer = {issuer}, .required = {tessera::claim::exp}}));
  auto token = tessera::value_or_throw(tessera::encode(bench_claims(), key));
  const auto dot = token.rfind('.');
  auto raw =
      tessera::value_or_throw(tessera::base64url_decode(std::string_view(token).substr(dot + 1)));
  std::vector<unsigned char> signature(raw.size());
  std::memcpy(signature.data(), raw.data(), raw.size());
  if (alg == tessera::algorithm::es256 || alg == tessera::algorithm::es256k) {
    ECDSA_SIG* sig = ECDSA_SIG_new();
    ECDSA_SIG_set0(sig, BN_bin2bn(signature.data(), 32, nullptr),
                   BN_bin2bn(signature.data() + 32, 32, nullptr));
    unsigned char* der = nullptr;
    const int size = i2d_ECDSA_SIG(sig, &der);
    signature.assign(der, der + size);
    OPENSSL_free(der);
    ECDSA_SIG_free(sig);
  }
  // The floor gets its own pre-parsed copy of the key, read back from PEM.
  const auto pem = tessera::value_or_throw(key.to_pem());
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  EVP_PKEY* pkey = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  EVP_MD* md = digest_name(alg) ? EVP_MD_fetch(nullptr, digest_name(alg), nullptr) : nullptr;
  return contender{
      alg, std::move(key), std::move(verifier), token, token.substr(0, dot), signature, pkey, md};
}

contender& get(tessera::algorithm alg) {
  static std::map<tessera::algorithm, contender> contenders;
  auto it = contenders.find(alg);
  if (it == contenders.end()) it = contenders.emplace(alg, make_contender(alg)).first;
  return it->second;
}

void set_pss(EVP_PKEY_CTX* pctx, tessera::algorithm alg, const EVP_MD* md) {
  if (alg != tessera::algorithm::ps256) return;
  EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING);
  EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST);
  EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, md);
}

void tessera_verify(benchmark::State& state, tessera::algorithm alg) {
  auto& c = get(alg);
  const auto before = allocations_on_this_thread();
  for (auto _ : state) {
    auto verified = c.verifier.verify(c.token);
    if (!verified) state.SkipWithError(verified.error().message().c_str());
    benchmark::DoNotOptimize(verified);
  }
  report_per_operation(state, before);
}

void tessera_sign(benchmark::State& state, tessera::algorithm alg) {
  auto& c = get(alg);
  const auto payload = bench_claims();
  const auto before = allocations_on_this_thread();
  for (auto _ : state) {
    auto token = tessera::encode(payload, c.key);
    benchmark::DoNotOptimize(token);
  }
  report_per_operation(state, before);
}

void floor_verify(benchmark::State& state, tessera::algorithm alg) {
  auto& c = get(alg);
  const auto* data = reinterpret_cast<const unsigned char*>(c.signing_input.data());
  const auto before = allocations_on_this_thread();
  for (auto _ : state) {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_PKEY_CTX* pctx = nullptr;
    EVP_DigestVerifyInit(ctx, &pctx, c.md, nullptr, c.pkey);
    set_pss(pctx, alg, c.md);
    const bool ok = EVP_DigestVerify(ctx, c.openssl_signature.data(), c.openssl_signature.size(),
                                     data, c.signing_input.size()) == 1;
    EVP_MD_CTX_free(ctx);
    if (!ok) state.SkipWithError("floor: signature mismatch");
    benchmark::DoNotOptimize(ok);
  }
  report_per_operation(state, before);
}

void floor_sign(benchmark::State& state, tessera::algorithm alg) {
  auto& c = get(alg);
  const auto* data = reinterpret_cast<const unsigned char*>(c.signing_input.data());
  const auto before = allocations_on_this_thread();
  for (auto _ : state) {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_PKEY_CTX* pctx = nullptr;
    EVP_DigestSignInit(ctx, &pctx, c.md, nullptr, c.pkey);
    set_pss(pctx, alg, c.md);
    unsigned char out[1024];
    std::size_t size = sizeof out;
    const bool ok = EVP_DigestSign(ctx, out, &size, data, c.signing_input.size()) == 1;
    EVP_MD_CTX_free(ctx);
    if (!ok) state.SkipWithError("floor: signing failed");
    benchmark::DoNotOptimize(out);
  }
  report_per_operation(state, before);
}

}  // namespace

#define TESSERA_ASYMMETRIC_BENCH(name, alg)                         \
  BENCHMARK_CAPTURE(tessera_verify, name, tessera::algorithm::alg); \
  BENCHMARK_CAPTURE(floor_verify, name, tessera::algorithm::alg);   \
  BENCHMARK_CAPTURE(tessera_sign, name, tessera::algorithm::alg);   \
  BENCHMARK_CAPTURE(floor_sign, name, tessera::algorithm::alg)

TESSERA_ASYMMETRIC_BENCH(RS256, rs256);
TESSERA_ASYMMETRIC_BENCH(PS256, ps256);
TESSERA_ASYMMETRIC_BENCH(ES256, es256);
TESSERA_ASYMMETRIC_BENCH(ES256K, es256k);
TESSERA_ASYMMETRIC_BENCH(EdDSA, eddsa);

}  // namespace tessera::bench
