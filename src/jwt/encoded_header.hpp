// The signing input of a new token: its protected header and payload, written as PyJWT writes
// them and base64url-encoded.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include <tessera/jwt.hpp>

namespace tessera::detail {

/// {"alg": alg, "typ": ...} plus `options`; `errc::header_alg_not_settable` when `options.extra`
/// names "alg".
[[nodiscard]] result<json::object> make_header(std::string_view alg, const header_options& options);

/// Appends the header's JSON (members sorted) and then the payload's (in their order) to `text`,
/// as PyJWT writes them; the header's length. `errc::invalid_claim_value` for a value JSON
/// cannot carry, `errc::header_alg_not_settable` as `make_header`.
[[nodiscard]] result<std::size_t> write_header_and_payload(std::string& text, std::string_view alg,
                                                           const header_options& options,
                                                           const json::object& payload);

/// base64url(header) '.' base64url(payload), in a string with `room_after` more bytes reserved
/// for what the caller appends (the signature).
[[nodiscard]] result<std::string> signing_input(std::string_view alg, const header_options& options,
                                                const json::object& payload,
                                                std::size_t room_after);

}  // namespace tessera::detail
