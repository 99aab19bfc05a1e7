// Cache-Control (RFC 9111 section 5.2) as far as a key-set cache needs it.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace tessera::detail {

/// The response's freshness lifetime: `max-age=N`, or zero for `no-cache` / `no-store`;
/// nullopt when the header says neither.
[[nodiscard]] std::optional<std::chrono::seconds> parse_cache_control(std::string_view value);

}  // namespace tessera::detail
