// tessera's HS256 sign and verify+decode (with exp and iss checks).
#include <benchmark/benchmark.h>

#include <tessera/jwt.hpp>

#include "allocation_counter.hpp"
#include "fixtures.hpp"

namespace tessera::bench {
namespace {

void report_allocations(benchmark::State& state, std::uint64_t before) {
  state.counters["allocs/op"] =
      benchmark::Counter(static_cast<double>(allocations_on_this_thread() - before) /
                         static_cast<double>(state.iterations()));
}

void tessera_hs256_verify(benchmark::State& state) {
  static const auto verifier = tessera::value_or_throw(tessera::verifier::create(
      tessera::value_or_throw(tessera::verifying_key::hmac(std::string_view(hs256_secret))),
      {.algorithms = {tessera::algorithm::hs256},
       .issuer = {issuer},
       .required = {tessera::claim::exp, tessera::claim::iss}}));
  const std::string token = make_hs256_token();
  const auto before = allocations_on_this_thread();
  for (auto _ : state) {
    auto verified = verifier.verify(token);
    if (!verified) state.SkipWithError(verified.error().message().c_str());
    benchmark::DoNotOptimize(verified);
  }
  report_allocations(state, before);
  state.SetItemsProcessed(state.iterations());
}

void tessera_hs256_sign(benchmark::State& state) {
  const auto& key = bench_key(tessera::algorithm::hs256);
  const auto payload = bench_claims();
  const auto before = allocations_on_this_thread();
  for (auto _ : state) {
    auto token = tessera::encode(payload, key);
    benchmark::DoNotOptimize(token);
  }
  report_allocations(state, before);
  state.SetItemsProcessed(state.iterations());
}

}  // namespace

BENCHMARK(tessera_hs256_verify);
BENCHMARK(tessera_hs256_verify)->Threads(2)->UseRealTime();
BENCHMARK(tessera_hs256_sign);

}  // namespace tessera::bench
