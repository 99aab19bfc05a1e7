// The raw Argon2id rate of the service's password hasher at a given cost, on a given number of
// threads: what a login cannot beat, since each one verifies a password once. Prints one line
// of JSON for the benchmark driver.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "password/argon2id.hpp"

int main(int argc, char** argv) {
  using namespace std::chrono;
  if (argc != 5) {
    std::fprintf(stderr, "usage: tessera_argon2id_rate MEMORY_KIB ITERATIONS THREADS SECONDS\n");
    return 2;
  }
  const tessera::server::argon2id_cost cost{.memory_kib = std::strtoull(argv[1], nullptr, 10),
                                            .iterations = std::strtoull(argv[2], nullptr, 10)};
  const auto threads = static_cast<unsigned>(std::strtoul(argv[3], nullptr, 10));
  const duration<double> seconds(std::strtod(argv[4], nullptr));
  const auto hasher = tessera::server::password_hasher::create(cost);
  const auto stored = hasher ? hasher->hash("password") : std::nullopt;
  if (!stored || threads == 0) {
    std::fprintf(stderr, "cannot hash\n");
    return 1;
  }

  // Each thread verifies until the time is up, as the hashing pool's workers do during a storm.
  std::atomic<std::uint64_t> verified{0};
  std::atomic<bool> failed{false};
  const auto start = steady_clock::now();
  const auto stop = start + duration_cast<steady_clock::duration>(seconds);
  std::vector<std::thread> workers;
  for (unsigned i = 0; i < threads; ++i) {
    workers.emplace_back([&] {
      while (steady_clock::now() < stop) {
        if (!hasher->verify(*stored, "password")) failed = true;
        verified.fetch_add(1);
      }
    });
  }
  for (auto& w : workers) w.join();
  const duration<double> elapsed = steady_clock::now() - start;
  if (failed) {
    std::fprintf(stderr, "a verification failed\n");
    return 1;
  }
  std::printf(
      "{\"memory_kib\":%llu,\"iterations\":%llu,\"threads\":%u,\"verifications\":%llu,"
      "\"seconds\":%.3f,\"per_second\":%.2f}\n",
      static_cast<unsigned long long>(cost.memory_kib),
      static_cast<unsigned long long>(cost.iterations), threads,
      static_cast<unsigned long long>(verified.load()), elapsed.count(),
      static_cast<double>(verified.load()) / elapsed.count());
  return 0;
}
