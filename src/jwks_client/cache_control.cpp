#include "jwks_client/cache_control.hpp"

#include <charconv>
#include <cstdint>

#include <boost/beast/core/string.hpp>  // iequals: ASCII only, whatever the locale

namespace tessera::detail {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<std::chrono::seconds> parse_cache_control(std::string_view value) {
  std::optional<std::chrono::seconds> result;
  while (!value.empty()) {
    const auto comma = value.find(',');
    const std::string_view directive = trim(value.substr(0, comma));
    value = comma == std::string_view::npos ? std::string_view{} : value.substr(comma + 1);

    const auto eq = directive.find('=');
    const std::string_view name = trim(directive.substr(0, eq));
    if (boost::beast::iequals(name, "no-cache") || boost::beast::iequals(name, "no-store")) {
      return std::chrono::seconds(0);
    }
    if (!boost::beast::iequals(name, "max-age") || eq == std::string_view::npos) continue;
    std::string_view number = trim(directive.substr(eq + 1));
    if (number.size() >= 2 && number.front() == '"' && number.back() == '"') {
      number = number.substr(1, number.size() - 2);
    }
    std::uint32_t seconds = 0;
    const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), seconds);
    if (ec == std::errc::result_out_of_range) {
      result = std::chrono::seconds(UINT32_MAX);  // "greater than any bound" (RFC 9111 1.2.2)
    } else if (ec == std::errc{} && end == number.data() + number.size()) {
      result = std::chrono::seconds(seconds);
    }
  }
  return result;
}

}  // namespace tessera::detail
