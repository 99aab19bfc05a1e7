// The arena a verified token lives in (src/jwt/token_arena.hpp).
#include "jwt/token_arena.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <set>
#include <string>
#include <utility>

#include <gtest/gtest.h>
#include <boost/json/storage_ptr.hpp>
#include <boost/json/value.hpp>

#include <tessera/json.hpp>

#include "support/assertions.hpp"

namespace {

using tessera::detail::token_arena;

bool aligned(const void* p, std::size_t align) {
  return reinterpret_cast<std::uintptr_t>(p) % align == 0;
}

TEST(TokenArena, HandsOutAlignedDisjointMemoryInsideAndBeyondItsBuffer) {
  alignas(std::max_align_t) unsigned char buffer[256];
  token_arena arena(buffer, sizeof buffer);
  std::set<std::pair<std::uintptr_t, std::uintptr_t>> ranges;
  bool beyond = false;
  for (std::size_t i = 0; i < 400; ++i) {
    const std::size_t n = 1 + (i * 37) % 300;  // some larger than the buffer and the first block
    const std::size_t align = std::size_t{1} << (i % 7);  // 1 to 64
    void* p = arena.allocate(n, align);
    ASSERT_NE(p, nullptr);
    EXPECT_TRUE(aligned(p, align)) << n << " " << align;
    std::memset(p, static_cast<int>(i), n);  // writable over its whole size
    const auto first = reinterpret_cast<std::uintptr_t>(p);
    const bool inside = first >= reinterpret_cast<std::uintptr_t>(buffer) &&
                        first < reinterpret_cast<std::uintptr_t>(buffer) + sizeof buffer;
    if (inside) {
      EXPECT_LE(first + n, reinterpret_cast<std::uintptr_t>(buffer) + sizeof buffer);
    }
    beyond = beyond || !inside;
    ranges.emplace(first, first + n);
  }
  EXPECT_TRUE(beyond);
  std::uintptr_t last_end = 0;
  for (const auto& [first, end] : ranges) {
    EXPECT_GE(first, last_end);  // no two allocations overlap
    last_end = end;
  }
}

TEST(TokenArena, ServesARequestLargerThanAnyBlock) {
  alignas(std::max_align_t) unsigned char buffer[64];
  token_arena arena(buffer, sizeof buffer);
  void* p = arena.allocate(1 << 20, 16);
  ASSERT_NE(p, nullptr);
  EXPECT_TRUE(aligned(p, 16));
  std::memset(p, 0xab, 1 << 20);
  void* q = arena.allocate(8, 8);
  std::memset(q, 0xcd, 8);
  EXPECT_EQ(static_cast<unsigned char*>(p)[(1 << 20) - 1], 0xab);
}

TEST(TokenArena, BoostJsonSkipsDeallocationInIt) {
  alignas(std::max_align_t) unsigned char buffer[512];
  token_arena arena(buffer, sizeof buffer);
  const boost::json::storage_ptr sp(&arena);
  EXPECT_TRUE(sp.is_deallocate_trivial());

  // A document far larger than the buffer parses into it and reads back intact.
  std::string text = "{";
  for (int i = 0; i < 200; ++i) {
    if (i != 0) text += ",";
    text += "\"member-" + std::to_string(i) + "\":\"a value long enough to need the heap " +
            std::to_string(i) + "\"";
  }
  text += "}";
  const auto v = tessera::parse_strict(text, 32, sp);
  ASSERT_TRUE(tessera::test::succeeds(v));
  EXPECT_EQ(v->as_object().size(), 200u);
  EXPECT_EQ(v->at("member-199").as_string(), "a value long enough to need the heap 199");
  EXPECT_EQ(v->storage().get(), sp.get());
}

}  // namespace
