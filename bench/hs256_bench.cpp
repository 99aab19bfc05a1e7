// tessera's HS256 sign and verify+decode (with exp and iss checks).
#include <benchmark/benchmark.h>

#include <cstddef>
#include <vector>

#include <tessera/jwt.hpp>

#include "allocation_counter.hpp"
#include "fixtures.hpp"
#include "operation_report.hpp"

namespace tessera::bench {
namespace {

void tessera_hs256_verify(benchmark::State& state) {
  static const auto verifier = tessera::value_or_throw(tessera::verifier::create(
      tessera::value_or_throw(tessera::verifying_key::hmac(std::string_view(hs256_secret))),
      {.algorithms = {tessera::algorithm::hs256},
       .issuer = {issuer},
       .required = {tessera::claim::exp, tessera::claim::iss}}));
  const auto tokens = make_hs256_tokens();
  std::size_t next = 0;
  const auto before = allocations_on_this_thread();
  for (auto _ : state) {
    auto verified = verifier.verify(tokens[next]);
    if (!verified) state.SkipWithError(verified.error().message().c_str());
    // What a caller reads: the subject (exp and iss were checked).
    if (verified) benchmark::DoNotOptimize(verified->claims().subject());
    benchmark::DoNotOptimize(verified);
    next = next + 1 == tokens.size() ? 0 : next + 1;
  }
  report_per_operation(state, before);
}

void tessera_hs256_sign(benchmark::State& state) {
  const auto& key = bench_key(tessera::algorithm::hs256);
  std::vector<tessera::claims> payloads;
  for (std::size_t i = 0; i < distinct_tokens; ++i) payloads.push_back(bench_claims(i));
  std::size_t next = 0;
  const auto before = allocations_on_this_thread();
  for (auto _ : state) {
    auto token = tessera::encode(payloads[next], key);
    benchmark::DoNotOptimize(token);
    next = next + 1 == payloads.size() ? 0 : next + 1;
  }
  report_per_operation(state, before);
}

}  // namespace

BENCHMARK(tessera_hs256_verify);
BENCHMARK(tessera_hs256_verify)->Threads(2)->UseRealTime();
BENCHMARK(tessera_hs256_sign);

}  // namespace tessera::bench
