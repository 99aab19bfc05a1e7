// application/x-www-form-urlencoded bodies (the OAuth 2 token endpoint's format).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace tessera::server {

/// The decoded name/value pairs; nullopt for a malformed body or a name given twice (RFC 6749
/// section 3.1: parameters must not be repeated).
[[nodiscard]] std::optional<std::map<std::string, std::string>> parse_form(std::string_view body);

/// True when the media type (parameters ignored) equals `type`, case-insensitively.
[[nodiscard]] bool is_media_type(std::string_view content_type, std::string_view type);

}  // namespace tessera::server
