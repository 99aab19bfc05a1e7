#include "fixtures.hpp"

#include <map>
#include <mutex>

namespace tessera::bench {

using namespace std::chrono_literals;

tessera::claims bench_claims() { return bench_claims(0); }

std::string bench_subject(std::size_t i) { return std::to_string(1234567890 + i); }

tessera::claims bench_claims(std::size_t i) {
  const auto now = issued_at();
  return tessera::claims{}
      .subject(bench_subject(i))
      .set("name", "Satoshi Nakamoto")
      .set("admin", true)
      .issued_at(now)
      .expires_at(now + 1h)
      .issuer(issuer);
}

const tessera::signing_key& bench_key(tessera::algorithm alg) {
  // Benchmarks run their set-up on the thread they run on, so two threads may ask at once.
  static std::mutex mutex;
  static std::map<tessera::algorithm, tessera::signing_key> keys;
  const std::scoped_lock lock(mutex);
  auto it = keys.find(alg);
  if (it == keys.end()) {
    auto key = alg == tessera::algorithm::hs256
                   ? tessera::signing_key::hmac(alg, std::string_view(hs256_secret))
                   : tessera::signing_key::generate(alg);
    it = keys.emplace(alg, tessera::value_or_throw(std::move(key))).first;
  }
  return it->second;
}

std::vector<std::string> make_hs256_tokens() {
  std::vector<std::string> tokens;
  tokens.reserve(distinct_tokens);
  for (std::size_t i = 0; i < distinct_tokens; ++i) {
    tokens.push_back(tessera::value_or_throw(
        tessera::encode(bench_claims(i), bench_key(tessera::algorithm::hs256))));
  }
  return tokens;
}

std::string make_hs256_token() {
  return tessera::value_or_throw(
      tessera::encode(bench_claims(), bench_key(tessera::algorithm::hs256)));
}

}  // namespace tessera::bench
