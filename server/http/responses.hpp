// Answers in the shape FastAPI clients expect: JSON bodies with "detail".
#pragma once

#include <string_view>

#include <boost/json/object.hpp>

#include "http/message.hpp"

namespace tessera::server {

/// `{"detail": detail}` with `status`.
[[nodiscard]] response detail_response(int status, std::string_view detail);
/// Any JSON object with `status`.
[[nodiscard]] response json_response(int status, const boost::json::object& body);
/// 422 with FastAPI's validation error list for one body field.
[[nodiscard]] response validation_error(std::string_view field, std::string_view message,
                                        std::string_view type);
/// RFC 6749 section 5.2: `{"error": code, "error_description": description}`, no-store.
[[nodiscard]] response oauth_error(int status, std::string_view code, std::string_view description);

/// `result` with `Cache-Control: no-store` on its answer (once it is ready, for deferred work),
/// unless the handler already set a Cache-Control: for every answer of an endpoint that carries
/// tokens or user data, errors included.
[[nodiscard]] handler_result never_stored(handler_result result);

/// The reason phrase of a status code.
[[nodiscard]] std::string_view reason_phrase(int status);

}  // namespace tessera::server
