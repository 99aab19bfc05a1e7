// The browser face's answers: pages from the embedded templates, redirects, and the JSON of its
// API, each with the face's security fields (http/web_headers.hpp).
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "http/html.hpp"
#include "http/message.hpp"
#include "web/web_context.hpp"

namespace tessera::server {

/// 303 See Other to `location` (a path on this origin).
[[nodiscard]] response see_other(std::string location);

/// The template `pages/<name>.html` rendered with `values`, with `status`.
[[nodiscard]] response html_page(int status, std::string_view name,
                                 std::initializer_list<html_value> values);

/// The message page: a title and a sentence, with `status`.
[[nodiscard]] response message_page(int status, std::string_view title, std::string_view message);

/// 403: a form post that did not come from this origin's pages, and changed nothing.
[[nodiscard]] response cross_origin_refusal();

/// JSON for the pages' scripts, never stored.
[[nodiscard]] response api_json(int status, const boost::json::object& body);
/// `{"detail": detail}` for the pages' scripts, never stored.
[[nodiscard]] response api_detail(int status, std::string_view detail);
/// 204, never stored.
[[nodiscard]] response api_no_content();

/// An embedded file of web/static/ for GET and HEAD, or 304 when the client holds it already.
[[nodiscard]] response static_asset(const request& req);

/// `res` with the refresh cookie set to `refresh_token` until `session_expires_at`.
void set_refresh_cookie(response& res, std::string_view refresh_token,
                        std::int64_t session_expires_at);
/// `res` with the browser-session cookie set to `key` until `session_expires_at`.
void set_browser_session_cookie(response& res, std::string_view key,
                                std::int64_t session_expires_at);
/// `res` with both session cookies expired and the origin's storage cleared (sign-out).
void end_browser_session(response& res);

}  // namespace tessera::server
