// Pieces of the Python-compatible writer (include/tessera/json.hpp) for code that writes JSON
// without building a json::value first.
#pragma once

#include <string>
#include <string_view>

namespace tessera::detail {

/// Appends `text` as a JSON string, escaped as Python's json.dumps escapes it; false (with part
/// of it appended) when `text` is not UTF-8.
[[nodiscard]] bool write_python_string(std::string& out, std::string_view text);

}  // namespace tessera::detail
