#include "auth/bearer_guard.hpp"

#include <chrono>

#include <boost/beast/core/string.hpp>  // iequals: ASCII only, whatever the locale
#include <boost/json/array.hpp>

#include "http/responses.hpp"
#include "unix_time.hpp"
#include "words.hpp"

namespace tessera::server {
namespace {

// RFC 6750 section 2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
bool is_b64token(std::string_view token) {
  const auto padding = token.find_last_not_of('=');
  if (padding == std::string_view::npos) return false;
  for (const char c : token.substr(0, padding + 1)) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '-' && c != '.' && c != '_' &&
        c != '~' && c != '+' && c != '/') {
      return false;
    }
  }
  return true;
}

response challenge(int status, std::string_view detail) {
  auto r = detail_response(status, detail);
  r.header("WWW-Authenticate", "Bearer");
  return r;
}

// RFC 6750 3: error_description is a quoted-string without '"' or '\'.
std::string quoted_safe(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out.push_back('\'');
    } else if (static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7f) {
      out.push_back(c);
    }
  }
  return out;
}

std::vector<std::string> scopes_of(const tessera::claims_view& claims) {
  const auto scope = claims.text("scope");
  if (!scope) return {};
  return split_words(*scope);
}

}  // namespace

std::string_view principal::session_id() const noexcept {
  return token_.claims().text("sid").value_or(std::string_view{});
}

bool principal::has_scope(std::string_view scope) const noexcept {
  for (const auto& s : scopes_) {
    if (s == scope) return true;
  }
  return false;
}

principal::principal(tessera::verified_token token)
    : token_(std::move(token)),
      subject_(token_.claims().subject().value_or("")),
      scopes_(scopes_of(token_.claims())) {}

std::string_view bearer_token(std::string_view value) noexcept {
  constexpr std::string_view scheme = "bearer";
  if (value.size() <= scheme.size() ||
      !boost::beast::iequals(value.substr(0, scheme.size()), scheme)) {
    return {};
  }
  value.remove_prefix(scheme.size());
  if (value.front() != ' ') return {};
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  if (!is_b64token(value)) return {};
  return value;
}

std::expected<principal, response> bearer_guard::admit(const request& req) const {
  if (req.authorization.empty()) return std::unexpected(challenge(401, "Not authenticated"));
  if (req.authorization.size() > 1) {
    auto r = detail_response(400, "Several Authorization headers");
    r.header("WWW-Authenticate", "Bearer error=\"invalid_request\"");
    return std::unexpected(std::move(r));
  }
  const std::string_view token = bearer_token(req.authorization.front());
  if (token.empty()) return std::unexpected(challenge(401, "Not authenticated"));

  const auto now = unix_now();
  const auto generation = keys_.generation();
  auto verified = cache_.find(token, generation, now);
  if (!verified) {
    auto checked = keys_.read().verifier->verify(token);
    if (!checked) return std::unexpected(invalid_token(checked.error().message()));
    cache_.insert(token, *checked, generation, now);
    verified.emplace(std::move(*checked));
  }

  // Revocation, from memory: an ended session, a revoked token, or a user's not-before time.
  if (revoked_.is_revoked(revocation_list::identity_of(verified->claims()))) {
    return std::unexpected(invalid_token("token has been revoked"));
  }
  return principal(std::move(*verified));
}

response bearer_guard::invalid_token(std::string_view description) const {
  if (style_ == bearer_error_style::fastapi_403) {
    return detail_response(403, "Invalid authorization code");
  }
  auto r = detail_response(401, "Invalid token");
  r.header("WWW-Authenticate", R"(Bearer error="invalid_token", error_description=")" +
                                   quoted_safe(description) + "\"");
  return r;
}

response bearer_guard::insufficient_scope(std::string_view scope) {
  auto r = detail_response(403, "Insufficient scope");
  r.header("WWW-Authenticate",
           R"(Bearer error="insufficient_scope", scope=")" + quoted_safe(scope) + "\"");
  return r;
}

std::function<handler_result(const request&)> guarded(const bearer_guard& guard,
                                                      protected_handler h,
                                                      std::string required_scope) {
  return [&guard, h = std::move(h),
          scope = std::move(required_scope)](const request& req) -> handler_result {
    auto who = guard.admit(req);
    if (!who) return std::move(who.error());
    if (!scope.empty() && !who->has_scope(scope)) return bearer_guard::insufficient_scope(scope);
    return h(*who, req);
  };
}

}  // namespace tessera::server
