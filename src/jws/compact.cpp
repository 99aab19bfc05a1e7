#include "jws/compact.hpp"

#include <tessera/error.hpp>

namespace tessera::detail {

result<compact_parts> split_compact(std::string_view token, const parse_limits& limits) noexcept {
  if (token.size() > limits.max_token_size) {
    return std::unexpected(make_error_code(errc::token_too_large));
  }
  const auto first = token.find('.');
  if (first == std::string_view::npos)
    return std::unexpected(make_error_code(errc::malformed_token));
  const auto second = token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
    return std::unexpected(make_error_code(errc::malformed_token));
  }
  if (first == 0) return std::unexpected(make_error_code(errc::malformed_token));  // no header

  compact_parts parts;
  parts.header = token.substr(0, first);
  parts.payload = token.substr(first + 1, second - first - 1);
  parts.signature = token.substr(second + 1);
  parts.signing_input = token.substr(0, second);
  return parts;
}

}  // namespace tessera::detail
