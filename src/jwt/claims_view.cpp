#include <cmath>

#include <tessera/claims.hpp>

#include "json/big_integer.hpp"
#include "jwt/numeric_date.hpp"

namespace tessera {
namespace detail {

std::optional<double> numeric_date_seconds(const json::value& v) noexcept {
  // Every value in range is exact in a double: the integers (up to 2^53) and the fractions.
  switch (v.kind()) {
    case json::kind::int64: {
      const auto i = v.get_int64();
      if (i > max_numeric_date || i < -max_numeric_date) return std::nullopt;
      return static_cast<double>(i);
    }
    case json::kind::uint64: {
      const auto u = v.get_uint64();
      if (u > static_cast<std::uint64_t>(max_numeric_date)) return std::nullopt;
      return static_cast<double>(u);
    }
    case json::kind::double_: {
      const double d = v.get_double();
      constexpr auto limit = static_cast<double>(max_numeric_date);
      if (!std::isfinite(d) || d > limit || d < -limit) return std::nullopt;
      return d;
    }
    default:
      return std::nullopt;
  }
}

std::optional<std::int64_t> numeric_date(const json::value& v) noexcept {
  const auto seconds = numeric_date_seconds(v);
  if (!seconds) return std::nullopt;
  return static_cast<std::int64_t>(std::floor(*seconds));
}

}  // namespace detail

namespace {

std::optional<std::string_view> string_member(const json::object& o, std::string_view name) {
  const auto* v = o.if_contains(name);
  if (v == nullptr || !detail::is_text(*v)) return std::nullopt;
  return std::string_view(v->get_string());
}

std::optional<std::chrono::sys_seconds> date_member(const json::object& o, std::string_view name) {
  const auto* v = o.if_contains(name);
  if (v == nullptr) return std::nullopt;
  const auto seconds = detail::numeric_date(*v);
  if (!seconds) return std::nullopt;
  return std::chrono::sys_seconds(std::chrono::seconds(*seconds));
}

}  // namespace

std::optional<std::string_view> claims_view::issuer() const noexcept {
  return string_member(*members_, "iss");
}
std::optional<std::string_view> claims_view::subject() const noexcept {
  return string_member(*members_, "sub");
}
std::optional<std::string_view> claims_view::jwt_id() const noexcept {
  return string_member(*members_, "jti");
}

std::vector<std::string_view> claims_view::audience() const {
  std::vector<std::string_view> out;
  const auto* v = members_->if_contains("aud");
  if (v == nullptr) return out;
  if (detail::is_text(*v)) {
    out.emplace_back(v->get_string());
  } else if (v->is_array()) {
    for (const auto& a : v->get_array()) {
      if (detail::is_text(a)) out.emplace_back(a.get_string());
    }
  }
  return out;
}

std::optional<std::chrono::sys_seconds> claims_view::expires_at() const noexcept {
  return date_member(*members_, "exp");
}
std::optional<std::chrono::sys_seconds> claims_view::not_before() const noexcept {
  return date_member(*members_, "nbf");
}
std::optional<std::chrono::sys_seconds> claims_view::issued_at() const noexcept {
  return date_member(*members_, "iat");
}

const json::value* claims_view::get(std::string_view name) const noexcept {
  return members_->if_contains(name);
}

}  // namespace tessera
