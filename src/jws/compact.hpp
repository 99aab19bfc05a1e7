// The three segments of a compact JWS (RFC 7515 section 7.1), found without copying.
#pragma once

#include <string_view>

#include <tessera/json.hpp>
#include <tessera/result.hpp>

namespace tessera::detail {

struct compact_parts {
  std::string_view header;         ///< base64url of the protected header
  std::string_view payload;        ///< base64url of the payload (raw when "b64" is false)
  std::string_view signature;      ///< base64url of the signature
  std::string_view signing_input;  ///< header '.' payload: the bytes that are signed
};

/// Splits `token` after checking its size: `errc::token_too_large`, `errc::malformed_token`.
[[nodiscard]] result<compact_parts> split_compact(std::string_view token,
                                                  const parse_limits& limits) noexcept;

}  // namespace tessera::detail
