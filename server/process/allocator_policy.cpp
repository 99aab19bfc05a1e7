#include "process/allocator_policy.hpp"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace tessera::server {

bool use_service_allocator_policy() noexcept {
#if defined(__GLIBC__)
  // By default glibc grows the calling thread's heap for any request under 128 KiB that its
  // free space cannot hold. Freed, a large buffer's space stays in that heap, where the small
  // objects allocated next split it; the following large request then grows the heap again.
  // Each burst of logins left the heaps a few pages bigger than the one before. Now such a
  // request, when the free space cannot hold it, gets a mapping that lives exactly as long as
  // the buffer. Setting the threshold also turns off glibc's habit of raising it after large
  // frees, which would bring the growth back.
  // NOLINTNEXTLINE(concurrency-mt-unsafe): called once, before the service starts any thread.
  return mallopt(M_MMAP_THRESHOLD, static_cast<int>(own_mapping_from_bytes)) == 1;
#else
  return false;
#endif
}

}  // namespace tessera::server
