// How a big integer is held in a document (include/tessera/json.hpp, big_integer_digits).
#pragma once

#include <string_view>

#include <tessera/json.hpp>

namespace tessera::detail {

/// The first byte of a big integer's string: never part of UTF-8 text.
inline constexpr unsigned char big_integer_marker = 0xFF;

/// A JSON string that is text, not a big integer in disguise: what a claim that must be a
/// string (iss, sub, aud, jti) is checked with.
[[nodiscard]] inline bool is_text(const json::value& v) noexcept {
  return v.is_string() && !big_integer_digits(v);
}

/// The value for `digits`, which the caller has checked are an integer's.
[[nodiscard]] json::value big_integer_value(std::string_view digits, json::storage_ptr storage);

}  // namespace tessera::detail
