// Runs every benchmark, then prints each tessera figure as a ratio of its raw-OpenSSL floor
// measured in the same run (the medians when --benchmark_repetitions is given).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <map>
#include <string>

#include "allocation_counter.hpp"

namespace {

class ratio_reporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const auto& run : runs) {
      if (run.error_occurred) continue;
      const bool is_median = run.run_type == Run::RT_Aggregate && run.aggregate_name == "median";
      const bool is_single = run.run_type == Run::RT_Iteration && run.repetitions <= 1;
      if (is_median || is_single) times_[run.run_name.str()] = run.GetAdjustedRealTime();
    }
  }

  void print_ratio(const char* what, const std::string& ours, const std::string& floor) const {
    const auto o = times_.find(ours);
    const auto f = times_.find(floor);
    if (o == times_.end() || f == times_.end()) return;
    std::printf("  %-44s %6.2f  (%s %.0f ns, %s %.0f ns)\n", what, f->second / o->second,
                ours.c_str(), o->second, floor.c_str(), f->second);
  }

 private:
  std::map<std::string, double> times_;
};

}  // namespace

int main(int argc, char** argv) {
  if (!tessera::bench::install_openssl_allocation_counter()) {
    std::fprintf(stderr, "warning: OpenSSL allocated before main; allocs/op omit OpenSSL's\n");
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  ratio_reporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  std::printf("\nSpeed as a fraction of the floor (floor time / tessera time; 1.0 = the floor):\n");
  // HS256 against the JWT floor (the goals' reference); the MAC-only floors are for context.
  for (const char* op : {"verify", "sign"}) {
    const std::string ours = std::string("tessera_hs256_") + op;
    reporter.print_ratio((std::string("HS256 ") + op + " vs JWT floor").c_str(), ours,
                         std::string("floor_jwt_hs256_") + op);
    reporter.print_ratio((std::string("HS256 ") + op + " vs EVP_MAC_CTX_dup MAC").c_str(), ours,
                         "floor_hs256_evp_mac_dup");
    reporter.print_ratio((std::string("HS256 ") + op + " vs SHA-256 state-copy MAC").c_str(), ours,
                         "floor_hs256_sha256_state");
  }
  for (const char* alg : {"RS256", "PS256", "ES256", "ES256K", "EdDSA"}) {
    for (const char* op : {"verify", "sign"}) {
      const std::string what = std::string(alg) + " " + op + " vs floor";
      reporter.print_ratio(what.c_str(), std::string("tessera_") + op + "/" + alg,
                           std::string("floor_") + op + "/" + alg);
    }
  }
  benchmark::Shutdown();
  return 0;
}
