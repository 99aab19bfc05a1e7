// From the bytes Beast parsed to the request the handlers see, with the limits the parser itself
// cannot apply. Shared by the server and the HTTP fuzz target, so both treat a request alike.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>
#include <boost/system/error_code.hpp>

#include "config/config.hpp"
#include "http/message.hpp"
#include "http/request_framing.hpp"
#include "http/responses.hpp"

namespace tessera::server {

/// The handlers' name for an HTTP method.
[[nodiscard]] method to_method(boost::beast::http::verb v) noexcept;

/// The client: the peer, or the nearest address in X-Forwarded-For that is not a trusted proxy
/// when the peer itself is one.
[[nodiscard]] std::string client_address(const std::string& peer, std::string_view forwarded,
                                         const std::vector<std::string>& trusted);

/// The answer to a request whose bytes could not be read or parsed: 408 (timeout), 431 or 413
/// (the parser's limits), or 400 (malformed HTTP). The caller closes the connection after it.
[[nodiscard]] response refusal_for_read_error(const boost::system::error_code& ec);

/// The answer to a request the framer refused. The caller closes the connection after it.
[[nodiscard]] response refusal_for_framing(const framing_refusal& refusal);

/// The framer's limits from the configuration: a head holds a request line with a target of up to
/// max_url_bytes and max_header_bytes of header fields.
[[nodiscard]] framing_limits framing_limits_for(const limits_config& limits) noexcept;

/**
 * Parses a request that the framer found whole: `message` is exactly its bytes, from the request
 * line to the end of its body (the framer has applied the size limits). The parser must take
 * every byte and be done: a parser error sets `ec`, and so does a parser that would end the
 * request elsewhere than the framer, with `http::error::partial_message` (which `put` itself
 * never gives).
 */
template <class Parser>
void parse_framed(Parser& parser, std::string_view message, boost::system::error_code& ec) {
  parser.eager(true);
  parser.header_limit(static_cast<std::uint32_t>(
      std::min<std::size_t>(message.size(), std::numeric_limits<std::uint32_t>::max())));
  parser.body_limit(message.size());
  std::size_t used = 0;
  while (!parser.is_done() && used < message.size()) {
    const auto n =
        parser.put(boost::asio::buffer(message.data() + used, message.size() - used), ec);
    used += n;
    if (ec == boost::beast::http::error::need_more) ec = {};
    if (ec || n == 0) break;
  }
  if (!ec && (!parser.is_done() || used != message.size())) {
    ec = boost::beast::http::error::partial_message;
  }
}

/// The path and query of a request target: the target itself in origin form (`/path?query`),
/// or what follows the authority in absolute form (`http://host:port/path?query`, RFC 9112
/// section 3.2.2; `/` when nothing does). Other forms are returned as they are, and match no
/// route.
[[nodiscard]] std::string_view origin_form(std::string_view target) noexcept;

/**
 * Fills `req` from the parsed message `msg` (the views point into it; the client address into
 * `client`) and returns the refusal for a request over the URL (414) or header (431) limits, or
 * nothing when the request may go to the router. A request without a Host field (HTTP/1.1) or
 * with two is refused with 400.
 */
template <class Message>
[[nodiscard]] std::optional<response> take_request(const Message& msg, const std::string& peer,
                                                   const service_config& config, request& req,
                                                   std::string& client) {
  namespace http = boost::beast::http;
  req.verb = to_method(msg.method());
  req.target = origin_form({msg.target().data(), msg.target().size()});
  const auto question = req.target.find('?');
  req.path = req.target.substr(0, question);
  req.query =
      question == std::string_view::npos ? std::string_view{} : req.target.substr(question + 1);
  req.body = msg.body();
  std::size_t hosts = 0;
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
      case http::field::host:
        ++hosts;
        req.host = value;
        break;
      case http::field::cookie:
        req.cookie.push_back(value);
        break;
      case http::field::sec_fetch_site:
        req.sec_fetch_site = value;
        break;
      case http::field::user_agent:
        req.user_agent = value;
        break;
      case http::field::if_none_match:
        req.if_none_match = value;
        break;
      default:
        if (boost::beast::iequals(field.name_string(), "x-forwarded-for")) {
          forwarded = value;
        } else if (boost::beast::iequals(field.name_string(), "x-tessera-fetch")) {
          req.fetch_marker = value;
        }
        break;
    }
  }
  client = client_address(peer, forwarded, config.trusted_proxies);
  req.client_address = client;

  // RFC 9112 section 3.2: exactly one Host in HTTP/1.1, at most one before.
  if (hosts > 1) return detail_response(400, "Repeated Host header");
  if (hosts == 0 && msg.version() >= 11) return detail_response(400, "Missing Host header");
  const auto& limits = config.limits;
  if (msg.target().size() > limits.max_url_bytes) {
    return detail_response(414, "Request URL too long");
  }
  if (header_count > limits.max_headers || header_bytes > limits.max_header_bytes) {
    return detail_response(431, "Request header fields too large");
  }
  return std::nullopt;
}

}  // namespace tessera::server
