// Fixed points in time for verifiers under test.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>

#include <tessera/validation.hpp>

namespace tessera::test {

/// A "now" that every test may use: 2023-11-14T22:13:20Z.
inline constexpr std::int64_t default_now = 1'700'000'000;

/// The time point `seconds` after the epoch.
inline std::chrono::system_clock::time_point time_at(std::int64_t seconds) {
  return std::chrono::system_clock::time_point(std::chrono::seconds(seconds));
}

/// A clock that always says `seconds` after the epoch.
inline std::shared_ptr<const clock> clock_at(std::int64_t seconds) {
  return std::make_shared<const fixed_clock>(time_at(seconds));
}

}  // namespace tessera::test
