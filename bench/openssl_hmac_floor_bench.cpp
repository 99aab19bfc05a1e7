// The raw-OpenSSL floor: the same HS256 cryptography (HMAC over the signing input, compared in
// constant time) with nothing of JWT around it, done three ways.
#include <benchmark/benchmark.h>

#include <array>
#include <cstring>
#include <string>
#include <vector>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <tessera/base64url.hpp>

#include "allocation_counter.hpp"
#include "fixtures.hpp"
#include "operation_report.hpp"
#include "sha256_hmac_state.hpp"

namespace tessera::bench {
namespace {

struct token_parts {
  std::string signing_input;
  std::vector<std::byte> signature;
};

token_parts split_token() {
  const std::string token = make_hs256_token();
  const auto dot = token.rfind('.');
  return {token.substr(0, dot),
          *tessera::base64url_decode(std::string_view(token).substr(dot + 1))};
}

// OpenSSL 3's recommended shape: a keyed EVP_MAC_CTX prepared once, duplicated per message.
void floor_hs256_evp_mac_dup(benchmark::State& state) {
  const auto parts = split_token();
  EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  EVP_MAC_CTX* keyed = EVP_MAC_CTX_new(mac);
  char digest_name[] = "SHA256";
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name, 0),
      OSSL_PARAM_construct_end()};
  EVP_MAC_init(keyed, reinterpret_cast<const unsigned char*>(hs256_secret), sizeof hs256_secret - 1,
               params);
  const auto before = allocations_on_this_thread();
  for (auto _ : state) {
    EVP_MAC_CTX* ctx = EVP_MAC_CTX_dup(keyed);
    EVP_MAC_update(ctx, reinterpret_cast<const unsigned char*>(parts.signing_input.data()),
                   parts.signing_input.size());
    unsigned char out[EVP_MAX_MD_SIZE];
    std::size_t out_len = 0;
    EVP_MAC_final(ctx, out, &out_len, sizeof out);
    EVP_MAC_CTX_free(ctx);
    const bool ok = out_len == parts.signature.size() &&
                    CRYPTO_memcmp(out, parts.signature.data(), out_len) == 0;
    if (!ok) state.SkipWithError("floor: signature mismatch");
    benchmark::DoNotOptimize(ok);
  }
  report_per_operation(state, before);
  EVP_MAC_CTX_free(keyed);
  EVP_MAC_free(mac);
}

// The fastest OpenSSL offers: inner and outer SHA-256 states computed once, copied per message.
// This is the cryptography tessera itself does.
void floor_hs256_sha256_state(benchmark::State& state) {
  const auto parts = split_token();
  const sha256_hmac_state hmac{std::string_view(hs256_secret)};
  const auto before = allocations_on_this_thread();
  for (auto _ : state) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    hmac.mac(parts.signing_input, digest);
    const bool ok = parts.signature.size() == sizeof digest &&
                    CRYPTO_memcmp(digest, parts.signature.data(), sizeof digest) == 0;
    if (!ok) state.SkipWithError("floor: signature mismatch");
    benchmark::DoNotOptimize(ok);
  }
  report_per_operation(state, before);
}

// For reference: the one-shot HMAC() that most JWT libraries call.
void openssl_hs256_oneshot(benchmark::State& state) {
  const auto parts = split_token();
  const EVP_MD* md = EVP_sha256();
  const auto before = allocations_on_this_thread();
  for (auto _ : state) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int out_len = 0;
    HMAC(md, hs256_secret, sizeof hs256_secret - 1,
         reinterpret_cast<const unsigned char*>(parts.signing_input.data()),
         parts.signing_input.size(), out, &out_len);
    const bool ok = out_len == parts.signature.size() &&
                    CRYPTO_memcmp(out, parts.signature.data(), out_len) == 0;
    if (!ok) state.SkipWithError("one-shot: signature mismatch");
    benchmark::DoNotOptimize(ok);
  }
  report_per_operation(state, before);
}

}  // namespace

BENCHMARK(floor_hs256_evp_mac_dup);
BENCHMARK(floor_hs256_sha256_state);
BENCHMARK(openssl_hs256_oneshot);

}  // namespace tessera::bench
