// Times on the command line: "now" (--now), and the DURATION of --exp and --nbf.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "cli_error.hpp"

namespace tessera::cli {

/// The largest NumericDate a verifier accepts: whole seconds stay exact in a double up to 2^53.
inline constexpr std::int64_t max_numeric_date = (std::int64_t{1} << 53) - 1;

/// The range of --now. The library's clocks count nanoseconds in 64 bits, which end in 2262;
/// 9e9 seconds (in 2255) keeps well inside it.
inline constexpr std::int64_t min_now = 0;
inline constexpr std::int64_t max_now = 9'000'000'000;

/// Seconds since the epoch: `fixed` when --now was given (0 included), else the system clock.
[[nodiscard]] std::int64_t now_seconds(const std::optional<std::int64_t>& fixed);

/**
 * The time that `text` names, in seconds since the epoch: "30s", "15m", "1h" or "2d" after
 * `now` (with a leading '-', before it: `--exp=-1h` makes an expired token), or "@UNIX" for
 * that absolute time. A bare number is refused rather than guessed at: it could be meant as
 * seconds or as a timestamp. Errors: `invalid_duration` (exit 2) for anything else, and for a
 * result outside 0 .. 2^53-1.
 */
[[nodiscard]] cli_result<std::int64_t> resolve_time(std::string_view text, std::int64_t now,
                                                    std::string_view flag);

}  // namespace tessera::cli
