// The request and response that handlers see: plain data, no I/O and no Beast, so handlers are
// pure functions that unit tests can call directly.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <boost/container/small_vector.hpp>

namespace tessera::server {

enum class method : std::uint8_t { get, head, post, put, patch, del, options, other };

/// A view of one request; the strings point into the connection's buffers.
struct request {
  server::method verb = method::other;
  std::string_view target;  ///< path and query, as sent
  std::string_view path;
  std::string_view query;
  std::string_view body;
  std::string_view content_type;
  std::string_view origin;
  boost::container::small_vector<std::string_view, 1> authorization;  ///< every such header
  std::string_view client_address;  ///< the peer, or X-Forwarded-For from a trusted proxy
  /// Every Cookie field (HTTP/2 proxies may split one into several). Read only by the browser
  /// face; the bearer guard never looks at it, and nothing logs it.
  boost::container::small_vector<std::string_view, 1> cookie;
  std::string_view sec_fetch_site;  ///< set by browsers: same-origin, same-site, cross-site, none
  std::string_view user_agent;
  std::string_view if_none_match;  ///< the ETags a client already holds
  std::string_view host;           ///< the one Host field (a request with two is refused)
  /// X-Tessera-Fetch, the custom field the browser face's scripts send: a cross-site form cannot
  /// set it, and a cross-origin script cannot without a CORS preflight the service never grants.
  std::string_view fetch_marker;
};

struct response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  response& header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

/// Work a handler wants done off the I/O threads (password hashing); its result is the answer.
using deferred_response = std::move_only_function<response()>;

/// A handler answers at once, or hands back work for the hashing pool.
using handler_result = std::variant<response, deferred_response>;

}  // namespace tessera::server
