// Integers beyond 64 bits, kept digit for digit (include/tessera/json.hpp says how).
#include <algorithm>
#include <string>

#include <boost/json/string.hpp>

#include <tessera/error.hpp>
#include <tessera/json.hpp>

#include "json/big_integer.hpp"

namespace tessera {
namespace {

bool is_integer_text(std::string_view s) noexcept {
  if (s.starts_with('-')) s.remove_prefix(1);
  if (s.empty() || (s.size() > 1 && s.front() == '0')) return false;
  return std::ranges::all_of(s, [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::optional<std::string_view> big_integer_digits(const json::value& v) noexcept {
  const auto* s = v.if_string();
  if (s == nullptr || s->empty() ||
      static_cast<unsigned char>(s->front()) != detail::big_integer_marker) {
    return std::nullopt;
  }
  // A marker and digits; any other string that starts with 0xFF is not UTF-8, and no big integer.
  const auto digits = std::string_view(*s).substr(1);
  if (!is_integer_text(digits)) return std::nullopt;
  return digits;
}

result<json::value> make_big_integer(std::string_view digits, json::storage_ptr storage) {
  if (!is_integer_text(digits)) return std::unexpected(make_error_code(errc::invalid_number));
  return detail::big_integer_value(digits, std::move(storage));
}

namespace detail {

json::value big_integer_value(std::string_view digits, json::storage_ptr storage) {
  json::string text(storage);
  text.reserve(digits.size() + 1);
  text.push_back(static_cast<char>(big_integer_marker));
  text.append(digits);
  json::value value(std::move(text), std::move(storage));
  return value;  // not a braced list: that would make an array of the two
}

}  // namespace detail
}  // namespace tessera
