// Fuzz target: one JWK and a JWK Set from the same text. A key that imports must export, and
// its thumbprint must be the same computed from the JWK or from the key.
#include <cstddef>
#include <cstdint>

#include <tessera/jwk.hpp>
#include <tessera/key_set.hpp>

#include "fuzz_input.hpp"

namespace {

void exercise(const tessera::jwk& key) {
  (void)key.algorithms();
  const auto verifying = key.verifying();
  if (!verifying) return;
  const auto exported = tessera::to_jwk(*verifying, {.include_alg = false});
  tessera::fuzz::require(exported.has_value() || key.kty() == "oct",
                         "an imported public key could not be exported");
  if (!exported) return;
  const auto again = tessera::jwk::from_json(*exported);
  tessera::fuzz::require(again.has_value(), "an exported JWK did not import");
  const auto from_key = tessera::jwk_thumbprint(*verifying);
  const auto from_json = tessera::jwk_thumbprint(*exported);
  tessera::fuzz::require(from_key.has_value() && from_json.has_value() && *from_key == *from_json,
                         "two thumbprints of one key differ");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = tessera::fuzz::as_text(data, size);
  if (const auto key = tessera::jwk::parse(text)) exercise(*key);
  if (const auto set = tessera::key_set::parse(text)) {
    for (const auto& key : set->keys()) exercise(key);
    for (const auto alg : {tessera::algorithm::hs256, tessera::algorithm::rs256,
                           tessera::algorithm::es256, tessera::algorithm::eddsa}) {
      (void)set->select(std::nullopt, alg);
      (void)set->select("1", alg);
    }
  }
  return 0;
}
