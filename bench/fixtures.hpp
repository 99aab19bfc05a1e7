// The payload, secret and token shared by the benchmarks, so every contender does the same work.
#pragma once

#include <chrono>
#include <string>

namespace tessera::bench {

/// 32 bytes: the HS256 minimum of RFC 7518 section 3.2.
inline constexpr char hs256_secret[] = "bench-secret-of-32-bytes-exactly";
inline constexpr char issuer[] = "https://auth.example.com";

/// Seconds since the epoch at which every benchmark token is valid.
inline std::chrono::sys_seconds issued_at() {
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

/// The payload: {"sub","name","admin","iat","exp","iss"}, signed with HS256.
std::string make_hs256_token();

}  // namespace tessera::bench
