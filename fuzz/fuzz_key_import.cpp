// Fuzz target: public and private keys in every format read (PEM, DER, OpenSSH lines, X.509),
// with and without a passphrase. A key that loads must write itself out as PEM and load again.
#include <cstddef>
#include <cstdint>
#include <span>

#include <tessera/key.hpp>

#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto bytes = std::span(reinterpret_cast<const std::byte*>(data), size);
  if (const auto key = tessera::verifying_key::load(bytes)) {
    const auto pem = key->to_pem();
    tessera::fuzz::require(pem.has_value(), "a loaded public key has no PEM");
    tessera::fuzz::require(tessera::verifying_key::from_pem(*pem).has_value(),
                           "a public key's own PEM did not load");
  }
  for (const auto alg :
       {tessera::algorithm::rs256, tessera::algorithm::es256, tessera::algorithm::eddsa}) {
    const auto key = tessera::signing_key::load(alg, bytes, {.passphrase = "fuzz"});
    if (!key) continue;
    const auto pem = key->to_pem();
    tessera::fuzz::require(pem.has_value(), "a loaded private key has no PEM");
    tessera::fuzz::require(tessera::signing_key::from_pem(alg, *pem).has_value(),
                           "a private key's own PEM did not load");
  }
  return 0;
}
