#include "allocation_counter.hpp"

#include <cstdlib>
#include <new>

#include <openssl/crypto.h>

namespace tessera::bench {
namespace {

thread_local std::uint64_t allocations = 0;

void* counting_malloc(std::size_t n, const char*, int) {
  ++allocations;
  return std::malloc(n);
}
void* counting_realloc(void* p, std::size_t n, const char*, int) {
  ++allocations;
  return std::realloc(p, n);
}
void counting_free(void* p, const char*, int) { std::free(p); }

}  // namespace

bool install_openssl_allocation_counter() {
  return CRYPTO_set_mem_functions(counting_malloc, counting_realloc, counting_free) == 1;
}

std::uint64_t allocations_on_this_thread() noexcept { return allocations; }

}  // namespace tessera::bench

// The replaceable global allocation functions, counting every allocation of the process.
void* operator new(std::size_t n) {
  ++tessera::bench::allocations;
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return ::operator new(n); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
