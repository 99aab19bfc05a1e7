// Counts heap allocations made by this thread: operator new and OpenSSL's CRYPTO_malloc both go
// through the counter, so a figure includes what OpenSSL allocates on our behalf.
#pragma once

#include <cstdint>

namespace tessera::bench {

/// Routes OpenSSL's allocations through the counter. Call first thing in main(), before OpenSSL
/// allocates anything; returns false when it is too late.
bool install_openssl_allocation_counter();

/// Allocations made by the calling thread so far.
[[nodiscard]] std::uint64_t allocations_on_this_thread() noexcept;

}  // namespace tessera::bench
