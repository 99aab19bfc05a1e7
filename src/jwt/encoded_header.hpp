// Builds the protected header of a new token.
#pragma once

#include <string_view>

#include <boost/json/object.hpp>

#include <tessera/jwt.hpp>

namespace tessera::detail {

/// {"alg": alg, "typ": ...} plus `options`; `errc::header_alg_not_settable` when `options.extra`
/// names "alg".
[[nodiscard]] result<json::object> make_header(std::string_view alg, const header_options& options);

/// Appends base64url(header) '.' base64url(payload) to `out`, both written as PyJWT writes them.
[[nodiscard]] result<void> append_signing_input(std::string& out, const json::object& header,
                                                const json::object& payload);

}  // namespace tessera::detail
