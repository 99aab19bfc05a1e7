// NumericDate (RFC 7519 section 2): a JSON number of seconds since the epoch.
#pragma once

#include <cstdint>
#include <optional>

#include <tessera/json.hpp>

namespace tessera::detail {

/// Whole seconds are exact in a double up to 2^53; beyond that a date is refused as out of range.
inline constexpr std::int64_t max_numeric_date = (std::int64_t{1} << 53) - 1;

/// The value as seconds, its fraction kept (RFC 7519 section 2 allows one), or nullopt when it is
/// not a number or out of range. Booleans, strings and null are not numbers.
[[nodiscard]] std::optional<double> numeric_date_seconds(const json::value& v) noexcept;

/// An integer as seconds, or nullopt when out of range.
[[nodiscard]] std::optional<double> numeric_date_seconds(std::int64_t seconds) noexcept;

/// As `numeric_date_seconds`, the fraction rounded down: for the claims' typed accessors.
[[nodiscard]] std::optional<std::int64_t> numeric_date(const json::value& v) noexcept;

}  // namespace tessera::detail
