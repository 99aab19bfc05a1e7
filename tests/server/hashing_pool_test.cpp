#include "password/hashing_pool.hpp"

#include <algorithm>
#include <future>
#include <string>

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include "config/config.hpp"

namespace tessera::server {
namespace {

int niceness_in_pool(hashing_pool& pool) {
  std::promise<int> seen;
  auto result = seen.get_future();
  EXPECT_TRUE(pool.submit(
      [&seen] { seen.set_value(getpriority(PRIO_PROCESS, static_cast<id_t>(gettid()))); }));
  return result.get();
}

TEST(HashingPool, ThreadsRunAtTheConfiguredNiceness) {
  const int base = getpriority(PRIO_PROCESS, static_cast<id_t>(gettid()));
  hashing_pool pool(1, 4, 7);
  EXPECT_EQ(niceness_in_pool(pool), std::min(base + 7, 19));
}

TEST(HashingPool, NicenessZeroLeavesThePriorityAlone) {
  const int base = getpriority(PRIO_PROCESS, static_cast<id_t>(gettid()));
  hashing_pool pool(1, 4, 0);
  EXPECT_EQ(niceness_in_pool(pool), base);
}

TEST(HashingPool, RefusesWorkBeyondItsQueue) {
  hashing_pool pool(1, 1);
  std::promise<void> release;
  auto gate = release.get_future().share();
  std::promise<void> started;
  ASSERT_TRUE(pool.submit([gate, &started] {
    started.set_value();
    gate.wait();
  }));
  started.get_future().wait();  // the worker holds the first job; the queue is empty
  EXPECT_TRUE(pool.submit([] {}));
  EXPECT_FALSE(pool.submit([] {}));
  release.set_value();
  pool.wait_idle();
}

TEST(HashingPoolConfig, NicenessIsNineteenByDefaultAndBounded) {
  EXPECT_EQ(service_config{}.password_hash.nice, 19);
  const auto ok = parse_config("[password_hash]\nnice = 0\n", "test.toml", {});
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->password_hash.nice, 0);
  const auto bad = parse_config("[password_hash]\nnice = 20\n", "test.toml", {});
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().message().find("password_hash.nice"), std::string::npos)
      << bad.error().message();
}

}  // namespace
}  // namespace tessera::server
