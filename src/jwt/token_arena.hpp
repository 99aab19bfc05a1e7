// The memory of one verified token: its decoded segments and its header and claims as JSON.
#pragma once

#include <cstddef>
#include <cstdint>

#include <boost/json/memory_resource.hpp>

namespace tessera::detail {

/**
 * A bump allocator over a buffer its owner provides; beyond the buffer it takes blocks from the
 * heap, all freed by the destructor. Deallocation does nothing, which Boost.JSON is told below,
 * so destroying a value in it costs nothing either.
 *
 * boost::json::monotonic_resource does the same job; this one is leaner where it matters (a
 * pointer bump, no upstream resource to consult): a verification makes about fifteen
 * allocations, and they were a tenth of its JSON work.
 */
class token_arena final : public boost::json::memory_resource {
 public:
  token_arena(unsigned char* buffer, std::size_t size) noexcept
      : next_(buffer), end_(buffer + size) {}
  ~token_arena() override;
  token_arena(const token_arena&) = delete;
  token_arena& operator=(const token_arena&) = delete;

 private:
  void* do_allocate(std::size_t n, std::size_t align) override {
    // Bytes up to the next multiple of align (a power of 2). Pointer arithmetic rather than an
    // integer cast back to a pointer, so the optimiser keeps the pointer's provenance.
    const std::size_t pad = (~reinterpret_cast<std::uintptr_t>(next_) + 1) & (align - 1);
    const auto room = static_cast<std::size_t>(end_ - next_);
    if (pad <= room && room - pad >= n) {
      unsigned char* at = next_ + pad;
      next_ = at + n;
      return at;
    }
    return allocate_from_new_block(n, align);
  }
  void do_deallocate(void*, std::size_t, std::size_t) override {}
  [[nodiscard]] bool do_is_equal(
      const boost::json::memory_resource& other) const noexcept override {
    return this == &other;
  }

  void* allocate_from_new_block(std::size_t n, std::size_t align);

  struct block {
    block* next;
  };
  unsigned char* next_;
  unsigned char* end_;
  block* blocks_ = nullptr;             ///< heap blocks, newest first
  std::size_t next_block_size_ = 4096;  ///< doubles with each block
};

}  // namespace tessera::detail

template <>
struct boost::json::is_deallocate_trivial<tessera::detail::token_arena> {
  static constexpr bool value = true;
};
