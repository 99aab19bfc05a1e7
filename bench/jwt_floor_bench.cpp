// The JWT floor of HS256: the whole job of a JWT library, done with the fastest means available
// and nothing of a library around it. It is the reference of tessera's HS256 targets
// (docs/BENCHMARKS.md); the floors of openssl_hmac_floor_bench.cpp are the MAC alone.
//
// verify: split; strict base64url (canonical, unpadded) of header, payload and signature;
// HMAC-SHA-256 from inner and outer SHA-256 states computed once and copied per message; a
// constant-time compare; simdjson's on-demand reader for the header's alg and typ and the
// payload's exp, iss and sub (no DOM); the time and issuer checks.
// sign: the header's base64url computed once; the payload's JSON written by hand into the
// token's buffer, base64url, the same HMAC.
//
// Both rotate through `distinct_tokens` tokens or claim sets, as tessera's benchmarks do.
#include <benchmark/benchmark.h>
#include <simdjson.h>

#include <array>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include <openssl/crypto.h>
#include <openssl/sha.h>  // SHA256_DIGEST_LENGTH

#include "allocation_counter.hpp"
#include "fixtures.hpp"
#include "operation_report.hpp"
#include "sha256_hmac_state.hpp"

namespace tessera::bench {
namespace {

constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

constexpr std::array<std::uint8_t, 256> decode_table = [] {
  std::array<std::uint8_t, 256> t{};
  t.fill(0xff);
  for (std::uint8_t i = 0; i < 64; ++i) t[static_cast<unsigned char>(alphabet[i])] = i;
  return t;
}();

// Strict base64url: the alphabet, no padding, no length of 1 mod 4, zero unused bits. The
// decoded size, or -1.
long decode(std::string_view in, unsigned char* out) {
  if (in.size() % 4 == 1) return -1;
  const auto* s = reinterpret_cast<const unsigned char*>(in.data());
  std::size_t n = 0;
  std::size_t i = 0;
  for (; i + 4 <= in.size(); i += 4) {
    const std::uint32_t a = decode_table[s[i]], b = decode_table[s[i + 1]],
                        c = decode_table[s[i + 2]], d = decode_table[s[i + 3]];
    if ((a | b | c | d) & 0x80) return -1;
    const std::uint32_t v = (a << 18) | (b << 12) | (c << 6) | d;
    out[n++] = static_cast<unsigned char>(v >> 16);
    out[n++] = static_cast<unsigned char>(v >> 8);
    out[n++] = static_cast<unsigned char>(v);
  }
  const std::size_t rest = in.size() - i;
  if (rest >= 2) {
    const std::uint32_t a = decode_table[s[i]], b = decode_table[s[i + 1]];
    const std::uint32_t c = rest == 3 ? decode_table[s[i + 2]] : 0;
    if ((a | b | c) & 0x80) return -1;
    if (rest == 2 && (b & 0x0f) != 0) return -1;
    if (rest == 3 && (c & 0x03) != 0) return -1;
    const std::uint32_t v = (a << 18) | (b << 12) | (c << 6);
    out[n++] = static_cast<unsigned char>(v >> 16);
    if (rest == 3) out[n++] = static_cast<unsigned char>(v >> 8);
  }
  return static_cast<long>(n);
}

void encode(const unsigned char* in, std::size_t size, std::string& out) {
  std::size_t i = 0;
  for (; i + 3 <= size; i += 3) {
    const std::uint32_t v =
        (std::uint32_t{in[i]} << 16) | (std::uint32_t{in[i + 1]} << 8) | in[i + 2];
    const char quad[4] = {alphabet[v >> 18], alphabet[(v >> 12) & 63], alphabet[(v >> 6) & 63],
                          alphabet[v & 63]};
    out.append(quad, 4);
  }
  if (size - i == 1) {
    const std::uint32_t v = std::uint32_t{in[i]} << 16;
    out += alphabet[v >> 18];
    out += alphabet[(v >> 12) & 63];
  } else if (size - i == 2) {
    const std::uint32_t v = (std::uint32_t{in[i]} << 16) | (std::uint32_t{in[i + 1]} << 8);
    out += alphabet[v >> 18];
    out += alphabet[(v >> 12) & 63];
    out += alphabet[(v >> 6) & 63];
  }
}

// One verification; false when the token is refused.
struct floor_verifier {
  sha256_hmac_state hmac{std::string_view(hs256_secret)};
  simdjson::ondemand::parser parser;
  // Decoded segments, with the padding simdjson reads past the end of its input.
  std::array<unsigned char, 2048 + simdjson::SIMDJSON_PADDING> header{};
  std::array<unsigned char, 2048 + simdjson::SIMDJSON_PADDING> payload{};

