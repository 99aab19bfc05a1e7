#include "keys/secret_screening.hpp"

#include <array>
#include <string_view>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <tessera/json.hpp>

namespace tessera::detail {
namespace {

std::string_view trim_leading_space(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  return first == std::string_view::npos ? std::string_view{} : s.substr(first);
}

bool is_pem(std::string_view text) { return text.find("-----BEGIN ") != std::string_view::npos; }

bool is_openssh_public_key(std::string_view text) {
  constexpr std::array<std::string_view, 8> prefixes = {
      "ssh-rsa ",    "ssh-dss ",       "ssh-ed25519 ",   "ssh-ed448 ",
      "ecdsa-sha2-", "sk-ecdsa-sha2-", "sk-ssh-ed25519", "ssh-rsa-cert-",
  };
  const auto t = trim_leading_space(text);
  for (auto p : prefixes) {
    if (t.starts_with(p)) return true;
  }
  return false;
}

bool is_jwk(std::string_view text) {
  const auto t = trim_leading_space(text);
  if (!t.starts_with('{')) return false;
  auto parsed = parse_strict(t);
  if (!parsed || !parsed->is_object()) return false;
  const auto& obj = parsed->get_object();
  return obj.contains("kty") || obj.contains("keys");
}

// A DER structure that parses completely as a key or certificate is not a random secret.
bool is_der_key(std::span<const std::byte> secret) {
  const auto* begin = reinterpret_cast<const unsigned char*>(secret.data());
  const auto size = static_cast<long>(secret.size());
  if (secret.size() < 2 || begin[0] != 0x30) return false;  // every such structure is a SEQUENCE

  bool found = false;
  {
    const unsigned char* p = begin;
    if (EVP_PKEY* k = d2i_PUBKEY(nullptr, &p, size)) {
      found = p == begin + size;
      EVP_PKEY_free(k);
    }
  }
  if (!found) {
    const unsigned char* p = begin;
    if (EVP_PKEY* k = d2i_AutoPrivateKey(nullptr, &p, size)) {
      found = p == begin + size;
      EVP_PKEY_free(k);
    }
  }
  if (!found) {
    // PKCS#1 RSAPublicKey (SEQUENCE { n, e }), which verifying_key::load also reads.
    const unsigned char* p = begin;
    if (EVP_PKEY* k = d2i_PublicKey(EVP_PKEY_RSA, nullptr, &p, size)) {
      found = p == begin + size;
      EVP_PKEY_free(k);
    }
  }
  if (!found) {
    const unsigned char* p = begin;
    if (X509* cert = d2i_X509(nullptr, &p, size)) {
      found = p == begin + size;
      X509_free(cert);
    }
  }
  ERR_clear_error();
  return found;
}

}  // namespace

bool looks_like_asymmetric_key(std::span<const std::byte> secret) {
  const std::string_view text(reinterpret_cast<const char*>(secret.data()), secret.size());
  return is_pem(text) || is_openssh_public_key(text) || is_jwk(text) || is_der_key(secret);
}

}  // namespace tessera::detail
