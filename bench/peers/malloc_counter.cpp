// Counts heap allocations by replacing malloc itself, for the peer comparison: libjwt and its
// JSON library call malloc directly, so counting operator new and CRYPTO_malloc (as the main
// benchmark does) would miss them. Each replacement counts and forwards to glibc's allocator, so
// every block is still glibc's and its own free releases it; operator new and OpenSSL's default
// CRYPTO_malloc both end here, so each allocation is counted once.
//
// The same file, built as a shared library, is preloaded into the PyJWT benchmark (with
// PYTHONMALLOC=malloc) and read through tessera_bench_allocations().
#include <cerrno>
#include <cstddef>
#include <cstdint>

#include "../allocation_counter.hpp"

extern "C" {
void* __libc_malloc(std::size_t size) noexcept;
void* __libc_calloc(std::size_t count, std::size_t size) noexcept;
void* __libc_realloc(void* p, std::size_t size) noexcept;
void* __libc_memalign(std::size_t alignment, std::size_t size) noexcept;
}

namespace {

// initial-exec: reading the counter must never allocate, also when preloaded into Python.
[[gnu::tls_model("initial-exec")]] thread_local std::uint64_t allocations = 0;

bool is_power_of_two(std::size_t n) { return n != 0 && (n & (n - 1)) == 0; }

}  // namespace

extern "C" {

void* malloc(std::size_t size) noexcept {
  ++allocations;
  return __libc_malloc(size);
}

void* calloc(std::size_t count, std::size_t size) noexcept {
  ++allocations;
  return __libc_calloc(count, size);
}

void* realloc(void* p, std::size_t size) noexcept {
  ++allocations;
  return __libc_realloc(p, size);
}

void* memalign(std::size_t alignment, std::size_t size) noexcept {
  ++allocations;
  return __libc_memalign(alignment, size);
}

void* aligned_alloc(std::size_t alignment, std::size_t size) noexcept {
  return memalign(alignment, size);
}

int posix_memalign(void** out, std::size_t alignment, std::size_t size) noexcept {
  if (!is_power_of_two(alignment) || alignment % sizeof(void*) != 0) return EINVAL;
  void* p = memalign(alignment, size);
  if (p == nullptr) return ENOMEM;
  *out = p;
  return 0;
}

/// Allocations made by the calling thread so far (for the preloaded library's users).
std::uint64_t tessera_bench_allocations() noexcept { return allocations; }

}  // extern "C"

namespace tessera::bench {

// Nothing to install: OpenSSL's default allocator is malloc, counted above.
bool install_openssl_allocation_counter() { return true; }

std::uint64_t allocations_on_this_thread() noexcept { return allocations; }

}  // namespace tessera::bench
