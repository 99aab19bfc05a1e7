#include "http/response_head.hpp"

#include <array>
#include <charconv>
#include <ctime>
#include <ostream>  // boost/core/detail/string_view.hpp (1.81) uses it without including it

#include <boost/beast/http/status.hpp>

namespace tessera::server {

// A status whose response has no body (RFC 9110 section 6.4.1), hence no Content-Length.
bool is_bodiless(int status) noexcept {
  return (status >= 100 && status < 200) || status == 204 || status == 304;
}

std::string_view http_date(std::chrono::system_clock::time_point now) {
  thread_local std::time_t formatted_second = -1;
  thread_local std::array<char, 32> text{};
  thread_local std::size_t size = 0;
  const std::time_t second = std::chrono::system_clock::to_time_t(now);
  if (second != formatted_second) {
    std::tm utc{};
    (void)gmtime_r(&second, &utc);
    size = std::strftime(text.data(), text.size(), "%a, %d %b %Y %H:%M:%S GMT", &utc);
    formatted_second = second;
  }
  return {text.data(), size};
}

void write_response_head(std::string& out, const response& res, const answer_framing& framing,
                         const common_fields& common) {
  const unsigned version = framing.version;
  out.clear();
  out += "HTTP/";
  out += static_cast<char>('0' + (version / 10) % 10);
  out += '.';
  out += static_cast<char>('0' + version % 10);
  out += ' ';
  std::array<char, 24> digits{};
  const auto status = std::to_chars(digits.data(), digits.data() + digits.size(), res.status);
  out.append(digits.data(), status.ptr);
  out += ' ';
  const auto reason =
      boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(res.status));
  out.append(reason.data(), reason.size());
  out += "\r\nServer: tessera\r\nDate: ";
  out += common.date;
  out += "\r\n";
  if (!res.content_type.empty()) {
    out += "Content-Type: ";
    out += res.content_type;
    out += "\r\n";
  }
  out += "X-Content-Type-Options: nosniff\r\n";
  if (!common.strict_transport_security.empty()) {
    out += "Strict-Transport-Security: ";
    out += common.strict_transport_security;
    out += "\r\n";
  }
  for (const auto& [name, value] : res.headers) {
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  }
  if (version >= 11 && !framing.keep_alive) out += "Connection: close\r\n";
  if (version < 11 && framing.keep_alive) out += "Connection: keep-alive\r\n";
  // A HEAD answer announces the length of the body it leaves out.
  if (framing.head_request || !is_bodiless(res.status)) {
    out += "Content-Length: ";
    const auto length =
        std::to_chars(digits.data(), digits.data() + digits.size(), res.body.size());
    out.append(digits.data(), length.ptr);
    out += "\r\n";
  }
  out += "\r\n";
}

}  // namespace tessera::server
