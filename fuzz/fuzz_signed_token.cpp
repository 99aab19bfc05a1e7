// Fuzz target: header and claims JSON of the fuzzer's choosing behind a VALID HS256 signature,
// so the strict JSON handler, the header checks and claims validation all see hostile input.
// Input: one byte of options, then the header JSON, a newline, and the payload JSON (without a
// newline, the whole rest is the payload under a fixed header).
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include <tessera/base64url.hpp>
#include <tessera/jwt.hpp>
#include <tessera/key.hpp>

#include "fixed_keys.hpp"
#include "fuzz_input.hpp"

namespace {

using namespace std::chrono_literals;

// 2026-01-01T00:00:00Z: a fixed "now" keeps every run reproducible.
constexpr std::chrono::sys_seconds fuzz_now{std::chrono::seconds{1767225600}};

tessera::verify_options options_for(std::uint8_t bits) {
  tessera::verify_options o{.algorithms = {tessera::algorithm::hs256}};
  if ((bits & 0x01) != 0) o.issuer = {"https://issuer.example"};
  if ((bits & 0x02) != 0) o.audience = {"api", "other"};
  o.strict_audience = (bits & 0x04) != 0;
  if ((bits & 0x08) != 0) o.leeway = 30s;
  if ((bits & 0x10) != 0) o.required = {tessera::claim::exp, tessera::claim::sub};
  if ((bits & 0x20) != 0) o.type = "JWT";
  o.allow_unencoded_payload = (bits & 0x40) != 0;
  if ((bits & 0x80) != 0) o.critical_extensions = {"exp", "b64"};
  o.reject_future_iat = (bits & 0x08) == 0;
  o.time_source = std::make_shared<tessera::fixed_clock>(fuzz_now);
  return o;
}

const tessera::verifier& verifier_for(std::uint8_t bits) {
  static const auto verifiers = [] {
    std::array<std::unique_ptr<tessera::verifier>, 256> all;
    const auto key = tessera::verifying_key::hmac(tessera::fuzz::fuzz_secret).value();
    for (std::size_t i = 0; i < all.size(); ++i) {
      all[i] = std::make_unique<tessera::verifier>(
          tessera::verifier::create(key, options_for(static_cast<std::uint8_t>(i))).value());
    }
    return all;
  }();
  return *verifiers[bits];
}

std::string signed_token(std::string_view header, std::string_view payload) {
  std::string token = tessera::base64url_encode(header);
  token += '.';
  tessera::base64url_encode_append(token, payload);
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int mac_size = 0;
  const auto secret = tessera::fuzz::fuzz_secret;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(token.data()), token.size(), mac.data(), &mac_size);
  token += '.';
  tessera::base64url_encode_append(
      token, std::span(reinterpret_cast<const std::byte*>(mac.data()), mac_size));
  return token;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto bits = data[0];
  const auto rest = tessera::fuzz::as_text(data + 1, size - 1);
  std::string_view header = R"({"alg":"HS256","typ":"JWT"})";
  std::string_view payload = rest;
  if (const auto newline = rest.find('\n'); newline != std::string_view::npos) {
    header = rest.substr(0, newline);
    payload = rest.substr(newline + 1);
  }
  const auto token = signed_token(header, payload);
  const auto verified = verifier_for(bits).verify(token);
  if (verified) {
    tessera::fuzz::require(verified->alg() == tessera::algorithm::hs256,
                           "a token verified under an algorithm it does not name");
    const auto claims = verified->claims();
    (void)claims.subject();
    (void)claims.issuer();
    (void)claims.jwt_id();
  }
  return 0;
}
