#include "config/redirect_uri.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>

namespace tessera::server {
namespace {

// The parts of http://HOST[:PORT]REST, for loopback comparison.
struct http_parts {
  std::string_view host;
  std::string_view port;
  std::string_view rest;  ///< path, query
};

std::optional<http_parts> split_http(std::string_view uri) {
  constexpr std::string_view scheme = "http://";
  if (!uri.starts_with(scheme)) return std::nullopt;
  const auto authority_and_rest = uri.substr(scheme.size());
  const auto end = authority_and_rest.find_first_of("/?#");
  const auto authority = authority_and_rest.substr(0, end);
  http_parts parts{
      .host = authority,
      .port = {},
      .rest = end == std::string_view::npos ? std::string_view{} : authority_and_rest.substr(end)};
  const auto colon = authority.starts_with('[') ? authority.find("]:") : authority.rfind(':');
  if (colon != std::string_view::npos) {
    const auto skip = authority.starts_with('[') ? 1U : 0U;
    parts.host = authority.substr(0, colon + skip);
    parts.port = authority.substr(colon + skip + 1);
  }
  return parts;
}

bool is_loopback_literal(std::string_view host) { return host == "127.0.0.1" || host == "[::1]"; }

bool is_scheme(std::string_view scheme) {
  return !scheme.empty() && std::isalpha(static_cast<unsigned char>(scheme.front())) != 0 &&
         std::ranges::all_of(scheme, [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '+' || c == '-' ||
                  c == '.';
         });
}

}  // namespace

bool is_https_uri(std::string_view uri) noexcept { return uri.starts_with("https://"); }

result<void> check_redirect_uri(std::string_view uri) {
  const auto refuse = [&](std::string_view why) {
    return fail(errc::invalid_argument,
                "redirect URI '" + std::string(uri) + "' " + std::string(why));
  };
  if (uri.size() > 2048) return refuse("is longer than 2048 bytes");
  if (std::ranges::any_of(uri, [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u <= 0x20 || u >= 0x7f ||
               std::string_view("\"\\<>{}|^`").find(c) != std::string_view::npos;
      })) {
    return refuse("has a character a URI cannot hold (RFC 3986)");
  }
  if (uri.find('#') != std::string_view::npos) return refuse("has a fragment");
  const auto colon = uri.find(':');
  if (colon == std::string_view::npos || !is_scheme(uri.substr(0, colon))) {
    return refuse("is not an absolute URI");
  }
  const auto scheme = uri.substr(0, colon);
  if (scheme == "https" || scheme == "http") {
    if (!uri.substr(colon).starts_with("://") || uri.size() == colon + 3) {
      return refuse("has no host");
    }
    const auto authority = uri.substr(colon + 3, uri.find_first_of("/?", colon + 3) - colon - 3);
    if (authority.empty()) return refuse("has no host");
    if (authority.find('@') != std::string_view::npos) return refuse("has user information");
    if (scheme == "http") {
      const auto parts = split_http(uri);
      if (!parts || !(is_loopback_literal(parts->host) || parts->host == "localhost")) {
        return refuse("is http on a host other than 127.0.0.1, [::1] or localhost: use https");
      }
    }
    return {};
  }
  // RFC 8252 section 7.1: a private-use scheme is a reverse domain name the app owns.
  if (scheme.find('.') == std::string_view::npos) {
    return refuse("has a scheme that is neither https, loopback http, nor a reverse domain name");
  }
  return {};
}

bool redirect_uri_matches(std::string_view registered, std::string_view presented) noexcept {
  if (registered == presented) return true;
  const auto r = split_http(registered);
  const auto p = split_http(presented);
  return r && p && is_loopback_literal(r->host) && r->host == p->host && r->rest == p->rest &&
         !p->port.empty() && std::ranges::all_of(p->port, [](char c) {
           return std::isdigit(static_cast<unsigned char>(c)) != 0;
         });
}

}  // namespace tessera::server
