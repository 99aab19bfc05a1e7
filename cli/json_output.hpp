// JSON as the commands print it. Strings from a token are untrusted: everything goes through
// the library's Python-compatible writer, which escapes control characters and writes all
// non-ASCII as \uXXXX, so nothing in a token can reach the terminal raw (an ESC sequence, a
// right-to-left override that reorders what is shown).
#pragma once

#include <string>

#include <tessera/json.hpp>
#include <tessera/result.hpp>

namespace tessera::cli {

/// One line, as Python's `json.dumps(value, separators=(",", ":"))` writes it.
[[nodiscard]] result<std::string> compact_json(const json::value& value);

/// Indented by two spaces, as `json.dumps(value, indent=2)` writes it; no trailing newline.
[[nodiscard]] result<std::string> pretty_json(const json::value& value);

}  // namespace tessera::cli
