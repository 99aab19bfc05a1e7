#include "fixtures.hpp"

#include <map>
#include <mutex>

namespace tessera::bench {

using namespace std::chrono_literals;

tessera::claims bench_claims() {
  const auto now = issued_at();
  return tessera::claims{}
      .subject("1234567890")
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

std::string make_hs256_token() {
  return tessera::value_or_throw(
      tessera::encode(bench_claims(), bench_key(tessera::algorithm::hs256)));
}

}  // namespace tessera::bench
