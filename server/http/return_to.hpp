// Where a login may send the browser afterwards: a path on this origin, never another site
// (no open redirect). An OAuth authorization request comes back this way, so the query may carry
// percent-encoded characters; the path may not hide a slash or backslash that way.
#pragma once

#include <string_view>

namespace tessera::server {

/// The longest `return_to` accepted (the request-target limit's default).
inline constexpr std::size_t max_return_to = 2048;

/// Whether `target` (already form-decoded) is a path on this origin: it starts with one `/`
/// followed by no `/` or `\`; the path has no `\`, no `%2F` or `%5C` (any case) and no `#`;
/// nothing in it is a control character, a space or a non-ASCII byte; and it is at most
/// `max_return_to` bytes.
[[nodiscard]] bool is_local_return_to(std::string_view target) noexcept;

}  // namespace tessera::server
