// A program that uses an installed libtessera: built by tests/install/install_test.sh through
// pkg-config and through find_package, against a temporary install prefix.
#include <cstdio>
#include <string>

#include <tessera/jwt.hpp>

int main() {
  const std::string secret(32, 's');
  auto key = tessera::signing_key::hmac(tessera::algorithm::hs256, secret);
  if (!key) return 1;
  auto token = tessera::encode(tessera::claims{}.subject("consumer"), *key);
  if (!token) return 1;
  auto verifier = tessera::verifier::create(*tessera::verifying_key::hmac(secret),
                                            {.algorithms = {tessera::algorithm::hs256}});
  if (!verifier) return 1;
  auto verified = verifier->verify(*token);
  if (!verified) return 1;
  std::printf("verified %s\n", std::string(*verified->claims().subject()).c_str());
  return 0;
}
