// What every peer is given and must get right: per algorithm, the bench key in the forms the
// peers read (PEM or the HMAC secret), a valid token, and tokens each honest verifier refuses.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include <benchmark/benchmark.h>

#include <tessera/jwt.hpp>

namespace tessera::bench {

/// The algorithms of the peer comparison.
inline constexpr tessera::algorithm peer_algorithms[] = {
    tessera::algorithm::hs256, tessera::algorithm::rs256, tessera::algorithm::ps256,
    tessera::algorithm::es256, tessera::algorithm::eddsa};

struct peer_case {
  std::string signing_key;    ///< the HMAC secret, or the private key as PKCS#8 PEM
  std::string verifying_key;  ///< the HMAC secret, or the public key as SPKI PEM
  std::string valid;          ///< the bench payload, signed by tessera with bench_key()
  std::string tampered;       ///< the valid token with another payload ("admin":false) spliced in
  std::string expired;        ///< properly signed, "exp" an hour ago
  std::string wrong_issuer;   ///< properly signed, another "iss"
  std::string missing_exp;    ///< properly signed, no "exp" at all
};

/// The case of `alg`, made on first use.
const peer_case& peer_case_for(tessera::algorithm alg);

/// Checks once, before a peer's verify benchmark, that `verify` accepts the valid token and
/// refuses the four bad ones. On failure the benchmark is skipped with the reason and the run
/// marked failed; returns whether the benchmark may run.
bool verifier_is_honest(benchmark::State& state, std::string_view peer, tessera::algorithm alg,
                        const std::function<bool(const std::string&)>& verify);

/// Checks once, before a peer's sign benchmark, that tessera accepts the token the peer made,
/// so the peer signs the right payload with the right key. Same failure handling as above.
bool signature_is_valid(benchmark::State& state, std::string_view peer, tessera::algorithm alg,
                        const std::string& token);

/// True when a check above has failed in this run.
bool setup_failed();

/// Reports allocations per operation and operations processed, like tessera's benchmarks.
void report(benchmark::State& state, std::uint64_t allocations_before);

/// Writes every case, the issuer and the algorithms as JSON to `path`, for the PyJWT run.
void write_peer_fixtures(const std::string& path);

}  // namespace tessera::bench
