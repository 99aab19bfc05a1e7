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

}  // namespace

std::string_view origin_form(std::string_view target) noexcept {
  if (target.empty() || target.front() == '/') return target;
  const auto scheme_end = target.find("://");
  if (scheme_end == std::string_view::npos) return target;
  const auto scheme = target.substr(0, scheme_end);
  if (!boost::beast::iequals(scheme, "http") && !boost::beast::iequals(scheme, "https")) {
    return target;
  }
  const auto authority = scheme_end + 3;
  const auto path = target.find_first_of("/?", authority);
  return path == std::string_view::npos ? std::string_view("/") : target.substr(path);
}

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

response refusal_for_read_error(const boost::system::error_code& ec) {
  namespace http = boost::beast::http;
  if (ec == boost::beast::error::timeout) return detail_response(408, "Request timeout");
  if (ec == http::error::header_limit)
    return detail_response(431, "Request header fields too large");
  if (ec == http::error::body_limit) return detail_response(413, "Request body too large");
  return detail_response(400, "Malformed HTTP request");
}

response refusal_for_framing(const framing_refusal& refusal) {
  return detail_response(refusal.status, refusal.detail);
}

framing_limits framing_limits_for(const limits_config& limits) noexcept {
  return {.max_head_bytes = limits.max_header_bytes + limits.max_url_bytes,
          .max_url_bytes = limits.max_url_bytes,
          .max_body_bytes = limits.max_body_bytes};
}

}  // namespace tessera::server
