#include "http/request_intake.hpp"

#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>

namespace tessera::server {
namespace {

bool contains(const std::vector<std::string>& list, std::string_view item) {
  for (const auto& s : list) {
    if (s == item) return true;
  }
  return false;
}

// Length of the request target in the request line at the start of `data` (or of as much of it
// as has arrived). Beast has one limit for the whole header; this tells a long URL (414) from
// large headers (431).
std::size_t request_target_length(std::string_view data) {
  const auto start = data.find(' ');
  if (start == std::string_view::npos) return 0;
  const auto end = data.find_first_of(" \r\n", start + 1);
  return (end == std::string_view::npos ? data.size() : end) - start - 1;
}

}  // namespace

method to_method(boost::beast::http::verb v) noexcept {
  using boost::beast::http::verb;
  switch (v) {
    case verb::get:
      return method::get;
    case verb::head:
      return method::head;
    case verb::post:
      return method::post;
    case verb::put:
      return method::put;
    case verb::patch:
      return method::patch;
    case verb::delete_:
      return method::del;
    case verb::options:
      return method::options;
    default:
      return method::other;
  }
}

std::string client_address(const std::string& peer, std::string_view forwarded,
                           const std::vector<std::string>& trusted) {
  if (forwarded.empty() || !contains(trusted, peer)) return peer;
  std::string_view rest = forwarded;
  while (!rest.empty()) {
    const auto comma = rest.rfind(',');
    std::string_view hop = comma == std::string_view::npos ? rest : rest.substr(comma + 1);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(0, comma);
    while (!hop.empty() && hop.front() == ' ') hop.remove_prefix(1);
    while (!hop.empty() && hop.back() == ' ') hop.remove_suffix(1);
    if (hop.empty()) continue;
    if (!contains(trusted, hop) || rest.empty()) return std::string(hop);
  }
  return peer;
}

response refusal_for_read_error(const boost::system::error_code& ec,
                                std::string_view unfinished_request_line,
                                const limits_config& limits) {
  namespace http = boost::beast::http;
  if (ec == boost::beast::error::timeout) return detail_response(408, "Request timeout");
  if (ec == http::error::header_limit) {
    return request_target_length(unfinished_request_line) > limits.max_url_bytes
               ? detail_response(414, "Request URL too long")
               : detail_response(431, "Request header fields too large");
  }
  if (ec == http::error::body_limit) return detail_response(413, "Request body too large");
  return detail_response(400, "Malformed HTTP request");
}

}  // namespace tessera::server
