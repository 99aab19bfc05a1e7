// The files of web/ (the browser face's page templates and static files), embedded at build
// time (cmake/TesseraEmbedWebAssets.cmake).
#pragma once

#include <span>
#include <string_view>

namespace tessera::server {

struct web_asset {
  std::string_view name;          ///< its path under web/: "pages/login.html", "static/style.css"
  std::string_view content_type;  ///< the Content-Type it is served with
  std::string_view etag;          ///< a strong ETag from its SHA-256, quotes included
  std::string_view body;
};

/// Every embedded file, sorted by name.
[[nodiscard]] std::span<const web_asset> web_assets() noexcept;

/// The file named `name`, or null.
[[nodiscard]] const web_asset* find_web_asset(std::string_view name) noexcept;

/// Whether `if_none_match` (an If-None-Match field) names `etag`, or is `*` (RFC 9110 section
/// 13.1.2; weak comparison).
[[nodiscard]] bool etag_matches(std::string_view if_none_match, std::string_view etag) noexcept;

}  // namespace tessera::server
