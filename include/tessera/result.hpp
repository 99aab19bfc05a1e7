// result<T>: the return type of every fallible operation in libtessera.
#pragma once

#include <version>

#if !defined(__cpp_lib_expected) || __cpp_lib_expected < 202202L
#error "tessera needs C++23 std::expected: g++ 12+ or clang 16+ with -std=c++23 (libstdc++ 12+)"
#endif

#include <expected>
#include <stdexcept>
#include <system_error>
#include <utility>

namespace tessera {

/**
 * A value or the `std::error_code` that says why there is none. Unlike `std::expected`, it
 * must not be ignored.
 *
 * @code
 * auto key = tessera::signing_key::hmac(tessera::algorithm::hs256, secret);
 * if (!key) return key.error();  // e.g. errc::key_too_short
 * @endcode
 */
template <class T>
class [[nodiscard]] result : public std::expected<T, std::error_code> {
 public:
  using std::expected<T, std::error_code>::expected;
};

/// The exception thrown by `value_or_throw`.
class error : public std::system_error {
 public:
  using std::system_error::system_error;
};

/// For code that prefers exceptions: the value, or `tessera::error` carrying the code.
template <class T>
[[nodiscard]] T value_or_throw(result<T>&& r) {
  if (!r) throw error(r.error());
  if constexpr (!std::is_void_v<T>) return std::move(*r);
}

}  // namespace tessera
