#include <cmath>

#include <boost/json/object.hpp>

#include <tessera/claims.hpp>

#include "json/big_integer.hpp"
#include "jwt/numeric_date.hpp"
#include "jwt/registered_claims.hpp"
#include "jwt/token_storage.hpp"

namespace tessera {
namespace detail {

std::optional<double> numeric_date_seconds(std::int64_t seconds) noexcept {
  if (seconds > max_numeric_date || seconds < -max_numeric_date) return std::nullopt;
  return static_cast<double>(seconds);
}

std::optional<double> numeric_date_seconds(const json::value& v) noexcept {
  // Every value in range is exact in a double: the integers (up to 2^53) and the fractions.
  switch (v.kind()) {
    case json::kind::int64:
      return numeric_date_seconds(v.get_int64());
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

std::optional<std::string_view> as_text(const detail::claim_value& v) noexcept {
  if (v.form != detail::claim_value::shape::text) return std::nullopt;
  return v.text;
}

std::optional<std::chrono::sys_seconds> as_date(const detail::claim_value& v) noexcept {
  if (v.form != detail::claim_value::shape::number || !v.seconds) return std::nullopt;
  return std::chrono::sys_seconds(
      std::chrono::seconds(static_cast<std::int64_t>(std::floor(*v.seconds))));
}

}  // namespace

detail::claim_value claims_view::registered(claim c) const noexcept {
  // A verified token's claims are read from its index when it has one: no DOM is built.
  if (token_ != nullptr) {
    if (const auto* indexed = token_->claims.indexed_root()) return detail::find_claim(*indexed, c);
  }
  const auto* v = members().if_contains(to_string(c));
  return v == nullptr ? detail::claim_value{} : detail::claim_value::of(*v);
}

std::optional<std::string_view> claims_view::issuer() const noexcept {
  return as_text(registered(claim::iss));
}
std::optional<std::string_view> claims_view::subject() const noexcept {
  return as_text(registered(claim::sub));
}
std::optional<std::string_view> claims_view::jwt_id() const noexcept {
  return as_text(registered(claim::jti));
}

std::vector<std::string_view> claims_view::audience() const {
  // The strings of "aud", an array's other elements skipped (an invalid "aud" is not verified,
  // but a view may be of any object).
  std::vector<std::string_view> out;
  if (const auto* indexed = token_ != nullptr ? token_->claims.indexed_root() : nullptr) {
    const auto* aud = detail::find_member(*indexed, "aud");
    if (aud == nullptr) return out;
    if (aud->kind == detail::plain_kind::string) {
      out.push_back(aud->string());
    } else if (aud->kind == detail::plain_kind::array) {
      const auto* element = aud + 1;
      for (std::uint32_t i = 0; i < aud->count; ++i, element += element->extent) {
        if (element->kind == detail::plain_kind::string) out.push_back(element->string());
      }
    }
    return out;
  }
  const auto* aud = members().if_contains("aud");
  if (aud == nullptr) return out;
  if (detail::is_text(*aud)) {
    out.emplace_back(aud->get_string());
  } else if (aud->is_array()) {
    for (const auto& a : aud->get_array()) {
      if (detail::is_text(a)) out.emplace_back(a.get_string());
    }
  }
  return out;
}

std::optional<std::chrono::sys_seconds> claims_view::expires_at() const noexcept {
  return as_date(registered(claim::exp));
}
std::optional<std::chrono::sys_seconds> claims_view::not_before() const noexcept {
  return as_date(registered(claim::nbf));
}
std::optional<std::chrono::sys_seconds> claims_view::issued_at() const noexcept {
  return as_date(registered(claim::iat));
}

std::optional<std::string_view> claims_view::text(std::string_view name) const noexcept {
  // Never builds the object: a parsed payload's exists already.
  if (token_ != nullptr) {
    if (const auto* indexed = token_->claims.indexed_root()) {
      const auto* v = detail::find_member(*indexed, name);
      if (v == nullptr || v->kind != detail::plain_kind::string) return std::nullopt;
      return v->string();
    }
  }
  const auto* v = members().if_contains(name);
  if (v == nullptr || !detail::is_text(*v)) return std::nullopt;
  return std::string_view(v->get_string());
}

const json::value* claims_view::get(std::string_view name) const {
  return members().if_contains(name);
}

const json::object& claims_view::members() const {
  return token_ != nullptr ? token_->claims_object() : *members_;
}

}  // namespace tessera
