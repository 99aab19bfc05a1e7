// The tessera::errc codes of the HMAC core (decoding, signature, claims, HMAC keys and
// configuration) with their stable names and numbers, written out by hand so that a test notices
// when the enum and this list part ways. Codes of asymmetric keys (404 and up) and of JWK sets
// (6xx) belong to those components' tests.
//
// error_test.cpp (CoreRangesHoldOnlyListedCodes) fails when a code appears in a core range
// (100-399, 400-403, 500-599) that is not listed here; error_coverage_test.cpp must then be given a
// producer for it.
#pragma once

#include <array>
#include <string_view>

#include <tessera/error.hpp>

namespace tessera::test {

struct errc_row {
  errc code;
  std::string_view name;
  int number;
};

inline constexpr std::array<errc_row, 47> all_errc = {{
    {errc::malformed_token, "malformed_token", 100},
    {errc::token_too_large, "token_too_large", 101},
    {errc::invalid_base64url, "invalid_base64url", 102},
    {errc::invalid_json, "invalid_json", 103},
    {errc::duplicate_member, "duplicate_member", 104},
    {errc::json_too_deep, "json_too_deep", 105},
    {errc::invalid_number, "invalid_number", 106},
    {errc::invalid_header, "invalid_header", 107},
    {errc::invalid_payload, "invalid_payload", 108},
    {errc::missing_algorithm, "missing_algorithm", 109},
    {errc::unsupported_critical_header, "unsupported_critical_header", 110},
    {errc::unencoded_payload_not_allowed, "unencoded_payload_not_allowed", 111},
    {errc::invalid_signature, "invalid_signature", 200},
    {errc::algorithm_not_allowed, "algorithm_not_allowed", 201},
    {errc::unsecured_token, "unsecured_token", 202},
    {errc::unknown_algorithm, "unknown_algorithm", 203},
    {errc::key_algorithm_mismatch, "key_algorithm_mismatch", 204},
    {errc::invalid_token_type, "invalid_token_type", 205},
    {errc::token_expired, "token_expired", 300},
    {errc::token_not_yet_valid, "token_not_yet_valid", 301},
    {errc::token_issued_in_future, "token_issued_in_future", 302},
    {errc::invalid_audience, "invalid_audience", 303},
    {errc::invalid_issuer, "invalid_issuer", 304},
    {errc::invalid_subject, "invalid_subject", 305},
    {errc::missing_exp, "missing_exp", 306},
    {errc::missing_nbf, "missing_nbf", 307},
    {errc::missing_iat, "missing_iat", 308},
    {errc::missing_iss, "missing_iss", 309},
    {errc::missing_aud, "missing_aud", 310},
    {errc::missing_sub, "missing_sub", 311},
    {errc::missing_jti, "missing_jti", 312},
    {errc::invalid_exp_claim, "invalid_exp_claim", 313},
    {errc::invalid_nbf_claim, "invalid_nbf_claim", 314},
    {errc::invalid_iat_claim, "invalid_iat_claim", 315},
    {errc::invalid_aud_claim, "invalid_aud_claim", 316},
    {errc::invalid_iss_claim, "invalid_iss_claim", 317},
    {errc::invalid_sub_claim, "invalid_sub_claim", 318},
    {errc::invalid_jti_claim, "invalid_jti_claim", 319},
    {errc::key_too_short, "key_too_short", 400},
    {errc::key_looks_asymmetric, "key_looks_asymmetric", 401},
    {errc::empty_key, "empty_key", 402},
    {errc::key_not_for_algorithm, "key_not_for_algorithm", 403},
    {errc::empty_algorithm_list, "empty_algorithm_list", 500},
    {errc::key_outside_allow_list, "key_outside_allow_list", 501},
    {errc::header_alg_not_settable, "header_alg_not_settable", 502},
    {errc::invalid_claim_value, "invalid_claim_value", 503},
    {errc::invalid_leeway, "invalid_leeway", 504},
}};

}  // namespace tessera::test
