// libjwt 1.10 (Debian's libjwt-dev): HS256, RS256 and ES256. It has no PS256 and no EdDSA, and
// no claim validation: exp and iss are checked here after jwt_decode, as its users must. It takes
// keys as PEM text and parses them on every call; it has no pre-parsed key.
#include <benchmark/benchmark.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <memory>
#include <string>

#include <jwt.h>

#include "../allocation_counter.hpp"
#include "../fixtures.hpp"
#include "peer_fixtures.hpp"

namespace tessera::bench {
namespace {

struct jwt_free_deleter {
  void operator()(jwt_t* jwt) const noexcept { jwt_free(jwt); }
};
using jwt_ptr = std::unique_ptr<jwt_t, jwt_free_deleter>;

jwt_alg_t libjwt_algorithm(tessera::algorithm alg) {
  switch (alg) {
    case tessera::algorithm::hs256:
      return JWT_ALG_HS256;
    case tessera::algorithm::rs256:
      return JWT_ALG_RS256;
    case tessera::algorithm::es256:
      return JWT_ALG_ES256;
    default:
      return JWT_ALG_INVAL;
  }
}

const unsigned char* bytes(const std::string& s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

// Signature (with the algorithm pinned: jwt_decode takes whatever the header names), then exp
// (present and in the future) and iss.
bool verify(const std::string& token, const std::string& key, jwt_alg_t alg) {
  jwt_t* decoded = nullptr;
  if (jwt_decode(&decoded, token.c_str(), bytes(key), static_cast<int>(key.size())) != 0) {
    return false;
  }
  const jwt_ptr jwt(decoded);
  if (jwt_get_alg(decoded) != alg) return false;
  errno = 0;
  const long exp = jwt_get_grant_int(decoded, "exp");
  if (errno != 0 || exp <= std::time(nullptr)) return false;
  const char* iss = jwt_get_grant(decoded, "iss");
  return iss != nullptr && std::strcmp(iss, issuer) == 0;
}

void libjwt_verify(benchmark::State& state, tessera::algorithm alg) {
  const auto& c = peer_case_for(alg);
  const auto libjwt_alg = libjwt_algorithm(alg);
  const auto check = [&](const std::string& token) {
    return verify(token, c.verifying_key, libjwt_alg);
  };
  if (!verifier_is_honest(state, "libjwt", alg, check)) return;
  const auto before = allocations_on_this_thread();
  for (auto _ : state) {
    const bool ok = verify(c.valid, c.verifying_key, libjwt_alg);
    if (!ok) state.SkipWithError("libjwt refused the token");
    benchmark::DoNotOptimize(ok);
  }
  report(state, before);
}

// The payload is built once; the loop serialises and signs it, like tessera::encode.
jwt_ptr bench_jwt(tessera::algorithm alg, const std::string& key) {
  jwt_t* raw = nullptr;
  if (jwt_new(&raw) != 0) return nullptr;
  jwt_ptr jwt(raw);
  const long now = static_cast<long>(issued_at().time_since_epoch().count());
  const bool ok =
      jwt_set_alg(raw, libjwt_algorithm(alg), bytes(key), static_cast<int>(key.size())) == 0 &&
      jwt_add_grant(raw, "sub", "1234567890") == 0 &&
      jwt_add_grant(raw, "name", "Satoshi Nakamoto") == 0 &&
      jwt_add_grant_bool(raw, "admin", 1) == 0 && jwt_add_grant_int(raw, "iat", now) == 0 &&
      jwt_add_grant_int(raw, "exp", now + 3600) == 0 && jwt_add_grant(raw, "iss", issuer) == 0;
  return ok ? std::move(jwt) : nullptr;
}

void libjwt_sign(benchmark::State& state, tessera::algorithm alg) {
  const auto& c = peer_case_for(alg);
  const auto jwt = bench_jwt(alg, c.signing_key);
  if (!jwt) {
    state.SkipWithError("libjwt: cannot build the token");
    return;
  }
  std::unique_ptr<char, decltype(&std::free)> first(jwt_encode_str(jwt.get()), &std::free);
  if (!signature_is_valid(state, "libjwt", alg, first ? first.get() : "")) return;
  const auto before = allocations_on_this_thread();
  for (auto _ : state) {
    char* token = jwt_encode_str(jwt.get());
    if (token == nullptr) state.SkipWithError("libjwt: signing failed");
    benchmark::DoNotOptimize(token);
    std::free(token);
  }
  report(state, before);
}

}  // namespace

BENCHMARK_CAPTURE(libjwt_verify, HS256, tessera::algorithm::hs256);
BENCHMARK_CAPTURE(libjwt_sign, HS256, tessera::algorithm::hs256);
BENCHMARK_CAPTURE(libjwt_verify, RS256, tessera::algorithm::rs256);
BENCHMARK_CAPTURE(libjwt_sign, RS256, tessera::algorithm::rs256);
BENCHMARK_CAPTURE(libjwt_verify, ES256, tessera::algorithm::es256);
BENCHMARK_CAPTURE(libjwt_sign, ES256, tessera::algorithm::es256);

}  // namespace tessera::bench
