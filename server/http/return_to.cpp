#include "http/return_to.hpp"

#include <cctype>

namespace tessera::server {
namespace {

bool is_encoded(std::string_view s, std::size_t at, char hex_high, char hex_low) {
  return at + 2 < s.size() && s[at] == '%' && s[at + 1] == hex_high &&
         std::toupper(static_cast<unsigned char>(s[at + 2])) == hex_low;
}

}  // namespace

bool is_local_return_to(std::string_view target) noexcept {
  if (target.empty() || target.size() > max_return_to || target.front() != '/') return false;
  if (target.size() > 1 && (target[1] == '/' || target[1] == '\\')) return false;
  for (const char ch : target) {
    const auto c = static_cast<unsigned char>(ch);
    // Browsers drop tabs and newlines from URLs ("/\t/evil" becomes "//evil") and read a
    // backslash as a slash; nothing outside printable ASCII belongs in a sent URL.
    if (c <= 0x20 || c >= 0x7f || c == '#') return false;
  }
  const auto path = target.substr(0, target.find('?'));
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '\\') return false;
    if (is_encoded(path, i, '2', 'F') || is_encoded(path, i, '5', 'C')) return false;
  }
  return true;
}

}  // namespace tessera::server
