// Member names of three letters as numbers: the registered claims and header members a verifier
// reads from every token are all three letters long (but "crit"), so one comparison of sizes and
// one switch find them, where a chain of string comparisons calls memcmp for each.
#pragma once

#include <cstdint>
#include <string_view>

namespace tessera::detail {

/// The three bytes of `name`, which has three, as one number.
[[nodiscard]] constexpr std::uint32_t three_letters(std::string_view name) noexcept {
  return (static_cast<std::uint32_t>(static_cast<unsigned char>(name[0])) << 16U) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(name[1])) << 8U) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(name[2]));
}

}  // namespace tessera::detail
