// Checks of the protected header that come before any cryptography.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tessera/algorithm.hpp>
#include <tessera/json.hpp>
#include <tessera/result.hpp>

#include "json/plain_parser.hpp"
#include "json/short_names.hpp"

namespace tessera::detail {

/// Decodes the base64url header segment and parses it as a JSON object.
[[nodiscard]] result<json::value> decode_header(std::string_view segment, std::size_t max_depth,
                                                json::storage_ptr storage);

/// The members of a header that every verification reads, from either form of the header: the
/// index of a plain text (json/plain_parser.hpp) or a parsed object.
struct header_fields {
  /// One member that must be a string when present.
  struct text_member {
    enum class state : std::uint8_t { absent, text, other };
    state is = state::absent;
    std::string_view text;  ///< when a string
  };
  text_member alg, kid, typ, cty;
  /// "crit" or "b64" is present: the extensions are checked on the complete header.
  bool extended = false;

  [[nodiscard]] static header_fields of(const json::object& header) noexcept;
  /// `header` is an indexed object.
  [[nodiscard]] static header_fields of(const plain_value& header) noexcept;

 private:
  // Records member `name`, whose value `read` makes into a text_member when it is one of ours.
  template <class Read>
  void read(std::string_view name, Read&& read) noexcept {
    if (name.size() == 4) {
      if (name == "crit") extended = true;
      return;
    }
    if (name.size() != 3) return;
    switch (three_letters(name)) {
      case three_letters("alg"):
        alg = read();
        return;
      case three_letters("kid"):
        kid = read();
        return;
      case three_letters("typ"):
        typ = read();
        return;
      case three_letters("cty"):
        cty = read();
        return;
      case three_letters("b64"):
        extended = true;
        return;
      default:
        return;
    }
  }
};

/// The header's "alg": `errc::missing_algorithm`, `errc::invalid_header` (not a string),
/// `errc::unsecured_token`, `errc::unknown_algorithm`.
[[nodiscard]] result<algorithm> header_algorithm(const header_fields& header) noexcept;

/// What a verifier understands beyond the registered header members.
struct header_rules {
  const std::optional<std::string>* expected_type = nullptr;
  bool allow_unencoded_payload = false;
  const std::vector<std::string>* critical_extensions = nullptr;
};

/// Checks the types of "kid", "cty" and "typ", then "crit" and "b64", then "typ" against the
/// rules. `complete` is the whole header, read only when `fields.extended` (and then required).
/// Returns whether the payload is base64url-encoded (false only for an allowed RFC 7797 token).
[[nodiscard]] result<bool> check_header(const header_fields& fields, const json::object* complete,
                                        const header_rules& rules);

/// Reads "b64" without judging it: false only when the header says "b64": false.
[[nodiscard]] bool payload_is_encoded(const json::object& header) noexcept;

}  // namespace tessera::detail
