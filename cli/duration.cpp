#include "duration.hpp"

#include <charconv>
#include <chrono>
#include <string>

namespace tessera::cli {
namespace {

cli_error invalid(std::string_view flag, std::string_view text, std::string_view why) {
  return {.code = "invalid_duration",
          .message = std::string(flag) + ": '" + std::string(text) + "' " + std::string(why),
          .exit_status = exit_usage};
}

// Digits only: std::from_chars would also take a sign, which has its own place in the syntax.
bool is_digits(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

// The value of a run of digits; std::nullopt when it does not fit 64 bits.
std::optional<std::int64_t> parse_digits(std::string_view digits) {
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc{} || end != digits.data() + digits.size()) return std::nullopt;
  return value;
}

std::optional<std::int64_t> unit_seconds(char unit) {
  switch (unit) {
    case 's':
      return 1;
    case 'm':
      return 60;
    case 'h':
      return 3600;
    case 'd':
      return 86400;
    default:
      return std::nullopt;
  }
}

}  // namespace

std::int64_t now_seconds(const std::optional<std::int64_t>& fixed) {
  if (fixed) return *fixed;
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return now.time_since_epoch().count();
}

cli_result<std::int64_t> resolve_time(std::string_view text, std::int64_t now,
                                      std::string_view flag) {
  constexpr std::string_view syntax = "is not a duration (30s, 15m, 1h, 2d) or @UNIX time";
  constexpr std::string_view no_unit =
      "has no unit: add s, m, h or d, or write @UNIX for an absolute time";
  constexpr std::string_view out_of_range = "is out of range (0 to 2^53-1 seconds since 1970)";

  if (text.starts_with('@')) {
    const auto digits = text.substr(1);
    if (!is_digits(digits)) return std::unexpected(invalid(flag, text, syntax));
    const auto absolute = parse_digits(digits);
    if (!absolute || *absolute > max_numeric_date) {
      return std::unexpected(invalid(flag, text, out_of_range));
    }
    return *absolute;
  }

  std::string_view rest = text;
  const bool before = rest.starts_with('-');
  if (before) rest.remove_prefix(1);
  if (is_digits(rest)) return std::unexpected(invalid(flag, text, no_unit));
  const auto unit = rest.empty() ? std::nullopt : unit_seconds(rest.back());
  const auto digits = rest.substr(0, rest.empty() ? 0 : rest.size() - 1);
  if (!unit || !is_digits(digits)) return std::unexpected(invalid(flag, text, syntax));
  const auto count = parse_digits(digits);
  // Bounding the count first keeps every step below inside 64 bits (now is at most 9e9).
  if (!count || *count > max_numeric_date / *unit) {
    return std::unexpected(invalid(flag, text, out_of_range));
  }
  const std::int64_t offset = *count * *unit;
  const std::int64_t when = before ? now - offset : now + offset;
  if (when < 0 || when > max_numeric_date) {
    return std::unexpected(invalid(flag, text, out_of_range));
  }
  return when;
}

}  // namespace tessera::cli
