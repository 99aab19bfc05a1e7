// Error codes of libtessera, their category, and the conditions that group them the way PyJWT's
// exception tree does.
#pragma once

#include <system_error>
#include <type_traits>

namespace tessera {

/**
 * One code per distinct failure. The numbers are API: groups leave gaps so new codes never
 * renumber (1xx decoding, 2xx signature and algorithm, 3xx claims, 4xx keys, 5xx configuration,
 * 6xx JWKs and key sets).
 * `to_name()` gives the stable spelling used by the CLI (`error: token_expired: ...`).
 */
enum class errc : int {
  // 1xx: the token cannot be decoded.
  malformed_token = 100,    ///< not three base64url segments separated by dots
  token_too_large = 101,    ///< longer than parse_limits::max_token_size
  invalid_base64url = 102,  ///< padding, +, /, whitespace or non-zero unused bits
  invalid_json = 103,       ///< a segment is not well-formed UTF-8 JSON
  duplicate_member = 104,   ///< a JSON object names a member twice
  json_too_deep = 105,      ///< nesting deeper than parse_limits::max_depth
  invalid_number = 106,     ///< not finite (1e400), or beyond 64 bits outside the claims
  invalid_header = 107,     ///< the header is not a JSON object, or a member has the wrong type
  invalid_payload = 108,    ///< the claims are not a JSON object
  missing_algorithm = 109,  ///< the header has no "alg"
  unsupported_critical_header = 110,    ///< "crit" names an extension this verifier does not know
  unencoded_payload_not_allowed = 111,  ///< RFC 7797 "b64": false without the option

  // 2xx: signature, algorithm and key selection.
  invalid_signature = 200,       ///< the signature does not match
  algorithm_not_allowed = 201,   ///< the header's "alg" is not in the allow-list
  unsecured_token = 202,         ///< "alg": "none" (in any spelling): never accepted
  unknown_algorithm = 203,       ///< an "alg" that is not a JWA signature algorithm
  key_algorithm_mismatch = 204,  ///< the key may not serve the header's "alg"
  invalid_token_type = 205,      ///< the header's "typ" is not the expected one

  // 3xx: claims.
  token_expired = 300,           ///< now >= exp + leeway
  token_not_yet_valid = 301,     ///< now < nbf - leeway
  token_issued_in_future = 302,  ///< iat > now + leeway
  invalid_audience = 303,        ///< "aud" does not name an accepted audience
  invalid_issuer = 304,          ///< "iss" is not an accepted issuer
  invalid_subject = 305,         ///< "sub" is not the expected subject
  missing_exp = 306,             ///< "exp" is required (verify_options::required) and absent
  missing_nbf = 307,             ///< "nbf" is required and absent
  missing_iat = 308,             ///< "iat" is required and absent
  missing_iss = 309,             ///< "iss" is required and absent
  missing_aud = 310,             ///< "aud" is required and absent
  missing_sub = 311,             ///< "sub" is required and absent
  missing_jti = 312,             ///< "jti" is required and absent
  invalid_exp_claim = 313,       ///< "exp" is not a number of seconds in range
  invalid_nbf_claim = 314,       ///< "nbf" is not a number of seconds in range
  invalid_iat_claim = 315,       ///< "iat" is not a number of seconds in range
  invalid_aud_claim = 316,       ///< "aud" is neither a string nor an array of strings
  invalid_iss_claim = 317,       ///< "iss" is not a string
  invalid_sub_claim = 318,       ///< "sub" is not a string
  invalid_jti_claim = 319,       ///< "jti" is not a string

