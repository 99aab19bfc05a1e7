#include "claim_checks.hpp"

#include <boost/json/object.hpp>

#include <tessera/claims.hpp>
#include <tessera/error.hpp>

namespace tessera::cli {
namespace {

std::unexpected<std::error_code> fail(errc e) { return std::unexpected(make_error_code(e)); }

// A string, and not a big integer (which the document holds as a marked string).
bool is_text(const json::value& v) { return v.is_string() && !big_integer_digits(v); }

bool is_audience(const json::value& aud) {
  if (is_text(aud)) return true;
  const auto* list = aud.if_array();
  if (list == nullptr) return false;
  for (const auto& entry : *list) {
    if (!is_text(entry)) return false;
  }
  return true;
}

}  // namespace

result<void> check_registered_claims(const json::object& claims) {
  // claims_view reads a date only when it is a NumericDate in range, so "present but unread"
  // is exactly "invalid".
  const claims_view view(claims);
  if (claims.contains("exp") && !view.expires_at()) return fail(errc::invalid_exp_claim);
  if (claims.contains("nbf") && !view.not_before()) return fail(errc::invalid_nbf_claim);
  if (claims.contains("iat") && !view.issued_at()) return fail(errc::invalid_iat_claim);
  if (const auto* v = claims.if_contains("iss"); v != nullptr && !is_text(*v)) {
    return fail(errc::invalid_iss_claim);
  }
  if (const auto* v = claims.if_contains("sub"); v != nullptr && !is_text(*v)) {
    return fail(errc::invalid_sub_claim);
  }
  if (const auto* v = claims.if_contains("jti"); v != nullptr && !is_text(*v)) {
    return fail(errc::invalid_jti_claim);
  }
  if (const auto* v = claims.if_contains("aud"); v != nullptr && !is_audience(*v)) {
    return fail(errc::invalid_aud_claim);
  }
  return {};
}

}  // namespace tessera::cli
