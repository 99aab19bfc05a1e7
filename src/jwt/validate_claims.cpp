#include "jwt/validate_claims.hpp"

#include <algorithm>
#include <array>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <tessera/error.hpp>

#include "json/big_integer.hpp"
#include "jwt/numeric_date.hpp"

namespace tessera::detail {
namespace {

std::unexpected<std::error_code> fail(errc e) { return std::unexpected(make_error_code(e)); }

// The registered claims of a payload, found in one pass over its members (a lookup per claim
// would scan the object seven times).
struct registered_claims {
  std::array<const json::value*, 7> by_claim{};  // indexed by tessera::claim

  explicit registered_claims(const json::object& claims) {
    for (const auto& member : claims) {
      const std::string_view key = member.key();
      if (key.size() != 3) continue;
      if (const auto c = parse_claim(key)) by_claim[static_cast<std::size_t>(*c)] = &member.value();
    }
  }
  [[nodiscard]] const json::value* get(claim c) const noexcept {
    return by_claim[static_cast<std::size_t>(c)];
  }
};

constexpr std::array<errc, 7> missing_code = {
    errc::missing_iss, errc::missing_sub, errc::missing_aud, errc::missing_exp,
    errc::missing_nbf, errc::missing_iat, errc::missing_jti,
};

result<void> check_required(const registered_claims& claims, const verify_options& options) {
  for (const claim c : options.required) {
    if (claims.get(c) == nullptr) return fail(missing_code[static_cast<std::size_t>(c)]);
  }
  return {};
}

// exp, nbf and iat: a number in range when present, then compared with now (PyJWT's rules:
// expired when exp <= now - leeway; immature when nbf or iat > now + leeway). As numbers: a
// NumericDate may have a fraction (RFC 7519 section 2), and `exp = now + 0.5` is valid for half
// a second. A double holds now to a fraction of a microsecond; for whole-second dates the
// verdicts are those of a comparison with now rounded down.
result<void> check_times(const registered_claims& claims, const verify_options& options,
                         std::chrono::system_clock::time_point at) {
  const double now = std::chrono::duration<double>(at.time_since_epoch()).count();
  const auto leeway = static_cast<double>(options.leeway.count());
  if (const auto* v = claims.get(claim::iat)) {
    const auto iat = numeric_date_seconds(*v);
    if (!iat) return fail(errc::invalid_iat_claim);
    if (options.reject_future_iat && *iat > now + leeway) return fail(errc::token_issued_in_future);
  }
  if (const auto* v = claims.get(claim::nbf)) {
    const auto nbf = numeric_date_seconds(*v);
    if (!nbf) return fail(errc::invalid_nbf_claim);
    if (*nbf > now + leeway) return fail(errc::token_not_yet_valid);
  }
  if (const auto* v = claims.get(claim::exp)) {
    const auto exp = numeric_date_seconds(*v);
    if (!exp) return fail(errc::invalid_exp_claim);
    if (*exp <= now - leeway) return fail(errc::token_expired);
  }
  return {};
}

bool is_one_of(std::string_view value, const std::vector<std::string>& accepted) {
  return std::ranges::find(accepted, value) != accepted.end();
}

result<void> check_issuer(const registered_claims& claims, const verify_options& options) {
  const auto* iss = claims.get(claim::iss);
  if (iss == nullptr) {
    if (!options.issuer.empty()) return fail(errc::missing_iss);
    return {};
  }
  if (!is_text(*iss)) return fail(errc::invalid_iss_claim);
  if (!options.issuer.empty() && !is_one_of(iss->get_string(), options.issuer)) {
    return fail(errc::invalid_issuer);
  }
  return {};
}

bool is_empty_audience(const json::value& aud) {
  return (is_text(aud) && aud.get_string().empty()) || (aud.is_array() && aud.get_array().empty());
}

result<void> check_audience(const registered_claims& claims, const verify_options& options) {
  const auto* aud = claims.get(claim::aud);
  if (aud != nullptr && !is_text(*aud)) {
    const auto* list = aud->if_array();
    if (list == nullptr) return fail(errc::invalid_aud_claim);
    for (const auto& entry : *list) {
      if (!is_text(entry)) return fail(errc::invalid_aud_claim);
    }
  }
  if (options.audience.empty()) {
    // A token meant for some audience is not for a verifier that expects none (as PyJWT).
    if (aud != nullptr && !is_empty_audience(*aud)) return fail(errc::invalid_audience);
    return {};
  }
  if (aud == nullptr || is_empty_audience(*aud)) return fail(errc::missing_aud);

  if (options.strict_audience) {
    if (!is_text(*aud) || options.audience.size() != 1 ||
        aud->get_string() != options.audience.front()) {
      return fail(errc::invalid_audience);
    }
    return {};
  }
  if (is_text(*aud)) {
    if (is_one_of(aud->get_string(), options.audience)) return {};
  } else {
    for (const auto& entry : aud->get_array()) {
      if (is_one_of(entry.get_string(), options.audience)) return {};
    }
  }
  return fail(errc::invalid_audience);
}

result<void> check_subject(const registered_claims& claims, const verify_options& options) {
  const auto* sub = claims.get(claim::sub);
  if (sub == nullptr) {
    if (options.subject) return fail(errc::missing_sub);
    return {};
  }
  if (!is_text(*sub)) return fail(errc::invalid_sub_claim);
  if (options.subject && sub->get_string() != *options.subject) return fail(errc::invalid_subject);
  return {};
}

result<void> check_jwt_id(const registered_claims& claims) {
  const auto* jti = claims.get(claim::jti);
  if (jti != nullptr && !is_text(*jti)) return fail(errc::invalid_jti_claim);
  return {};
}

}  // namespace

result<void> validate_claims(const json::object& payload, const verify_options& options,
                             std::chrono::system_clock::time_point now) {
  const registered_claims claims(payload);
  if (auto r = check_required(claims, options); !r) return r;
  if (auto r = check_times(claims, options, now); !r) return r;
  if (auto r = check_issuer(claims, options); !r) return r;
  if (auto r = check_audience(claims, options); !r) return r;
  if (auto r = check_subject(claims, options); !r) return r;
  return check_jwt_id(claims);
}

}  // namespace tessera::detail
