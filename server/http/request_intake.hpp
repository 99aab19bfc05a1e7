// From the bytes Beast parsed to the request the handlers see, with the limits the parser itself
// cannot apply. Shared by the server and the HTTP fuzz target, so both treat a request alike.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>
#include <boost/system/error_code.hpp>

#include "config/config.hpp"
#include "http/message.hpp"
#include "http/responses.hpp"

namespace tessera::server {

/// The handlers' name for an HTTP method.
[[nodiscard]] method to_method(boost::beast::http::verb v) noexcept;

/// The client: the peer, or the nearest address in X-Forwarded-For that is not a trusted proxy
/// when the peer itself is one.
[[nodiscard]] std::string client_address(const std::string& peer, std::string_view forwarded,
                                         const std::vector<std::string>& trusted);

/// The answer to a request the parser gave up on: 408 (timeout), 414 or 431 (the header limit:
/// 414 when it was reached inside the request line, whose bytes so far are
/// `unfinished_request_line`, empty otherwise), 413, or 400 for malformed HTTP. The caller
/// closes the connection after it.
[[nodiscard]] response refusal_for_read_error(const boost::system::error_code& ec,
                                              std::string_view unfinished_request_line,
                                              const limits_config& limits);

/// Applies the configured header and body limits to a Beast request parser. The target has its
/// own limit (414), checked after the read by `take_request`.
template <class Parser>
void apply_limits(Parser& parser, const limits_config& limits) {
  parser.header_limit(static_cast<std::uint32_t>(limits.max_header_bytes + limits.max_url_bytes));
  parser.body_limit(limits.max_body_bytes);
}

/**
 * Fills `req` from the parsed message `msg` (the views point into it; the client address into
 * `client`) and returns the refusal for a request over the URL (414) or header (431) limits, or
 * nothing when the request may go to the router.
 */
template <class Message>
[[nodiscard]] std::optional<response> take_request(const Message& msg, const std::string& peer,
                                                   const service_config& config, request& req,
                                                   std::string& client) {
  namespace http = boost::beast::http;
  req.verb = to_method(msg.method());
  req.target = {msg.target().data(), msg.target().size()};
  const auto question = req.target.find('?');
  req.path = req.target.substr(0, question);
  req.query =
      question == std::string_view::npos ? std::string_view{} : req.target.substr(question + 1);
  req.body = msg.body();
  std::size_t header_count = 0;
  std::size_t header_bytes = 0;
  std::string_view forwarded;
  for (const auto& field : msg) {
    ++header_count;
    header_bytes += field.name_string().size() + field.value().size() + 4;
    const std::string_view value(field.value().data(), field.value().size());
    switch (field.name()) {
      case http::field::authorization:
        req.authorization.push_back(value);
        break;
      case http::field::content_type:
        req.content_type = value;
        break;
      case http::field::origin:
        req.origin = value;
        break;
      default:
        if (boost::beast::iequals(field.name_string(), "x-forwarded-for")) forwarded = value;
        break;
    }
  }
  client = client_address(peer, forwarded, config.trusted_proxies);
  req.client_address = client;

  const auto& limits = config.limits;
  if (req.target.size() > limits.max_url_bytes) {
    return detail_response(414, "Request URL too long");
  }
  if (header_count > limits.max_headers || header_bytes > limits.max_header_bytes) {
    return detail_response(431, "Request header fields too large");
  }
  return std::nullopt;
}

}  // namespace tessera::server