  bool verify(std::string_view token, std::int64_t now, std::string_view& subject) {
    if (token.size() > 2048) return false;
    const auto first = token.find('.');
    const auto second = token.find('.', first + 1);
    if (first == std::string_view::npos || second == std::string_view::npos ||
        token.find('.', second + 1) != std::string_view::npos) {
      return false;
    }
    const long header_size = decode(token.substr(0, first), header.data());
    if (header_size < 0) return false;
    {
      simdjson::ondemand::document doc;
      simdjson::ondemand::object h;
      std::string_view alg, typ;
      if (parser.iterate(header.data(), static_cast<std::size_t>(header_size), header.size())
              .get(doc) ||
          doc.get_object().get(h) || h["alg"].get_string().get(alg) || alg != "HS256" ||
          h["typ"].get_string().get(typ) || typ != "JWT") {
        return false;
      }
    }
    unsigned char signature[SHA256_DIGEST_LENGTH + 2];
    const auto signature_text = token.substr(second + 1);
    if (signature_text.size() != 43 || decode(signature_text, signature) != SHA256_DIGEST_LENGTH) {
      return false;
    }
    unsigned char digest[SHA256_DIGEST_LENGTH];
    hmac.mac(token.substr(0, second), digest);
    if (CRYPTO_memcmp(digest, signature, sizeof digest) != 0) return false;

    const long payload_size = decode(token.substr(first + 1, second - first - 1), payload.data());
    if (payload_size < 0) return false;
    simdjson::ondemand::document doc;
    simdjson::ondemand::object claims;
    std::int64_t exp = 0;
    std::string_view iss;
    if (parser.iterate(payload.data(), static_cast<std::size_t>(payload_size), payload.size())
            .get(doc) ||
        doc.get_object().get(claims) || claims["exp"].get_int64().get(exp) || exp <= now ||
        claims["iss"].get_string().get(iss) || iss != issuer ||
        claims["sub"].get_string().get(subject)) {
      return false;
    }
    return true;
  }
};

void floor_jwt_hs256_verify(benchmark::State& state) {
  const auto tokens = make_hs256_tokens();
  floor_verifier v;
  std::size_t next = 0;
  const auto before = allocations_on_this_thread();
  for (auto _ : state) {
    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    std::string_view subject;
    const bool ok = v.verify(tokens[next], now.time_since_epoch().count(), subject);
    if (!ok) state.SkipWithError("floor: token refused");
    benchmark::DoNotOptimize(subject);
    next = next + 1 == tokens.size() ? 0 : next + 1;
  }
  report_per_operation(state, before);
}

// The claims a signer is given, as plain values.
struct floor_claims {
  std::string subject;
  std::int64_t issued_at = 0;
  std::int64_t expires_at = 0;
};

void append_number(std::string& out, std::int64_t n) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
  out.append(digits, end);
}

void floor_jwt_hs256_sign(benchmark::State& state) {
  std::vector<floor_claims> claim_sets;
  const auto now = issued_at().time_since_epoch().count();
  for (std::size_t i = 0; i < distinct_tokens; ++i) {
    claim_sets.push_back({bench_subject(i), now, now + 3600});
  }
  const sha256_hmac_state hmac{std::string_view(hs256_secret)};
  constexpr std::string_view header_json = R"({"alg":"HS256","typ":"JWT"})";
  std::string header_b64;
  encode(reinterpret_cast<const unsigned char*>(header_json.data()), header_json.size(),
         header_b64);
  std::string json;  // scratch, kept across calls
  json.reserve(256);
  const auto sign = [&](const floor_claims& c) {
    json.clear();
    json += R"({"sub":")";
    json += c.subject;  // digits: nothing to escape
    json += R"(","name":"Satoshi Nakamoto","admin":true,"iat":)";
    append_number(json, c.issued_at);
    json += R"(,"exp":)";
    append_number(json, c.expires_at);
    json += R"(,"iss":")";
    json += issuer;
    json += R"("})";
    std::string token;
    token.reserve(header_b64.size() + 1 + (json.size() + 2) / 3 * 4 + 1 + 43);
    token += header_b64;
    token += '.';
    encode(reinterpret_cast<const unsigned char*>(json.data()), json.size(), token);
    unsigned char digest[SHA256_DIGEST_LENGTH];
    hmac.mac(token, digest);
    token += '.';
    encode(digest, sizeof digest, token);
    return token;
  };
  // The floor makes the token tessera makes, byte for byte.
  if (sign(claim_sets[0]) != tessera::value_or_throw(tessera::encode(
                                 bench_claims(0), bench_key(tessera::algorithm::hs256)))) {
    state.SkipWithError("floor: not the token tessera makes");
    return;
  }
  std::size_t next = 0;
  const auto before = allocations_on_this_thread();
  for (auto _ : state) {
    auto token = sign(claim_sets[next]);
    benchmark::DoNotOptimize(token);
    next = next + 1 == claim_sets.size() ? 0 : next + 1;
  }
  report_per_operation(state, before);
}

}  // namespace

BENCHMARK(floor_jwt_hs256_verify);
BENCHMARK(floor_jwt_hs256_sign);

}  // namespace tessera::bench
