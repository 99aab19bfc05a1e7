#include "auth/pkce.hpp"

#include "auth/digest.hpp"

#include <algorithm>
#include <cctype>

#include <openssl/crypto.h>

namespace tessera::server {
namespace {

bool is_base64url_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
}

// RFC 7636 section 4.1: ALPHA / DIGIT / "-" / "." / "_" / "~".
bool is_unreserved(char c) { return is_base64url_char(c) || c == '.' || c == '~'; }

}  // namespace

bool is_s256_challenge(std::string_view challenge) noexcept {
  return challenge.size() == 43 && std::ranges::all_of(challenge, is_base64url_char);
}

bool verifies_s256(std::string_view verifier, std::string_view challenge) {
  if (verifier.size() < 43 || verifier.size() > 128 ||
      !std::ranges::all_of(verifier, is_unreserved)) {
    return false;
  }
  if (!is_s256_challenge(challenge)) return false;
  const auto computed = sha256_base64url(verifier);
  return computed.size() == challenge.size() &&
         CRYPTO_memcmp(computed.data(), challenge.data(), challenge.size()) == 0;
}

}  // namespace tessera::server
