#include "jwt/token_arena.hpp"

#include <algorithm>
#include <new>

namespace tessera::detail {

token_arena::~token_arena() {
  while (blocks_ != nullptr) {
    block* next = blocks_->next;
    ::operator delete(blocks_);
    blocks_ = next;
  }
}

void* token_arena::allocate_from_new_block(std::size_t n, std::size_t align) {
  // Room for the link, the request and its worst-case alignment padding.
  constexpr std::size_t header = alignof(std::max_align_t);
  static_assert(header >= sizeof(block));
  const std::size_t size = std::max(next_block_size_, header + align + n);
  auto* b = static_cast<block*>(::operator new(size));
  b->next = blocks_;
  blocks_ = b;
  next_ = reinterpret_cast<unsigned char*>(b) + header;
  end_ = reinterpret_cast<unsigned char*>(b) + size;
  next_block_size_ = std::max(next_block_size_, size) * 2;
  return do_allocate(n, align);
}

}  // namespace tessera::detail
