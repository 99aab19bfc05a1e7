// tessera, its raw-OpenSSL floors and the peers (libjwt, cpp-jwt, POCO JWT) in one run, so their
// figures can be compared as ratios. bench/peers/run.py drives it and adds PyJWT.
//
// Besides Google Benchmark's flags: --fixtures_out=FILE writes the keys and tokens of this run as
// JSON first (for the PyJWT run). The exit status is 1 when a peer failed its set-up checks.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <string>
#include <string_view>

#include "../allocation_counter.hpp"
#include "peer_fixtures.hpp"

namespace {

// Removes --fixtures_out=FILE from argv and returns FILE (empty when absent).
std::string take_fixtures_out(int& argc, char** argv) {
  constexpr std::string_view flag = "--fixtures_out=";
  std::string path;
  int kept = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg.starts_with(flag)) {
      path = arg.substr(flag.size());
    } else {
      argv[kept++] = argv[i];
    }
  }
  argc = kept;
  return path;
}

}  // namespace

int main(int argc, char** argv) {
  tessera::bench::install_openssl_allocation_counter();
  const auto fixtures_out = take_fixtures_out(argc, argv);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  if (!fixtures_out.empty()) tessera::bench::write_peer_fixtures(fixtures_out);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  if (tessera::bench::setup_failed()) {
    std::fprintf(stderr, "a benchmark failed its set-up checks (see above)\n");
    return 1;
  }
  return 0;
}
