// The raw Argon2id rate of the service's password hasher at a given cost, on a given number of
// threads: what a login cannot beat, since each one verifies a password once. Also the memory
// one verification adds to a process at rest, with the service's allocator policy: the bound on
// what a login storm may add per hashing thread. Prints one line of JSON for the benchmark
// driver.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "password/argon2id.hpp"
#include "process/allocator_policy.hpp"

namespace {

// This process's resident memory now and at its peak, in KiB (/proc/self/status).
struct resident {
  long now_kib = -1;
  long peak_kib = -1;
};

resident read_resident() {
  resident r;
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.starts_with("VmRSS:")) r.now_kib = std::strtol(line.c_str() + 6, nullptr, 10);
    if (line.starts_with("VmHWM:")) r.peak_kib = std::strtol(line.c_str() + 6, nullptr, 10);
  }
  return r;
}

// Starts a new peak at the current resident size (Linux 4.0 and later).
bool reset_peak() {
  std::ofstream clear_refs("/proc/self/clear_refs");
  clear_refs << "5";
  clear_refs.close();
  return !clear_refs.fail();
}

// What one verification adds at its peak to the process at rest; -1 when Linux cannot say.
// The hasher has already hashed twice (its dummy and `stored`), so nothing is set up for the
// first time here.
long verification_memory_kib(const tessera::server::password_hasher& hasher,
                             const std::string& stored) {
  if (!reset_peak()) return -1;
  const auto before = read_resident();
  (void)hasher.verify(stored, "password");
  const auto after = read_resident();
  if (before.now_kib < 0 || after.peak_kib < 0) return -1;
  return after.peak_kib - before.now_kib;
}

}  // namespace

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
  (void)tessera::server::use_service_allocator_policy();
  const auto hasher = tessera::server::password_hasher::create(cost);
  if (!hasher || threads == 0) {
    std::fprintf(stderr, "cannot hash\n");
    return 1;
  }
  const auto stored = hasher->hash("password");
  if (!stored) {
    std::fprintf(stderr, "cannot hash: %s\n", stored.error().message().c_str());
    return 1;
  }

  const long one_verification_kib = verification_memory_kib(*hasher, *stored);

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
      "\"seconds\":%.3f,\"per_second\":%.2f,\"verification_memory_kib\":%ld}\n",
      static_cast<unsigned long long>(cost.memory_kib),
      static_cast<unsigned long long>(cost.iterations), threads,
      static_cast<unsigned long long>(verified.load()), elapsed.count(),
      static_cast<double>(verified.load()) / elapsed.count(), one_verification_kib);
  return 0;
}
