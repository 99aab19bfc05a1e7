#include "jwt/validate_claims.hpp"

#include <algorithm>
#include <array>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <tessera/error.hpp>

#include "jwt/registered_claims.hpp"

namespace tessera::detail {
namespace {

std::unexpected<std::error_code> fail(errc e) { return std::unexpected(make_error_code(e)); }

using shape = claim_value::shape;

constexpr std::array<errc, 7> missing_code = {
    errc::missing_iss, errc::missing_sub, errc::missing_aud, errc::missing_exp,
    errc::missing_nbf, errc::missing_iat, errc::missing_jti,
};

result<void> check_required(const registered_claims& claims, const verify_options& options) {
  for (const claim c : options.required) {
    if (!claims.present(c)) return fail(missing_code[static_cast<std::size_t>(c)]);
  }
  return {};
}

// A NumericDate claim: nothing to say when absent; `invalid` when not a number in range; else
// `verdict` when `refused(seconds)`.
template <class Refused>
result<void> check_date(const claim_value& value, errc invalid, Refused&& refused, errc verdict) {
  if (!value.present()) return {};
  if (value.form != shape::number || !value.seconds) return fail(invalid);
  if (refused(*value.seconds)) return fail(verdict);
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
  const auto future_iat = [&](double iat) {
    return options.reject_future_iat && iat > now + leeway;
  };
  if (auto r = check_date(claims[claim::iat], errc::invalid_iat_claim, future_iat,
                          errc::token_issued_in_future);
      !r) {
    return r;
  }
  const auto immature = [&](double nbf) { return nbf > now + leeway; };
  if (auto r = check_date(claims[claim::nbf], errc::invalid_nbf_claim, immature,
                          errc::token_not_yet_valid);
      !r) {
    return r;
  }
  const auto expired = [&](double exp) { return exp <= now - leeway; };
  return check_date(claims[claim::exp], errc::invalid_exp_claim, expired, errc::token_expired);
}

bool is_one_of(std::string_view value, const std::vector<std::string>& accepted) {
  return std::ranges::find(accepted, value) != accepted.end();
}

// The errors of a claim that must be a string when present.
struct text_errors {
  errc missing;       ///< absent and expected
  errc invalid_type;  ///< present and not a string
  errc refused;       ///< a string the verifier does not accept
};

// A claim that must be a string when present, and one `accepts` when `expected`.
template <class Accepts>
result<void> check_text(const claim_value& value, bool expected, Accepts&& accepts,
                        const text_errors& errors) {
  if (!value.present()) {
    if (expected) return fail(errors.missing);
    return {};
  }
  if (value.form != shape::text) return fail(errors.invalid_type);
  if (expected && !accepts(value.text)) return fail(errors.refused);
  return {};
}

result<void> check_audience(const registered_claims& claims, const verify_options& options) {
  const auto aud = claims[claim::aud];
  if (aud.present() && aud.form != shape::text && aud.form != shape::text_list) {
    return fail(errc::invalid_aud_claim);
  }
  const bool empty = !aud.present() || (aud.form == shape::text && aud.text.empty()) ||
                     (aud.form == shape::text_list && aud.texts.empty());
  if (options.audience.empty()) {
    // A token meant for some audience is not for a verifier that expects none (as PyJWT).
    if (!empty) return fail(errc::invalid_audience);
    return {};
  }
  if (empty) return fail(errc::missing_aud);

  if (options.strict_audience) {
    if (aud.form != shape::text || options.audience.size() != 1 ||
        aud.text != options.audience.front()) {
      return fail(errc::invalid_audience);
    }
    return {};
  }
  const auto accepted = [&](std::string_view a) { return is_one_of(a, options.audience); };
  if (aud.form == shape::text ? accepted(aud.text) : aud.texts.any_of(accepted)) return {};
  return fail(errc::invalid_audience);
}

}  // namespace

result<void> validate_claims(const registered_claims& claims, const verify_options& options,
                             std::chrono::system_clock::time_point now) {
  if (auto r = check_required(claims, options); !r) return r;
  if (auto r = check_times(claims, options, now); !r) return r;
  const auto issuer_accepted = [&](std::string_view iss) { return is_one_of(iss, options.issuer); };
  if (auto r = check_text(claims[claim::iss], !options.issuer.empty(), issuer_accepted,
                          {errc::missing_iss, errc::invalid_iss_claim, errc::invalid_issuer});
      !r) {
    return r;
  }
  if (auto r = check_audience(claims, options); !r) return r;
  const auto subject_accepted = [&](std::string_view sub) { return sub == *options.subject; };
  if (auto r = check_text(claims[claim::sub], options.subject.has_value(), subject_accepted,
                          {errc::missing_sub, errc::invalid_sub_claim, errc::invalid_subject});
      !r) {
    return r;
  }
  const auto any = [](std::string_view) { return true; };
  return check_text(claims[claim::jti], false, any,
                    {errc::missing_jti, errc::invalid_jti_claim, errc::invalid_jti_claim});
}

result<void> validate_claims(const json::object& claims, const verify_options& options,
                             std::chrono::system_clock::time_point now) {
  return validate_claims(registered_claims::of(claims), options, now);
}

}  // namespace tessera::detail
