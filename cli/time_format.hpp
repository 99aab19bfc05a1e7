// Dates and spans of time as `tessera decode` shows them next to exp, nbf and iat.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace tessera::cli {

/// ISO 8601 in UTC, e.g. "2026-11-28T22:45:00Z". std::nullopt before year 0 or after 9999,
/// which the four-digit form cannot show (a NumericDate may reach far beyond).
[[nodiscard]] std::optional<std::string> format_utc(std::int64_t seconds_since_epoch);

/// A non-negative span in one unit, rounded down: "30 s", "14 min", "3 h" (below two days),
/// "2 d".
[[nodiscard]] std::string format_span(std::int64_t seconds);

}  // namespace tessera::cli
