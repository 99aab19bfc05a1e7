// Percent-encoding for query parameters (RFC 3986 section 2), and adding parameters to a URI
// that may have a query already (an OAuth redirect URI, RFC 6749 section 3.1.2).
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace tessera::server {

/// `text` with every byte but the unreserved ones (ALPHA DIGIT - . _ ~) as %XX.
[[nodiscard]] std::string url_encode(std::string_view text);

/// `uri` with `name=value` pairs (encoded) appended to its query. Empty values are left out.
[[nodiscard]] std::string with_query(
    std::string_view uri,
    std::initializer_list<std::pair<std::string_view, std::string_view>> params);

}  // namespace tessera::server
