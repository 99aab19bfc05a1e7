// JSON for untrusted input, and JSON output byte-identical to Python's json.dumps.
//
// boost::json::parse keeps the last of duplicate members ({"alg":"HS256","alg":"none"}) and
// turns 1e400 into infinity. parse_strict() refuses both, and integers that do not fit 64 bits.
#pragma once

#include <cstddef>
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

/**
 * Parses `text` as one JSON value, rejecting what boost::json::parse lets through:
 * `errc::duplicate_member`, `errc::invalid_number` (non-finite, or an integer beyond 64 bits),
 * `errc::json_too_deep`, and `errc::invalid_json` for anything not well-formed (including
 * invalid UTF-8 and trailing content).
 */
[[nodiscard]] result<json::value> parse_strict(std::string_view text,
                                               std::size_t max_depth = parse_limits{}.max_depth,
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

}  // namespace tessera
