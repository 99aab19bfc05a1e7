// Signs an HS256 token with claims and an expiry, then verifies it with an algorithm allow-list,
// an issuer and leeway, and shows how errors are told apart.
#include <chrono>
#include <cstdio>
#include <string>

#include <tessera/tessera.hpp>

using namespace std::chrono_literals;

int main() {
  // In real code the secret comes from a secret store: 32 random bytes or more for HS256.
  const std::string secret = "an-example-secret-of-32-bytes-!!";

  auto key = tessera::signing_key::hmac(tessera::algorithm::hs256, secret);
  if (!key) {
    std::fprintf(stderr, "key: %s\n", key.error().message().c_str());
    return 1;
  }

  const auto now = std::chrono::system_clock::now();
  auto token = tessera::encode(tessera::claims{}
                                   .subject("user-42")
                                   .issuer("https://auth.example.com")
                                   .audience("api")
                                   .issued_at(now)
                                   .expires_at(now + 15min)
                                   .set("role", "admin"),
                               *key, {.kid = "2026-11"});
  if (!token) {
    std::fprintf(stderr, "encode: %s\n", token.error().message().c_str());
    return 1;
  }
  std::printf("token: %s\n", token->c_str());

  auto verifier = tessera::verifier::create(*tessera::verifying_key::hmac(secret),
                                            {.algorithms = {tessera::algorithm::hs256},
                                             .issuer = {"https://auth.example.com"},
                                             .audience = {"api"},
                                             .leeway = 30s,
                                             .required = {tessera::claim::exp}});
  if (!verifier) {
    std::fprintf(stderr, "verifier: %s\n", verifier.error().message().c_str());
    return 1;
  }

  auto verified = verifier->verify(*token);
  if (!verified) {
    if (verified.error() == tessera::errc::token_expired) std::fprintf(stderr, "expired\n");
    std::fprintf(stderr, "rejected: %s (%s)\n", tessera::to_name(verified.error()),
                 verified.error().message().c_str());
    return 1;
  }
  std::printf("subject: %.*s\n", static_cast<int>(verified->claims().subject()->size()),
              verified->claims().subject()->data());

  // A token signed with another secret is rejected with a specific code.
  auto other = tessera::signing_key::hmac(tessera::algorithm::hs256,
                                          std::string_view("another-secret-of-32-bytes-long!"));
  auto forged = tessera::encode(tessera::claims{}.subject("user-42"), *other);
  auto rejected = verifier->verify(*forged);
  if (rejected || rejected.error() != tessera::errc::invalid_signature ||
      rejected.error() != tessera::condition::invalid_token) {
    std::fprintf(stderr, "a forged token was not rejected as expected\n");
    return 1;
  }
  std::printf("forged token rejected: %s\n", rejected.error().message().c_str());
  return 0;
}
