// The allocator policy of `tessera serve`: a large buffer the heap has no room for gets a
// mapping of its own, which goes back to the system when freed; small ones stay in the heap.
#include <gtest/gtest.h>

#include <cstdlib>
#include <vector>

#include "process/allocator_policy.hpp"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define TESSERA_SANITIZER_ALLOCATOR 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define TESSERA_SANITIZER_ALLOCATOR 1
#endif

namespace tessera::server {
namespace {

// A sanitizer brings its own allocator, which has no such setting: nothing to test there.
#if defined(__GLIBC__) && !defined(TESSERA_SANITIZER_ALLOCATOR)

// How many chunks glibc has handed out as mappings of their own.
std::size_t own_mappings() { return mallinfo2().hblks; }

// Allocates `count` buffers of `bytes` and returns how many got a mapping of their own; frees
// them all and checks that their mappings went back.
std::size_t mapped_among(std::size_t count, std::size_t bytes) {
  const auto before = own_mappings();
  std::vector<void*> buffers;
  for (std::size_t i = 0; i < count; ++i) buffers.push_back(std::malloc(bytes));
  const auto mapped = own_mappings() - before;
  for (void* b : buffers) std::free(b);
  EXPECT_EQ(own_mappings(), before) << "freed, the mappings are gone";
  return mapped;
}

TEST(AllocatorPolicy, LargeBuffersTheHeapCannotHoldGetTheirOwnMapping) {
  ASSERT_TRUE(use_service_allocator_policy());
  // glibc serves a request from the heap's free space when it can; past that, a large buffer
  // gets a mapping instead of growing the heap for good. 32 buffers of the size of Argon2id's
  // index array at the default cost (19,456 KiB) are more than 1 MiB: most must be mapped.
  EXPECT_GE(mapped_among(32, 38'912), 24u);
  // Small buffers always come from the heap.
  EXPECT_EQ(mapped_among(32, own_mapping_from_bytes / 2), 0u);
}

#endif

}  // namespace
}  // namespace tessera::server
