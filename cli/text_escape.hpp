// Text for the terminal that came from somewhere we do not control (a token, an argument).
#pragma once

#include <string>
#include <string_view>

namespace tessera::cli {

/// `text` with bytes below 0x20 and 0x7f written as `\xNN`, so that escape sequences and
/// newlines in it cannot reach the terminal raw. Other bytes pass unchanged.
[[nodiscard]] std::string escape_control(std::string_view text);

}  // namespace tessera::cli
