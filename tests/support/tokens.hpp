// Test secrets, verifiers, and token builders that forge tokens from arbitrary header, payload and
// signature text. Signatures come from OpenSSL's HMAC(), not from libtessera, so a forged token
// does not depend on the signer under test.
#pragma once

#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <tessera/algorithm.hpp>
#include <tessera/base64url.hpp>
#include <tessera/jwt.hpp>
#include <tessera/key.hpp>
#include <tessera/result.hpp>
#include <tessera/validation.hpp>

#include "support/clock.hpp"

namespace tessera::test {

/// 64 bytes: long enough for HS256, HS384 and HS512.
inline constexpr std::string_view test_secret =
    "tessera-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEF";
/// Another 64-byte secret: the wrong key.
inline constexpr std::string_view other_secret =
    "another-secret-9876543210-zyxwvutsrqponmlkjihgfedcba-FEDCBA-0000";
static_assert(test_secret.size() == 64 && other_secret.size() == 64);

/// base64url of the bytes of `text`.
inline std::string b64(std::string_view text) { return base64url_encode(text); }

/// The raw HMAC of `input` under `secret` with the hash of `alg` (HS256, HS384 or HS512).
inline std::string raw_hmac(algorithm alg, std::string_view secret, std::string_view input) {
  const EVP_MD* md = alg == algorithm::hs256   ? EVP_sha256()
                     : alg == algorithm::hs384 ? EVP_sha384()
                     : alg == algorithm::hs512 ? EVP_sha512()
                                               : nullptr;
  if (md == nullptr) throw std::invalid_argument("raw_hmac: not an HS algorithm");
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (HMAC(md, secret.data(), static_cast<int>(secret.size()),
           reinterpret_cast<const unsigned char*>(input.data()), input.size(), out,
           &size) == nullptr) {
    throw std::runtime_error("HMAC failed");
  }
  return {reinterpret_cast<const char*>(out), size};
}

/// base64url of the HMAC of `input`.
inline std::string hmac_b64(algorithm alg, std::string_view secret, std::string_view input) {
  return b64(raw_hmac(alg, secret, input));
}

/// header_segment '.' payload_segment '.' HMAC of the two, the segments taken as they are.
inline std::string sign_segments(std::string_view header_segment, std::string_view payload_segment,
                                 std::string_view secret = test_secret,
                                 algorithm alg = algorithm::hs256) {
  std::string token(header_segment);
  token.push_back('.');
  token.append(payload_segment);
  const std::string signature = hmac_b64(alg, secret, token);
  token.push_back('.');
  token.append(signature);
  return token;
}

/// A token whose header and payload are exactly the given JSON texts (base64url-encoded),
/// signed with `alg` under `secret` whatever the header says.
inline std::string signed_token(std::string_view header_json, std::string_view payload_json,
                                std::string_view secret = test_secret,
                                algorithm alg = algorithm::hs256) {
  return sign_segments(b64(header_json), b64(payload_json), secret, alg);
}

/// {"alg":"HS256","typ":"JWT"} and `payload_json`, signed with the test secret.
inline std::string hs256_token(std::string_view payload_json) {
  return signed_token(R"({"alg":"HS256","typ":"JWT"})", payload_json);
}

/// Joins three segments as they are (no signing).
inline std::string join_segments(std::string_view header, std::string_view payload,
                                 std::string_view signature) {
  std::string token(header);
  token.push_back('.');
  token.append(payload);
  token.push_back('.');
  token.append(signature);
  return token;
}

/// Options for HS256 with "now" fixed at `now`.
inline verify_options hs256_options(std::int64_t now = default_now) {
  verify_options options;
  options.algorithms = {algorithm::hs256};
  options.time_source = clock_at(now);
  return options;
}

/// A verifier with `secret` (serving every HS algorithm its length meets) and `options`;
/// throws tessera::error when either is refused.
inline verifier make_verifier(verify_options options = hs256_options(),
                              std::string_view secret = test_secret) {
  return value_or_throw(
      verifier::create(value_or_throw(verifying_key::hmac(secret)), std::move(options)));
}

/// A signing key for `alg` with the test secret.
inline signing_key test_signing_key(algorithm alg = algorithm::hs256) {
  return value_or_throw(signing_key::hmac(alg, test_secret));
}

}  // namespace tessera::test
