// Checks of the protected header that come before any cryptography.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tessera/algorithm.hpp>
#include <tessera/json.hpp>
#include <tessera/result.hpp>

namespace tessera::detail {

/// Decodes the base64url header segment and parses it as a JSON object.
[[nodiscard]] result<json::value> decode_header(std::string_view segment, std::size_t max_depth,
                                                json::storage_ptr storage);

/// The header's "alg": `errc::missing_algorithm`, `errc::invalid_header` (not a string),
/// `errc::unsecured_token`, `errc::unknown_algorithm`.
[[nodiscard]] result<algorithm> header_algorithm(const json::object& header) noexcept;

/// What a verifier understands beyond the registered header members.
struct header_rules {
  const std::optional<std::string>* expected_type = nullptr;
  bool allow_unencoded_payload = false;
  const std::vector<std::string>* critical_extensions = nullptr;
};

/// Checks "crit", "b64", "typ" and the types of "kid", "cty" and "typ". Returns whether the
/// payload is base64url-encoded (false only for an allowed RFC 7797 token).
[[nodiscard]] result<bool> check_header(const json::object& header, const header_rules& rules);

/// Reads "b64" without judging it: false only when the header says "b64": false.
[[nodiscard]] bool payload_is_encoded(const json::object& header) noexcept;

}  // namespace tessera::detail
