// gtest helpers that name tessera error codes ("token_expired") instead of printing numbers.
#pragma once

#include <ostream>
#include <string>
#include <system_error>

#include <gtest/gtest.h>

#include <tessera/error.hpp>
#include <tessera/result.hpp>

namespace tessera {

// Found by gtest through ADL, so EXPECT_EQ on errc values prints "token_expired".
inline void PrintTo(errc code, std::ostream* os) { *os << to_name(code); }

}  // namespace tessera

namespace tessera::test {

/// "token_expired" for a tessera code, "category:value (message)" for any other.
inline std::string describe(const std::error_code& ec) {
  if (ec.category() == error_category()) return to_name(static_cast<errc>(ec.value()));
  return std::string(ec.category().name()) + ":" + std::to_string(ec.value()) + " (" +
         ec.message() + ")";
}

/// Passes when `r` holds an error equal to `expected`.
template <class T>
::testing::AssertionResult fails_with(const result<T>& r, errc expected) {
  if (r) return ::testing::AssertionFailure() << "succeeded; expected " << to_name(expected);
  if (r.error() == expected) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "failed with " << describe(r.error()) << "; expected " << to_name(expected);
}

/// Passes when `r` holds a value.
template <class T>
::testing::AssertionResult succeeds(const result<T>& r) {
  if (r) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "failed with " << describe(r.error());
}

/// The error of `r`, or a default-constructed (success) code when it holds a value.
template <class T>
std::error_code error_of(const result<T>& r) {
  return r ? std::error_code{} : r.error();
}

}  // namespace tessera::test
