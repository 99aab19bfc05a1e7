#include "config/live.hpp"

#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace tessera::server {
namespace {

// Each value published is a list whose elements all equal its size: a reader that saw half of
// one list and half of another would find an element that does not.
std::vector<std::size_t> list_of(std::size_t size) { return std::vector<std::size_t>(size, size); }

TEST(Live, ReadersSeeWholeValuesWhileAnotherThreadReplacesThem) {
  live<std::vector<std::size_t>> value(list_of(1));
  std::atomic<bool> done{false};
  std::atomic<std::size_t> torn{0};
  std::atomic<std::size_t> reads{0};
  std::vector<std::thread> readers;
  for (int i = 0; i < 3; ++i) {
    readers.emplace_back([&] {
      while (!done.load()) {
        const auto snapshot = value.snapshot();
        for (const auto element : *snapshot) {
          if (element != snapshot->size()) torn.fetch_add(1);
        }
        reads.fetch_add(1);
      }
    });
  }
  // Under ThreadSanitizer (the tsan preset runs this label) an unordered read and write of the
  // pointer is reported here. The writer goes on until the readers have read often enough to
  // have met it, however the threads were scheduled.
  for (std::size_t size = 2; size < 2000 || reads.load() < 1000; ++size) {
    value.replace(list_of(size % 50 + 1));
  }
  done.store(true);
  for (auto& reader : readers) reader.join();
  EXPECT_EQ(torn.load(), 0U);
  EXPECT_GE(reads.load(), 1000U);
}

TEST(Live, ACopyIsIndependentOfItsOriginal) {
  live<std::vector<std::size_t>> original(list_of(2));
  const live<std::vector<std::size_t>> copy = original;
  const auto before = copy.snapshot();
  original.replace(list_of(3));
  EXPECT_EQ(copy.snapshot()->size(), 2U);
  EXPECT_EQ(copy.snapshot(), before);
  EXPECT_EQ(original.snapshot()->size(), 3U);
}

TEST(Live, ASnapshotOutlivesTheReplacement) {
  live<std::vector<std::size_t>> value(list_of(4));
  const auto held = value.snapshot();
  value = list_of(5);
  EXPECT_EQ(*held, list_of(4));
  EXPECT_EQ(*value.snapshot(), list_of(5));
}

}  // namespace
}  // namespace tessera::server
