// POCO JWT 1.11 (Debian's libpoco-dev): HS256, RS256 and ES256, with pre-parsed keys. It has no
// PS256 and no EdDSA. Signer::tryVerify checks the signature and the allowed algorithms only, so
// exp (present, in the future) and iss are checked here, as its users must.
#include <benchmark/benchmark.h>

#include <memory>
#include <sstream>
#include <string>

#include <Poco/Crypto/ECKey.h>
#include <Poco/Crypto/RSAKey.h>
#include <Poco/JWT/Signer.h>
#include <Poco/JWT/Token.h>
#include <Poco/SharedPtr.h>
#include <Poco/Timespan.h>
#include <Poco/Timestamp.h>

#include "../allocation_counter.hpp"
#include "../fixtures.hpp"
#include "peer_fixtures.hpp"

namespace tessera::bench {
namespace {

// A signer for `alg` holding the key read once from PEM (the private key when signing).
std::unique_ptr<Poco::JWT::Signer> make_signer(tessera::algorithm alg, bool for_signing) {
  const auto& c = peer_case_for(alg);
  std::unique_ptr<Poco::JWT::Signer> signer;
  if (alg == tessera::algorithm::hs256) {
    signer = std::make_unique<Poco::JWT::Signer>(c.verifying_key);
  } else {
    std::istringstream pem(for_signing ? c.signing_key : c.verifying_key);
    std::istream* public_pem = for_signing ? nullptr : &pem;
    std::istream* private_pem = for_signing ? &pem : nullptr;
    if (alg == tessera::algorithm::rs256) {
      signer = std::make_unique<Poco::JWT::Signer>(
          Poco::SharedPtr<Poco::Crypto::RSAKey>(new Poco::Crypto::RSAKey(public_pem, private_pem)));
    } else {
      signer = std::make_unique<Poco::JWT::Signer>(
          Poco::SharedPtr<Poco::Crypto::ECKey>(new Poco::Crypto::ECKey(public_pem, private_pem)));
    }
  }
  signer->setAlgorithms({std::string(tessera::to_string(alg))});
  return signer;
}

bool verify(const Poco::JWT::Signer& signer, const std::string& jwt) {
  Poco::JWT::Token token;
  if (!signer.tryVerify(jwt, token)) return false;
  return token.payload().has("exp") && Poco::Timestamp() < token.getExpiration() &&
         token.getIssuer() == issuer;
}

void poco_verify(benchmark::State& state, tessera::algorithm alg) {
  const auto& c = peer_case_for(alg);
  const auto signer = make_signer(alg, false);
  const auto check = [&](const std::string& jwt) { return verify(*signer, jwt); };
  if (!verifier_is_honest(state, "POCO", alg, check)) return;
  const auto before = allocations_on_this_thread();
  for (auto _ : state) {
    const bool ok = verify(*signer, c.valid);
    if (!ok) state.SkipWithError("POCO refused the token");
    benchmark::DoNotOptimize(ok);
  }
  report(state, before);
}

// The payload is built once; the loop serialises and signs it, like tessera::encode.
void poco_sign(benchmark::State& state, tessera::algorithm alg) {
  const auto signer = make_signer(alg, true);
  const auto name = std::string(tessera::to_string(alg));
  const Poco::Timestamp now =
      Poco::Timestamp::fromEpochTime(issued_at().time_since_epoch().count());
  Poco::JWT::Token token;
  token.setSubject("1234567890");
  token.payload().set("name", std::string("Satoshi Nakamoto"));
  token.payload().set("admin", true);
  token.setIssuedAt(now);
  token.setExpiration(now + Poco::Timespan(3600, 0));
  token.setIssuer(issuer);
  if (!signature_is_valid(state, "POCO", alg, signer->sign(token, name))) return;
  const auto before = allocations_on_this_thread();
  for (auto _ : state) {
    auto jwt = signer->sign(token, name);
    benchmark::DoNotOptimize(jwt);
  }
  report(state, before);
}

}  // namespace

BENCHMARK_CAPTURE(poco_verify, HS256, tessera::algorithm::hs256);
BENCHMARK_CAPTURE(poco_sign, HS256, tessera::algorithm::hs256);
BENCHMARK_CAPTURE(poco_verify, RS256, tessera::algorithm::rs256);
BENCHMARK_CAPTURE(poco_sign, RS256, tessera::algorithm::rs256);
BENCHMARK_CAPTURE(poco_verify, ES256, tessera::algorithm::es256);
BENCHMARK_CAPTURE(poco_sign, ES256, tessera::algorithm::es256);

}  // namespace tessera::bench
