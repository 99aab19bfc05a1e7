// Fuzz target: a compact token, decoded without verification and verified under every
// algorithm with keys the input cannot know. Nothing may crash, and nothing may verify: the
// fuzzer cannot forge a signature, so an accepted token is a finding.
#include <cstddef>
#include <cstdint>

#include <tessera/jwt.hpp>

#include "fixed_keys.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto token = tessera::fuzz::as_text(data, size);
  (void)tessera::unsafe::decode_unverified(token);
  for (const auto& v : tessera::fuzz::every_algorithm_verifiers()) {
    const auto verified = v.verify(token);
    tessera::fuzz::require(!verified, "a token the fuzzer made verified");
  }
  return 0;
}
