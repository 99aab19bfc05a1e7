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
      : next_(reinterpret_cast<std::uintptr_t>(buffer)), end_(next_ + size) {}
  ~token_arena() override;
  token_arena(const token_arena&) = delete;
  token_arena& operator=(const token_arena&) = delete;

 private:
  void* do_allocate(std::size_t n, std::size_t align) override {
    const std::uintptr_t at = (next_ + align - 1) & ~(std::uintptr_t{align} - 1);  // a power of 2
    if (at <= end_ && end_ - at >= n) {
      next_ = at + n;
      return reinterpret_cast<void*>(at);
    }
    return allocate_from_new_block(n, align);
  }
  void do_deallocate(void*, std::size_t, std::size_t) override {}
  bool do_is_equal(const boost::json::memory_resource& other) const noexcept override {
    return this == &other;
  }

  void* allocate_from_new_block(std::size_t n, std::size_t align);

  struct block {
    block* next;
  };
  std::uintptr_t next_;
  std::uintptr_t end_;
  block* blocks_ = nullptr;             ///< heap blocks, newest first
  std::size_t next_block_size_ = 4096;  ///< doubles with each block
};

}  // namespace tessera::detail

template <>
struct boost::json::is_deallocate_trivial<tessera::detail::token_arena> {
  static constexpr bool value = true;
};
