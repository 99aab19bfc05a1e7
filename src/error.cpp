#include <tessera/error.hpp>

#include <string>

namespace tessera {
namespace {

struct code_info {
  errc code;
  const char* name;
  const char* message;
};

// One row per code: the stable name and the English message. Both are API.
constexpr code_info code_table[] = {
    {errc::malformed_token, "malformed_token",
     "token is not three base64url segments separated by dots"},
    {errc::token_too_large, "token_too_large", "token is larger than the configured limit"},
    {errc::invalid_base64url, "invalid_base64url",
     "segment is not unpadded base64url (RFC 7515 section 2)"},
    {errc::invalid_json, "invalid_json", "segment is not well-formed JSON"},
    {errc::duplicate_member, "duplicate_member", "JSON object has a duplicate member name"},
    {errc::json_too_deep, "json_too_deep", "JSON nesting is deeper than the configured limit"},
    {errc::invalid_number, "invalid_number",
     "JSON number is not finite, or an integer beyond 64 bits outside the claims"},
    {errc::invalid_header, "invalid_header",
     "header is not a JSON object or has a member of the wrong type"},
    {errc::invalid_payload, "invalid_payload", "payload is not a JSON object"},
    {errc::missing_algorithm, "missing_algorithm", "header has no \"alg\""},
    {errc::unsupported_critical_header, "unsupported_critical_header",
     "header \"crit\" names an extension that is not understood"},
    {errc::unencoded_payload_not_allowed, "unencoded_payload_not_allowed",
     "unencoded payload (\"b64\": false) is not allowed"},
    {errc::invalid_signature, "invalid_signature", "signature verification failed"},
    {errc::algorithm_not_allowed, "algorithm_not_allowed",
     "the token's algorithm is not in the allowed list"},
    {errc::unsecured_token, "unsecured_token", R"(unsecured tokens ("alg": "none") are refused)"},
    {errc::unknown_algorithm, "unknown_algorithm", "unknown signature algorithm"},
    {errc::key_algorithm_mismatch, "key_algorithm_mismatch",
     "the key may not serve the token's algorithm"},
    {errc::invalid_token_type, "invalid_token_type", "header \"typ\" is not the expected type"},
    {errc::token_expired, "token_expired", "token has expired"},
    {errc::token_not_yet_valid, "token_not_yet_valid", "token is not yet valid (nbf)"},
    {errc::token_issued_in_future, "token_issued_in_future",
     "token was issued in the future (iat)"},
    {errc::invalid_audience, "invalid_audience", "audience does not match"},
    {errc::invalid_issuer, "invalid_issuer", "issuer does not match"},
    {errc::invalid_subject, "invalid_subject", "subject does not match"},
    {errc::missing_exp, "missing_exp", "token has no \"exp\" claim"},
    {errc::missing_nbf, "missing_nbf", "token has no \"nbf\" claim"},
    {errc::missing_iat, "missing_iat", "token has no \"iat\" claim"},
    {errc::missing_iss, "missing_iss", "token has no \"iss\" claim"},
    {errc::missing_aud, "missing_aud", "token has no \"aud\" claim"},
    {errc::missing_sub, "missing_sub", "token has no \"sub\" claim"},
    {errc::missing_jti, "missing_jti", "token has no \"jti\" claim"},
    {errc::invalid_exp_claim, "invalid_exp_claim",
     "\"exp\" claim is not a number of seconds in range"},
    {errc::invalid_nbf_claim, "invalid_nbf_claim",
     "\"nbf\" claim is not a number of seconds in range"},
    {errc::invalid_iat_claim, "invalid_iat_claim",
     "\"iat\" claim is not a number of seconds in range"},
    {errc::invalid_aud_claim, "invalid_aud_claim",
     "\"aud\" claim is neither a string nor an array of strings"},
    {errc::invalid_iss_claim, "invalid_iss_claim", "\"iss\" claim is not a string"},
    {errc::invalid_sub_claim, "invalid_sub_claim", "\"sub\" claim is not a string"},
    {errc::invalid_jti_claim, "invalid_jti_claim", "\"jti\" claim is not a string"},
    {errc::key_too_short, "key_too_short",
     "HMAC key is shorter than the hash (RFC 7518 section 3.2); allow_weak_key / "
     "--allow-weak-key accepts it"},
    {errc::key_looks_asymmetric, "key_looks_asymmetric",
     "HMAC secret looks like a PEM, OpenSSH, DER or JWK key; refusing it"},
    {errc::empty_key, "empty_key", "key is empty"},
    {errc::key_not_for_algorithm, "key_not_for_algorithm",
     "this kind of key cannot serve the requested algorithm"},
    {errc::rsa_key_too_small, "rsa_key_too_small",
     "RSA key is smaller than 2048 bits; allow_weak_key / --allow-weak-key accepts it"},
    {errc::unsupported_key_type, "unsupported_key_type",
     "unsupported key type (supported: RSA up to 8192 bits, EC P-256/P-384/P-521/secp256k1, "
     "Ed25519, Ed448)"},
    {errc::invalid_key_data, "invalid_key_data",
     "not a PEM, DER, X.509 or OpenSSH key that can be read"},
    {errc::passphrase_required, "passphrase_required",
     "the private key is encrypted and no passphrase was given"},
    {errc::wrong_passphrase, "wrong_passphrase", "the passphrase does not decrypt the private key"},
    {errc::not_a_private_key, "not_a_private_key", "signing needs a private key"},
    {errc::invalid_key_parameters, "invalid_key_parameters",
     "the key's parameters are invalid (RSA exponent, EC point)"},
    {errc::signing_failed, "signing_failed", "the signature could not be made"},
    {errc::secret_key_has_no_pem, "secret_key_has_no_pem",
     "an HMAC secret has no PEM form; only asymmetric keys do"},
    {errc::invalid_jwk, "invalid_jwk",
     "JWK is malformed (a member is missing, has the wrong type or is not base64url)"},
    {errc::invalid_key_set, "invalid_key_set", "JWK Set is not an object with a \"keys\" array"},
    {errc::no_usable_keys, "no_usable_keys", "JWK Set has no key usable for signatures"},
    {errc::no_matching_key, "no_matching_key", "no key matches the token's kid and algorithm"},
    {errc::ambiguous_key, "ambiguous_key",
     "several keys match the token (a duplicate kid, or no kid and several candidates)"},
    {errc::key_not_usable, "key_not_usable",
     "the key's use, key_ops or alg do not allow this operation or algorithm"},
    {errc::jwks_unavailable, "jwks_unavailable", "the remote JWK Set has not been fetched yet"},
    {errc::jwks_stale, "jwks_stale",
     "the last good remote JWK Set is older than the maximum staleness; failing closed"},
    {errc::jwks_fetch_failed, "jwks_fetch_failed",
     "the remote JWK Set could not be fetched (network, HTTP status, size or TLS)"},
    {errc::empty_algorithm_list, "empty_algorithm_list", "no algorithm is allowed"},
    {errc::key_outside_allow_list, "key_outside_allow_list",
     "the key serves none of the allowed algorithms"},
    {errc::header_alg_not_settable, "header_alg_not_settable",
     "\"alg\" comes from the key and cannot be set in the header"},
    {errc::invalid_claim_value, "invalid_claim_value",
     "a value cannot be encoded as JSON (a non-finite number or invalid UTF-8)"},
    {errc::invalid_leeway, "invalid_leeway", "leeway must be between 0 and 365 days"},
};

const code_info* find(int value) noexcept {
  for (const auto& row : code_table) {
    if (static_cast<int>(row.code) == value) return &row;
  }
  return nullptr;
}

bool in_group(int value, int first, int last) noexcept {
  return find(value) != nullptr && value >= first && value <= last;
}

class tessera_category final : public std::error_category {
 public:
  [[nodiscard]] const char* name() const noexcept override { return "tessera"; }
  [[nodiscard]] std::string message(int value) const override {
    const auto* row = find(value);
    return row != nullptr ? row->message : "unknown tessera error";
  }
};

class tessera_condition_category final : public std::error_category {
 public:
  [[nodiscard]] const char* name() const noexcept override { return "tessera.condition"; }
  [[nodiscard]] std::string message(int value) const override {
    switch (static_cast<condition>(value)) {
      case condition::invalid_token:
        return "invalid token";
      case condition::decode_error:
        return "token cannot be decoded or its signature is invalid";
      case condition::missing_required_claim:
        return "a required claim is missing";
      case condition::invalid_key:
        return "invalid key";
      case condition::configuration_error:
        return "invalid configuration";
      case condition::key_set_error:
        return "JWK or key set error";
    }
    return "unknown tessera condition";
  }
  [[nodiscard]] bool equivalent(const std::error_code& code, int value) const noexcept override {
    if (code.category() != tessera::error_category()) return false;
    const int c = code.value();
    switch (static_cast<condition>(value)) {
      case condition::invalid_token:
        return in_group(c, 100, 399) || in_group(c, 603, 605);
      case condition::decode_error:
        // PyJWT: InvalidSignatureError derives from DecodeError.
        return in_group(c, 100, 199) || c == static_cast<int>(errc::invalid_signature);
      case condition::missing_required_claim:
        return c >= static_cast<int>(errc::missing_exp) && c <= static_cast<int>(errc::missing_jti);
      case condition::invalid_key:
        return in_group(c, 400, 499);
      case condition::configuration_error:
        return in_group(c, 500, 599);
      case condition::key_set_error:
        return in_group(c, 600, 699);
    }
    return false;
  }
};

}  // namespace

const std::error_category& error_category() noexcept {
  static const tessera_category category;
  return category;
}

const std::error_category& condition_category() noexcept {
  static const tessera_condition_category category;
  return category;
}

const char* to_name(errc code) noexcept {
  const auto* row = find(static_cast<int>(code));
  return row != nullptr ? row->name : "unknown";
}

const char* to_name(const std::error_code& code) noexcept {
  if (code.category() != error_category()) return "unknown";
  return to_name(static_cast<errc>(code.value()));
}

}  // namespace tessera
