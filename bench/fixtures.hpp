// The payload, keys and tokens shared by the benchmarks, so every contender does the same work
// with the same keys.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include <tessera/jwt.hpp>

namespace tessera::bench {

/// 32 bytes: the HS256 minimum of RFC 7518 section 3.2.
inline constexpr char hs256_secret[] = "bench-secret-of-32-bytes-exactly";
inline constexpr char issuer[] = "https://auth.example.com";

/// Seconds since the epoch at which every benchmark token is valid.
inline std::chrono::sys_seconds issued_at() {
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

/// The payload: {"sub","name","admin","iat","exp","iss"}, valid for an hour from now.
tessera::claims bench_claims();

/// How many distinct tokens (and claim sets) a benchmark rotates through, so that no cache of
/// results could help: every call does the whole work.
inline constexpr std::size_t distinct_tokens = 256;

/// The `i`th distinct subject: ten digits, like the payload's "1234567890".
std::string bench_subject(std::size_t i);

/// The payload with the `i`th subject.
tessera::claims bench_claims(std::size_t i);

/// `distinct_tokens` tokens of the payload, each with its own subject, signed with HS256.
std::vector<std::string> make_hs256_tokens();

/// The key every benchmark of `alg` signs with: the secret above for HS256, otherwise a key
/// generated on first use and kept for the rest of the run (RSA keys have 2048 bits).
const tessera::signing_key& bench_key(tessera::algorithm alg);

/// The payload signed with HS256.
std::string make_hs256_token();

}  // namespace tessera::bench
