// The two halves of parse_strict, for the tests that compare them.
#pragma once

#include <cstddef>
#include <string_view>

#include <tessera/json.hpp>
#include <tessera/result.hpp>

namespace tessera::detail {

/// parse_strict without its fast path (json/plain_parser.hpp): boost::json::basic_parser with a
/// handler that refuses duplicate members and non-finite numbers, and refuses or keeps integers
/// beyond 64 bits as `big` says.
[[nodiscard]] result<json::value> parse_strict_complete(std::string_view text,
                                                        std::size_t max_depth,
                                                        json::storage_ptr storage,
                                                        big_integers big = big_integers::refuse);

}  // namespace tessera::detail
