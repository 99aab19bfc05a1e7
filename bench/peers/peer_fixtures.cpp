#include "peer_fixtures.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <stdexcept>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "../allocation_counter.hpp"
#include "../fixtures.hpp"

namespace tessera::bench {
namespace {

using namespace std::chrono_literals;

std::atomic<bool> failed{false};

std::string sign(const tessera::claims& payload, tessera::algorithm alg) {
  return tessera::value_or_throw(tessera::encode(payload, bench_key(alg)));
}

// The header and signature of `token` around the payload segment of `other`.
std::string splice_payload(const std::string& token, const std::string& other) {
  const auto first = token.find('.');
  const auto last = token.rfind('.');
  const auto other_first = other.find('.');
  const auto other_last = other.rfind('.');
  return token.substr(0, first) + other.substr(other_first, other_last - other_first) +
         token.substr(last);
}

peer_case make_case(tessera::algorithm alg) {
  const auto& key = bench_key(alg);
  const auto now = issued_at();
  peer_case c;
  if (alg == tessera::algorithm::hs256) {
    c.signing_key = c.verifying_key = hs256_secret;
  } else {
    c.signing_key = tessera::value_or_throw(key.to_pem());
    c.verifying_key = tessera::value_or_throw(key.verifier_key().to_pem());
  }
  c.valid = sign(bench_claims(), alg);
  c.tampered = splice_payload(c.valid, sign(bench_claims().set("admin", false), alg));
  c.expired = sign(bench_claims().issued_at(now - 2h).expires_at(now - 1h), alg);
  c.wrong_issuer = sign(bench_claims().issuer("https://evil.example.com"), alg);
  c.missing_exp = sign(tessera::claims{}
                           .subject("1234567890")
                           .set("name", "Satoshi Nakamoto")
                           .set("admin", true)
                           .issued_at(now)
                           .issuer(issuer),
                       alg);
  return c;
}

bool fail(benchmark::State& state, std::string_view peer, tessera::algorithm alg,
          std::string_view what) {
  const std::string message = "setup: " + std::string(peer) + " " +
                              std::string(tessera::to_string(alg)) + " " + std::string(what);
  std::fprintf(stderr, "%s\n", message.c_str());
  failed = true;
  state.SkipWithError(message.c_str());
  return false;
}

// A verifier that throws on a bad token is as good as one that returns false.
bool accepts(const std::function<bool(const std::string&)>& verify, const std::string& token) {
  try {
    return verify(token);
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace

const peer_case& peer_case_for(tessera::algorithm alg) {
  static std::mutex mutex;
  static std::map<tessera::algorithm, peer_case> cases;
  const std::scoped_lock lock(mutex);
  auto it = cases.find(alg);
  if (it == cases.end()) it = cases.emplace(alg, make_case(alg)).first;
  return it->second;
}

bool verifier_is_honest(benchmark::State& state, std::string_view peer, tessera::algorithm alg,
                        const std::function<bool(const std::string&)>& verify) {
  const auto& c = peer_case_for(alg);
  if (!accepts(verify, c.valid)) return fail(state, peer, alg, "refused the valid token");
  if (accepts(verify, c.tampered)) return fail(state, peer, alg, "accepted a tampered token");
  if (accepts(verify, c.expired)) return fail(state, peer, alg, "accepted an expired token");
  if (accepts(verify, c.wrong_issuer)) return fail(state, peer, alg, "accepted a wrong issuer");
  if (accepts(verify, c.missing_exp)) return fail(state, peer, alg, "accepted a token without exp");
  return true;
}

bool signature_is_valid(benchmark::State& state, std::string_view peer, tessera::algorithm alg,
                        const std::string& token) {
  const auto verifier = tessera::value_or_throw(tessera::verifier::create(
      bench_key(alg).verifier_key(),
      {.algorithms = {alg}, .issuer = {issuer}, .required = {tessera::claim::exp}}));
  if (!verifier.verify(token)) return fail(state, peer, alg, "signed a token tessera refuses");
  return true;
}

bool setup_failed() { return failed; }

void report(benchmark::State& state, std::uint64_t allocations_before) {
  state.counters["allocs/op"] =
      benchmark::Counter(static_cast<double>(allocations_on_this_thread() - allocations_before) /
                         static_cast<double>(state.iterations()));
  state.SetItemsProcessed(state.iterations());
}

void write_peer_fixtures(const std::string& path) {
  boost::json::object algorithms;
  for (const auto alg : peer_algorithms) {
    const auto& c = peer_case_for(alg);
    algorithms[tessera::to_string(alg)] = {{"signing_key", c.signing_key},
                                           {"verifying_key", c.verifying_key},
                                           {"valid", c.valid},
                                           {"tampered", c.tampered},
                                           {"expired", c.expired},
                                           {"wrong_issuer", c.wrong_issuer},
                                           {"missing_exp", c.missing_exp}};
  }
  const boost::json::object fixtures{{"issuer", issuer}, {"algorithms", std::move(algorithms)}};
  std::ofstream out(path);
  out << boost::json::serialize(fixtures) << '\n';
  if (!out) throw std::runtime_error("cannot write " + path);
}

}  // namespace tessera::bench
