#include "published.hpp"

#include <array>
#include <cstddef>
#include <memory>
#include <new>
#include <thread>

#include <gtest/gtest.h>

namespace tessera::server {
namespace {

TEST(Published, ReadFollowsEachPublicationOnEveryThread) {
  published<int> value(std::make_shared<const int>(1));
  EXPECT_EQ(value.read(), 1);
  value.publish(std::make_shared<const int>(2));
  EXPECT_EQ(value.read(), 2);
  int seen = 0;
  std::thread([&] { seen = value.read(); }).join();
  EXPECT_EQ(seen, 2);
}

TEST(Published, AnObjectMadeWhereAnotherLivedDoesNotReadTheOldValue) {
  // The same storage twice, so that the second object certainly has the first one's address,
  // which a thread's cache of the first still names.
  alignas(published<int>) std::array<std::byte, sizeof(published<int>)> storage{};
  auto* first = new (storage.data()) published<int>(std::make_shared<const int>(1));
  EXPECT_EQ(first->read(), 1);
  first->~published();
  auto* second = new (storage.data()) published<int>(std::make_shared<const int>(2));
  EXPECT_EQ(second->read(), 2);
  second->~published();
}

TEST(Published, VersionsChangeWithEachPublication) {
  published<int> value(std::make_shared<const int>(1));
  const auto before = value.version();
  value.publish(std::make_shared<const int>(1));
  EXPECT_NE(value.version(), before);
}

}  // namespace
}  // namespace tessera::server
