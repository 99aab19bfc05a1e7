// The fast path of parse_strict for the JSON that tokens are usually made of.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include <tessera/json.hpp>

namespace tessera::detail {

/**
 * Parses `text` when it is "plain" JSON: objects, arrays, strings of printable ASCII without
 * escapes, integers of at most 18 digits (other than -0), true, false and null, nested at most
 * `max_depth` deep, with no duplicate member names. Returns the same value parse_strict would,
 * allocated from `storage`.
 *
 * Returns nullopt for anything else, valid or not (escapes, non-ASCII text, fractions,
 * exponents, long integers, malformed input, duplicates, a document of more than a few dozen
 * values): the caller then runs the complete strict parser, which decides and names the error.
 * Only a duplicate member name is found after allocation starts; anything else is declined before.
 */
[[nodiscard]] std::optional<json::value> parse_plain(std::string_view text, std::size_t max_depth,
                                                     const json::storage_ptr& storage);

}  // namespace tessera::detail
