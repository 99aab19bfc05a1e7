#include "fixed_keys.hpp"

#include <cstdio>
#include <cstdlib>

#include <tessera/key.hpp>

namespace tessera::fuzz {
namespace {

verifier must(result<verifier> v, const char* what) {
  if (!v) {
    std::fprintf(stderr, "fuzz setup: %s: %s\n", what, v.error().message().c_str());
    std::abort();
  }
  return std::move(*v);
}

std::vector<verifier> make_verifiers() {
  std::vector<verifier> out;
  const algorithm_set hs{algorithm::hs256, algorithm::hs384, algorithm::hs512};
  out.push_back(must(verifier::create(verifying_key::hmac(fuzz_secret).value(), {.algorithms = hs}),
                     "HMAC verifier"));
  for (const auto alg : {algorithm::rs256, algorithm::ps256, algorithm::es256, algorithm::es384,
                         algorithm::es512, algorithm::es256k, algorithm::eddsa}) {
    auto key = signing_key::generate(alg);
    if (!key) {
      std::fprintf(stderr, "fuzz setup: cannot make a %s key\n", to_string(alg).data());
      std::abort();
    }
    out.push_back(
        must(verifier::create(key->verifier_key(), {.algorithms = {alg}}), "asymmetric verifier"));
  }
  return out;
}

}  // namespace

std::span<const verifier> every_algorithm_verifiers() {
  static const std::vector<verifier> verifiers = make_verifiers();
  return verifiers;
}

}  // namespace tessera::fuzz
