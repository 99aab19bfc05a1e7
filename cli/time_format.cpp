#include "time_format.hpp"

#include <chrono>
#include <cstdio>

namespace tessera::cli {

std::optional<std::string> format_utc(std::int64_t seconds_since_epoch) {
  // 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z.
  constexpr std::int64_t first = -62'167'219'200;
  constexpr std::int64_t last = 253'402'300'799;
  if (seconds_since_epoch < first || seconds_since_epoch > last) return std::nullopt;

  using namespace std::chrono;
  const sys_seconds t{seconds{seconds_since_epoch}};
  const auto day = floor<days>(t);
  const year_month_day date{day};
  const hh_mm_ss time{t - day};
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                static_cast<int>(time.seconds().count()));
  return std::string(text);
}

std::string format_span(std::int64_t seconds) {
  if (seconds < 60) return std::to_string(seconds) + " s";
  if (seconds < 3600) return std::to_string(seconds / 60) + " min";
  if (seconds < 2 * 86400) return std::to_string(seconds / 3600) + " h";
  return std::to_string(seconds / 86400) + " d";
}

}  // namespace tessera::cli
