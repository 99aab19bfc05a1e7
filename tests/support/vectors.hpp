// Where the conformance vectors are (tests/vectors only: TESSERA_VECTORS_DIR and
// TESSERA_HAVE_VECTORS come from tests/vectors/CMakeLists.txt), and JSON helpers for them.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include <tessera/base64url.hpp>

#include "support/json_file.hpp"

#if !defined(TESSERA_VECTORS_DIR) || !defined(TESSERA_HAVE_VECTORS)
#error "support/vectors.hpp needs TESSERA_VECTORS_DIR and TESSERA_HAVE_VECTORS"
#endif

/// Skips the current test, saying why, when the vectors were not found at configure time; a test
/// that needs vectors must never pass without them.
#define TESSERA_REQUIRE_VECTORS()                                                \
  do {                                                                           \
    if (!::tessera::test::have_vectors()) {                                      \
      GTEST_SKIP() << "conformance vectors not found at " << TESSERA_VECTORS_DIR \
                   << " (configure with -DTESSERA_VECTORS_DIR=...)";             \
    }                                                                            \
  } while (false)

namespace tessera::test {

inline constexpr bool have_vectors() { return TESSERA_HAVE_VECTORS != 0; }

/// A file in the vectors directory, parsed as JSON (trusted data: boost::json::parse).
inline boost::json::value load_vector(std::string_view relative_path) {
  return load_json_file(std::filesystem::path(TESSERA_VECTORS_DIR) / relative_path);
}

/// A JSON string member as text.
inline std::string text(const boost::json::value& v, std::string_view name) {
  return std::string(v.at(name).as_string());
}

/// The bytes of a base64url member (e.g. a JWK's "k"); throws tessera::error when malformed.
inline std::vector<std::byte> b64url_member(const boost::json::value& v, std::string_view name) {
  return value_or_throw(base64url_decode(std::string_view(v.at(name).as_string())));
}

}  // namespace tessera::test
