// One HTTP GET of a key set with libcurl: TLS verified, bounded in time and size.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include <tessera/jwks_client.hpp>
#include <tessera/result.hpp>

namespace tessera::detail {

struct http_response {
  std::string body;
  std::optional<std::chrono::seconds> max_age;  ///< from Cache-Control
};

/// GET `options.url`. `errc::jwks_fetch_failed` for anything but a 200 with a body within
/// `max_body_size`, received within `timeout`; `why` gets a one-line reason for logs.
[[nodiscard]] result<http_response> http_get(const jwks_client_options& options, std::string& why);

/// Whether `url` is one the client may fetch (https, or http with `allow_insecure_http`).
[[nodiscard]] bool is_allowed_url(const jwks_client_options& options);

}  // namespace tessera::detail
