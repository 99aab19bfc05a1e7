#include "http/cookies.hpp"

namespace tessera::server {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string with_attributes(const cookie_spec& spec, std::string_view value,
                            std::chrono::seconds max_age) {
  std::string out;
  out.reserve(spec.name.size() + value.size() + 80);
  out.append(spec.name).append("=").append(value);
  out.append("; Max-Age=").append(std::to_string(max_age.count()));
  out.append("; Path=/; Secure; HttpOnly; SameSite=");
  out.append(spec.same_site == same_site::strict ? "Strict" : "Lax");
  return out;
}

}  // namespace

std::optional<std::string_view> find_cookie(const request& req, std::string_view name) {
  for (std::string_view field : req.cookie) {
    while (!field.empty()) {
      const auto semicolon = field.find(';');
      const auto pair = trim(field.substr(0, semicolon));
      field =
          semicolon == std::string_view::npos ? std::string_view{} : field.substr(semicolon + 1);
      const auto eq = pair.find('=');
      if (eq == std::string_view::npos || trim(pair.substr(0, eq)) != name) continue;
      auto value = trim(pair.substr(eq + 1));
      // RFC 6265 section 4.1.1 lets a value be quoted.
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
        value = value.substr(1, value.size() - 2);
      }
      return value;
    }
  }
  return std::nullopt;
}

std::string set_cookie(const cookie_spec& spec, std::string_view value,
                       std::chrono::seconds max_age) {
  return with_attributes(spec, value, max_age);
}

std::string expire_cookie(const cookie_spec& spec) {
  return with_attributes(spec, "", std::chrono::seconds{0});
}

}  // namespace tessera::server
