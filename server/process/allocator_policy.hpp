// How `tessera serve` asks the C library's allocator to treat large buffers.
#pragma once

#include <cstddef>

namespace tessera::server {

/// An allocation of this size or more that the heap's free space cannot hold gets a mapping of
/// its own, returned to the system when freed, instead of growing the heap. Argon2id's per-hash
/// index array (38 KiB at the default cost) and SQLite's page-cache block for a statement's
/// temporary table are the ones a login or a store sync makes.
inline constexpr std::size_t own_mapping_from_bytes = std::size_t{32} * 1024;

/// Applies the policy above to this process; call it once, before any thread starts. True when
/// glibc took the setting. Under another allocator (a sanitizer's, or one preloaded) it changes
/// nothing.
bool use_service_allocator_policy() noexcept;

}  // namespace tessera::server
