#include "http/url.hpp"

#include <cctype>

namespace tessera::server {

std::string url_encode(std::string_view text) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 3);
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0 || c == '-' || c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += hex[u >> 4U];
      out += hex[u & 0x0FU];
    }
  }
  return out;
}

std::string with_query(
    std::string_view uri,
    std::initializer_list<std::pair<std::string_view, std::string_view>> params) {
  std::string out(uri);
  char separator = out.find('?') == std::string::npos ? '?' : '&';
  for (const auto& [name, value] : params) {
    if (value.empty()) continue;
    out += separator;
    out += url_encode(name);
    out += '=';
    out += url_encode(value);
    separator = '&';
  }
  return out;
}

}  // namespace tessera::server
