// cpp-jwt 1.4 (Debian's libcpp-jwt-dev, header-only over nlohmann::json): HS256, RS256 and
// ES256. It has no PS256 and no EdDSA. Its decode checks the signature, the allowed algorithms,
// exp when present and iss when asked; that exp is present is checked here. It takes keys as
// PEM text and parses them on every call.
#include <benchmark/benchmark.h>

#include <chrono>
#include <string>
#include <system_error>

#include <jwt/jwt.hpp>

#include "../allocation_counter.hpp"
#include "../fixtures.hpp"
#include "peer_fixtures.hpp"

namespace tessera::bench {
namespace {

using namespace std::chrono_literals;

bool verify(const std::string& token, const std::string& key, std::string_view alg) {
  std::error_code ec;
  const auto decoded =
      jwt::decode(token, jwt::params::algorithms({jwt::string_view(alg.data(), alg.size())}), ec,
                  jwt::params::secret(key), jwt::params::issuer(issuer), jwt::params::verify(true));
  return !ec && decoded.has_claim("exp");
}

void cppjwt_verify(benchmark::State& state, tessera::algorithm alg) {
  const auto& c = peer_case_for(alg);
  const auto name = tessera::to_string(alg);
  const auto check = [&](const std::string& token) { return verify(token, c.verifying_key, name); };
  if (!verifier_is_honest(state, "cpp-jwt", alg, check)) return;
  const auto before = allocations_on_this_thread();
  for (auto _ : state) {
    const bool ok = verify(c.valid, c.verifying_key, name);
    if (!ok) state.SkipWithError("cpp-jwt refused the token");
    benchmark::DoNotOptimize(ok);
  }
  report(state, before);
}

// The payload is built once; the loop serialises and signs it, like tessera::encode.
void cppjwt_sign(benchmark::State& state, tessera::algorithm alg) {
  const auto& c = peer_case_for(alg);
  const auto name = tessera::to_string(alg);
  const std::chrono::system_clock::time_point now = issued_at();
  jwt::jwt_object object{jwt::params::algorithm(jwt::string_view(name.data(), name.size())),
                         jwt::params::secret(c.signing_key),
                         jwt::params::payload({{"sub", "1234567890"}})};
  object.add_claim("name", "Satoshi Nakamoto")
      .add_claim("admin", true)
      .add_claim("iat", now)
      .add_claim("exp", now + 1h)
      .add_claim("iss", issuer);
  std::error_code ec;
  if (!signature_is_valid(state, "cpp-jwt", alg, object.signature(ec))) return;
  const auto before = allocations_on_this_thread();
  for (auto _ : state) {
    auto token = object.signature(ec);
    if (ec) state.SkipWithError("cpp-jwt: signing failed");
    benchmark::DoNotOptimize(token);
  }
  report(state, before);
}

}  // namespace

BENCHMARK_CAPTURE(cppjwt_verify, HS256, tessera::algorithm::hs256);
BENCHMARK_CAPTURE(cppjwt_sign, HS256, tessera::algorithm::hs256);
BENCHMARK_CAPTURE(cppjwt_verify, RS256, tessera::algorithm::rs256);
BENCHMARK_CAPTURE(cppjwt_sign, RS256, tessera::algorithm::rs256);
BENCHMARK_CAPTURE(cppjwt_verify, ES256, tessera::algorithm::es256);
BENCHMARK_CAPTURE(cppjwt_sign, ES256, tessera::algorithm::es256);

}  // namespace tessera::bench
