// The raw-OpenSSL floor: the same HS256 cryptography (HMAC over the signing input, compared in
// constant time) with nothing of JWT around it, done three ways.
#define OPENSSL_SUPPRESS_DEPRECATED  // floor_sha256_state uses the SHA256_* functions on purpose
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

void report_allocations(benchmark::State& state, std::uint64_t before) {
  state.counters["allocs/op"] =
      benchmark::Counter(static_cast<double>(allocations_on_this_thread() - before) /
                         static_cast<double>(state.iterations()));
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
  report_allocations(state, before);
  state.SetItemsProcessed(state.iterations());
  EVP_MAC_CTX_free(keyed);
  EVP_MAC_free(mac);
}

// The fastest OpenSSL offers: inner and outer SHA-256 states computed once, copied per message.
// This is the cryptography tessera itself does.
void floor_hs256_sha256_state(benchmark::State& state) {
  const auto parts = split_token();
  unsigned char block[SHA256_CBLOCK] = {};
  std::memcpy(block, hs256_secret, sizeof hs256_secret - 1);
  unsigned char pad[SHA256_CBLOCK];
  SHA256_CTX inner, outer;
  for (std::size_t i = 0; i < sizeof pad; ++i) pad[i] = block[i] ^ 0x36;
  SHA256_Init(&inner);
  SHA256_Update(&inner, pad, sizeof pad);
  for (std::size_t i = 0; i < sizeof pad; ++i) pad[i] = block[i] ^ 0x5c;
  SHA256_Init(&outer);
  SHA256_Update(&outer, pad, sizeof pad);
  const auto before = allocations_on_this_thread();
  for (auto _ : state) {
    SHA256_CTX c = inner;
    SHA256_Update(&c, parts.signing_input.data(), parts.signing_input.size());
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256_Final(digest, &c);
    c = outer;
    SHA256_Update(&c, digest, sizeof digest);
    SHA256_Final(digest, &c);
    const bool ok = parts.signature.size() == sizeof digest &&
                    CRYPTO_memcmp(digest, parts.signature.data(), sizeof digest) == 0;
    if (!ok) state.SkipWithError("floor: signature mismatch");
    benchmark::DoNotOptimize(ok);
  }
  report_allocations(state, before);
  state.SetItemsProcessed(state.iterations());
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
  report_allocations(state, before);
  state.SetItemsProcessed(state.iterations());
}

}  // namespace

BENCHMARK(floor_hs256_evp_mac_dup);
BENCHMARK(floor_hs256_sha256_state);
BENCHMARK(openssl_hs256_oneshot);

}  // namespace tessera::bench
