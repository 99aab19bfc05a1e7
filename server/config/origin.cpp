#include "config/origin.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace tessera::server {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::ranges::transform(out, out.begin(),
                         [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool is_host_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.' || c == '_';
}

bool is_loopback_ipv4(std::string_view host) {
  if (!host.starts_with("127.")) return false;
  int parts = 0;
  while (!host.empty()) {
    const auto dot = host.find('.');
    const auto part = host.substr(0, dot);
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (ec != std::errc{} || end != part.data() + part.size() || value > 255) return false;
    ++parts;
    host = dot == std::string_view::npos ? std::string_view{} : host.substr(dot + 1);
  }
  return parts == 4;
}

}  // namespace

std::string web_origin::serialized() const {
  std::string out;
  out.reserve(scheme.size() + host.size() + 9);
  out.append(scheme).append("://").append(host);
  const std::uint16_t default_port = scheme == "https" ? 443 : 80;
  if (port != default_port) out.append(":").append(std::to_string(port));
  return out;
}

result<web_origin> parse_origin(std::string_view url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) {
    return fail(errc::invalid_argument, "is not an absolute URL (http://... or https://...)");
  }
  web_origin o;
  o.scheme = lower(url.substr(0, scheme_end));
  if (o.scheme != "http" && o.scheme != "https") {
    return fail(errc::invalid_argument, "must be an http or https URL");
  }
  auto authority = url.substr(scheme_end + 3);
  authority = authority.substr(0, authority.find_first_of("/?#"));
  if (authority.find('@') != std::string_view::npos) {
    return fail(errc::invalid_argument, "must not carry user information");
  }
  std::string_view port_text;
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return fail(errc::invalid_argument, "has a bad IPv6 host");
    o.host = lower(authority.substr(0, close + 1));
    const auto rest = authority.substr(close + 1);
    if (!rest.empty()) {
      if (!rest.starts_with(':')) return fail(errc::invalid_argument, "has a bad IPv6 host");
      port_text = rest.substr(1);
      if (port_text.empty()) return fail(errc::invalid_argument, "has an empty port");
    }
  } else {
    const auto colon = authority.rfind(':');
    o.host = lower(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      if (port_text.empty()) return fail(errc::invalid_argument, "has an empty port");
    }
    if (o.host.empty() || !std::ranges::all_of(o.host, is_host_char)) {
      return fail(errc::invalid_argument, "has no valid host");
    }
  }
  o.port = o.scheme == "https" ? 443 : 80;
  if (!port_text.empty()) {
    unsigned value = 0;
    const auto [end, ec] =
        std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
    // Port 0 is kept: `--listen 127.0.0.1:0` (a port the system picks) derives public_url.
    if (ec != std::errc{} || end != port_text.data() + port_text.size() || value > 65535) {
      return fail(errc::invalid_argument, "has a bad port");
    }
    o.port = static_cast<std::uint16_t>(value);
  }
  return o;
}

bool is_potentially_trustworthy(const web_origin& origin) {
  if (origin.scheme == "https") return true;
  const auto& host = origin.host;
  return host == "localhost" || host.ends_with(".localhost") || host == "[::1]" ||
         is_loopback_ipv4(host);
}

result<bool> web_face_enabled(const service_config& config) {
  if (config.web_enabled == false) return false;
  const auto origin = parse_origin(config.effective_public_url());
  if (!origin) return fail(errc::invalid_configuration, "public_url " + origin.error().detail);
  if (config.dev || is_potentially_trustworthy(*origin)) return true;
  if (config.web_enabled == true) {
    return fail(errc::invalid_configuration,
                "web.enabled = true needs an https public_url or a loopback one: browsers "
                "keep Secure cookies and offer WebCrypto only in secure contexts, and " +
                    origin->serialized() + " is not one");
  }
  return false;
}

}  // namespace tessera::server
