// JSON for untrusted input, and JSON output byte-identical to Python's json.dumps.
//
// boost::json::parse keeps the last of duplicate members ({"alg":"HS256","alg":"none"}), turns
// 1e400 into infinity and rounds integers beyond 64 bits to doubles. parse_strict() refuses the
// first two, and refuses such integers or keeps them exactly (as Python's json module does).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/storage_ptr.hpp>
#include <boost/json/value.hpp>

#include <tessera/result.hpp>

namespace tessera {

namespace json = boost::json;

/// Limits applied to every token before and while it is parsed, so a hostile one costs little.
struct parse_limits {
  std::size_t max_token_size = std::size_t{64} * 1024;  ///< bytes of the compact token
  std::size_t max_depth = 64;                           ///< nesting of JSON arrays and objects
};

/// What `parse_strict` does with an integer beyond 64 bits.
enum class big_integers : std::uint8_t {
  refuse,  ///< `errc::invalid_number`: for headers, keys and key sets, whose numbers are small
  keep,    ///< kept exactly, as a big integer (`big_integer_digits`): for claims
};

/**
 * Parses `text` as one JSON value, rejecting what boost::json::parse lets through:
 * `errc::duplicate_member`, `errc::invalid_number` (a number too large for a double, such as
 * 1e400, and an integer beyond 64 bits unless `big` is `keep`), `errc::json_too_deep`, and
 * `errc::invalid_json` for anything not well-formed (including invalid UTF-8 and trailing
 * content). Tokens' claims are read with `keep`.
 */
[[nodiscard]] result<json::value> parse_strict(std::string_view text,
                                               std::size_t max_depth = parse_limits{}.max_depth,
                                               json::storage_ptr storage = {},
                                               big_integers big = big_integers::refuse);

/**
 * The digits of `v` when it is a big integer: an integer beyond 64 bits, which JSON and Python
 * allow and a double would round. In a document it is a `json::string` made of the byte 0xFF,
 * which no UTF-8 text holds (so no parsed string is ever taken for one), and the number as JSON
 * writes it (an optional '-', then digits). `write_python_json` writes it as that number; the
 * registered claims refuse it (out of range for exp, nbf and iat; not a string for the others).
 */
[[nodiscard]] std::optional<std::string_view> big_integer_digits(const json::value& v) noexcept;

/// A big integer for a document to be written: `digits` is an optional '-' and decimal digits
/// without a leading zero; anything else is `errc::invalid_number`.
[[nodiscard]] result<json::value> make_big_integer(std::string_view digits,
                                                   json::storage_ptr storage = {});

/// Options of the Python-compatible writer.
struct python_json_options {
  bool sort_keys = false;  ///< json.dumps(sort_keys=True)
};

/**
 * Appends `value` as `json.dumps(value, separators=(",", ":"))` writes it: non-ASCII escaped as
 * lowercase `\uXXXX` (surrogate pairs beyond the BMP), floats in Python's repr (`1.0`, `1e+16`).
 * Returns `errc::invalid_claim_value` for a non-finite number, which JSON cannot carry.
 */
[[nodiscard]] result<void> write_python_json(std::string& out, const json::value& value,
                                             python_json_options options = {});

/// As above, for an object: without it, an object would be copied into a `json::value` first.
[[nodiscard]] result<void> write_python_json(std::string& out, const json::object& object,
                                             python_json_options options = {});

}  // namespace tessera
