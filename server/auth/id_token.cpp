#include "auth/id_token.hpp"

#include <algorithm>
#include <array>
#include <chrono>

#include <openssl/evp.h>

#include <tessera/base64url.hpp>
#include <tessera/jwt.hpp>

namespace tessera::server {
namespace {

bool holds(const std::vector<std::string>& scopes, std::string_view scope) {
  return std::ranges::find(scopes, scope) != scopes.end();
}

const EVP_MD* hash_of(tessera::algorithm alg) {
  switch (alg) {
    case tessera::algorithm::rs384:
    case tessera::algorithm::ps384:
    case tessera::algorithm::es384:
    case tessera::algorithm::hs384:
      return EVP_sha384();
    case tessera::algorithm::rs512:
    case tessera::algorithm::ps512:
    case tessera::algorithm::es512:
    case tessera::algorithm::hs512:
    case tessera::algorithm::eddsa:  // Ed25519 signs with SHA-512 inside
      return EVP_sha512();
    default:
      return EVP_sha256();
  }
}

}  // namespace

boost::json::object user_claims(const user_record& user, const std::vector<std::string>& scopes) {
  boost::json::object claims{{"sub", user.username}};
  if (holds(scopes, "profile")) {
    if (!user.name.empty()) claims["name"] = user.name;
    claims["preferred_username"] = user.username;
  }
  if (holds(scopes, "email") && !user.email.empty()) {
    claims["email"] = user.email;
    claims["email_verified"] = user.email_verified;
  }
  return claims;
}

std::string at_hash(std::string_view access_token, tessera::algorithm alg) {
  std::array<std::byte, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  EVP_Digest(access_token.data(), access_token.size(),
             reinterpret_cast<unsigned char*>(digest.data()), &size, hash_of(alg), nullptr);
  return tessera::base64url_encode(std::span<const std::byte>(digest.data(), size / 2));
}

result<std::string> sign_id_token(const key_ring_snapshot& keys, tessera::algorithm alg,
                                  const id_token_facts& facts, const user_record& user,
                                  const std::vector<std::string>& scopes) {
  const bool with_access_key = keys.signing.alg() == alg;
  const tessera::signing_key* key =
      with_access_key ? &keys.signing : (keys.id_signing ? &*keys.id_signing : nullptr);
  if (key == nullptr || key->alg() != alg) {
    return fail(errc::key_unavailable,
                "no key signs ID tokens with " + std::string(to_string(alg)));
  }
  const auto now = std::chrono::system_clock::now();
  tessera::claims claims;
  claims.issuer(facts.issuer)
      .subject(user.username)
      .audience(facts.client_id)
      .expires_at(now + std::chrono::seconds{facts.lifetime})
      .issued_at(now)
      .set("auth_time", facts.auth_time)
      .set("amr", boost::json::array{"pwd"});
  if (!facts.nonce.empty()) claims.set("nonce", tessera::json::string(facts.nonce));
  if (!facts.session_id.empty()) claims.set("sid", tessera::json::string(facts.session_id));
  if (!facts.access_token.empty()) {
    claims.set("at_hash", tessera::json::string(at_hash(facts.access_token, alg)));
  }
  for (const auto& [name, value] : user_claims(user, scopes)) {
    if (name != "sub") claims.set(name, value);
  }
  auto token = tessera::encode(
      claims, *key,
      {.kid = with_access_key ? keys.signing_kid : keys.id_signing_kid, .type = "JWT"});
  if (!token) return fail(errc::key_unavailable, "signing failed: " + token.error().message());
  return std::move(*token);
}

}  // namespace tessera::server