  // 4xx: keys.
  key_too_short = 400,           ///< an HMAC secret shorter than the hash (RFC 7518 section 3.2)
  key_looks_asymmetric = 401,    ///< an HMAC secret that is a PEM, OpenSSH, DER or JWK key
  empty_key = 402,               ///< an empty secret
  key_not_for_algorithm = 403,   ///< the key's type cannot serve the requested algorithm
  rsa_key_too_small = 404,       ///< an RSA modulus under 2048 bits (RFC 7518 section 3.3)
  unsupported_key_type = 405,    ///< DSA, X25519, another curve, or RSA over 8192 bits
  invalid_key_data = 406,        ///< not a PEM, DER or OpenSSH key this library can read
  passphrase_required = 407,     ///< an encrypted private key and no passphrase
  wrong_passphrase = 408,        ///< the passphrase does not decrypt the key
  not_a_private_key = 409,       ///< signing needs a private key
  invalid_key_parameters = 410,  ///< e.g. an RSA public exponent of 1, or a point off the curve
  signing_failed = 411,          ///< OpenSSL could not make the signature
  secret_key_has_no_pem = 412,   ///< PEM export of an HMAC secret

  // 6xx: JSON Web Keys and key sets.
  invalid_jwk = 600,        ///< a JWK with missing or mistyped members, or bad base64url
  invalid_key_set = 601,    ///< not a JSON object with a "keys" array
  no_usable_keys = 602,     ///< a key set with no key usable for signatures
  no_matching_key = 603,    ///< no key of the set matches the token's kid and alg
  ambiguous_key = 604,      ///< several usable keys match (a duplicate kid, or no kid)
  key_not_usable = 605,     ///< the key's "use", "key_ops" or "alg" forbid this operation
  jwks_unavailable = 606,   ///< a remote key set has not been fetched (yet)
  jwks_stale = 607,         ///< the last good remote key set is older than allowed
  jwks_fetch_failed = 608,  ///< the remote key set could not be fetched (network, status, size)

  // 5xx: configuration, reported once when a verifier or token is set up.
  empty_algorithm_list = 500,     ///< verify_options::algorithms is empty
  key_outside_allow_list = 501,   ///< the key serves none of the allowed algorithms
  header_alg_not_settable = 502,  ///< extra header members tried to set "alg"
  invalid_claim_value = 503,      ///< a value cannot be encoded (non-finite number, bad UTF-8)
  invalid_leeway = 504,           ///< verify_options::leeway is negative or over a year
};

/// Groups of codes, after PyJWT's exception families: `ec == condition::invalid_token` is
/// `except jwt.InvalidTokenError`.
enum class condition : int {
  invalid_token = 1,  ///< any reason to reject a token (1xx, 2xx, 3xx; 603-605 at selection)
  decode_error = 2,   ///< the token cannot be decoded, or its signature is wrong
  missing_required_claim = 3,  ///< a required claim is absent
  invalid_key = 4,             ///< a key cannot be used (4xx)
  configuration_error = 5,     ///< the caller's set-up is wrong (5xx)
  key_set_error = 6,           ///< a JWK or key set is unusable, or no key fits the token (6xx)
};

/// The category of `errc`; its name is "tessera".
[[nodiscard]] const std::error_category& error_category() noexcept;
/// The category of `condition`.
[[nodiscard]] const std::error_category& condition_category() noexcept;

/// The stable name of a code ("token_expired"), or "unknown" for a value outside the enum.
[[nodiscard]] const char* to_name(errc code) noexcept;
/// The stable name of a tessera error code, or "unknown" for a code of another category.
[[nodiscard]] const char* to_name(const std::error_code& code) noexcept;

/// `e` as a `std::error_code` of `error_category()`. Found by argument-dependent lookup, it lets
/// an `errc` convert to a `std::error_code` and compare with one (`ec == errc::token_expired`).
[[nodiscard]] inline std::error_code make_error_code(errc e) noexcept {
  return {static_cast<int>(e), error_category()};
}

/// `c` as a `std::error_condition` of `condition_category()`. Found by argument-dependent
/// lookup, it lets a `std::error_code` be compared with a group (`ec == condition::invalid_key`).
[[nodiscard]] inline std::error_condition make_error_condition(condition c) noexcept {
  return {static_cast<int>(c), condition_category()};
}

}  // namespace tessera

/// Makes `tessera::errc` an error code enum: it converts to `std::error_code`.
template <>
struct std::is_error_code_enum<tessera::errc> : std::true_type {};

/// Makes `tessera::condition` an error condition enum: a `std::error_code` of the tessera
/// category compares equal to the conditions its code belongs to.
template <>
struct std::is_error_condition_enum<tessera::condition> : std::true_type {};
