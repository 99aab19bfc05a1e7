// The key codes (404-412) and the JWK / key-set codes (600-608): stable names and numbers, the
// conditions they belong to, and a producer for each that yields exactly that code through the
// library (606-608 come from the remote key set: tests/jwks_client produces them).
// tests/support/error_codes.hpp covers the HMAC core's codes the same way.
#include <algorithm>
#include <array>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <system_error>

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

#include <tessera/error.hpp>
#include <tessera/jwk.hpp>
#include <tessera/key.hpp>
#include <tessera/key_set.hpp>

#include "jwa/ecdsa_signature.hpp"
#include "support/assertions.hpp"
#include "support/asymmetric.hpp"
#include "support/bytes.hpp"

namespace {

using tessera::algorithm;
using tessera::condition;
using tessera::errc;
using tessera::test::bytes_of;
using tessera::test::error_of;

struct row {
  errc code;
  std::string_view name;
  int number;
};

constexpr std::array<row, 18> key_codes = {{
    {errc::rsa_key_too_small, "rsa_key_too_small", 404},
    {errc::unsupported_key_type, "unsupported_key_type", 405},
    {errc::invalid_key_data, "invalid_key_data", 406},
    {errc::passphrase_required, "passphrase_required", 407},
    {errc::wrong_passphrase, "wrong_passphrase", 408},
    {errc::not_a_private_key, "not_a_private_key", 409},
    {errc::invalid_key_parameters, "invalid_key_parameters", 410},
    {errc::signing_failed, "signing_failed", 411},
    {errc::secret_key_has_no_pem, "secret_key_has_no_pem", 412},
    {errc::invalid_jwk, "invalid_jwk", 600},
    {errc::invalid_key_set, "invalid_key_set", 601},
    {errc::no_usable_keys, "no_usable_keys", 602},
    {errc::no_matching_key, "no_matching_key", 603},
    {errc::ambiguous_key, "ambiguous_key", 604},
    {errc::key_not_usable, "key_not_usable", 605},
    {errc::jwks_unavailable, "jwks_unavailable", 606},
    {errc::jwks_stale, "jwks_stale", 607},
    {errc::jwks_fetch_failed, "jwks_fetch_failed", 608},
}};

bool in_key_ranges(int value) {
  return (value >= 404 && value < 500) || (value >= 600 && value < 700);
}

TEST(KeyErrorCodes, NamesAndNumbersAreStable) {
  std::set<std::string_view> names;
  for (const auto& r : key_codes) {
    SCOPED_TRACE(r.name);
    EXPECT_EQ(static_cast<int>(r.code), r.number);
    EXPECT_EQ(std::string_view(tessera::to_name(r.code)), r.name);
    EXPECT_EQ(std::string_view(tessera::to_name(tessera::make_error_code(r.code))), r.name);
    EXPECT_FALSE(tessera::make_error_code(r.code).message().empty());
    names.insert(r.name);
  }
  EXPECT_EQ(names.size(), key_codes.size());
}

TEST(KeyErrorCodes, TheRangesHoldOnlyListedCodes) {
  std::size_t named = 0;
  for (int value = 0; value < 1000; ++value) {
    if (!in_key_ranges(value)) continue;
    const std::string_view name = tessera::to_name(static_cast<errc>(value));
    if (name == "unknown") continue;
    ++named;
    const bool listed = std::any_of(key_codes.begin(), key_codes.end(),
                                    [&](const row& r) { return r.number == value; });
    EXPECT_TRUE(listed) << value << " (" << name << ") is not in key_error_codes_test.cpp";
  }
  EXPECT_EQ(named, key_codes.size());
}

TEST(KeyErrorCodes, Conditions) {
  for (const auto& r : key_codes) {
    SCOPED_TRACE(r.name);
    const std::error_code ec = r.code;
    const bool key = r.number < 500;
    EXPECT_EQ(ec == condition::invalid_key, key);
    EXPECT_EQ(ec == condition::key_set_error, !key);
    EXPECT_FALSE(ec == condition::configuration_error);
    EXPECT_FALSE(ec == condition::decode_error);
    EXPECT_FALSE(ec == condition::missing_required_claim);
    // Selection failures reject a token; the others are about keys, not tokens.
    const bool selection = r.number >= 603 && r.number <= 605;
    EXPECT_EQ(ec == condition::invalid_token, selection);
  }
}

// --- One producer per code, each yielding exactly that code. ---

std::error_code produce(errc code) {
  using namespace tessera;
  const auto rsa = test::fixed_rsa_key();
  switch (code) {
    case errc::rsa_key_too_small: {
      const auto weak = test::generate_rsa(1024);
      return error_of(verifying_key::from_pem(test::spki_pem(weak.get())));
    }
    case errc::unsupported_key_type: {
      const auto x25519 = test::generate_okp("X25519");
      return error_of(verifying_key::from_pem(test::spki_pem(x25519.get())));
    }
    case errc::invalid_key_data:
      return error_of(verifying_key::from_pem("not a key"));
    case errc::passphrase_required:
      return error_of(
          signing_key::from_pem(algorithm::rs256, test::encrypted_pkcs8_pem(rsa.get(), "secret")));
    case errc::wrong_passphrase:
      return error_of(signing_key::from_pem(
          algorithm::rs256, test::encrypted_pkcs8_pem(rsa.get(), "secret"), {.passphrase = "x"}));
    case errc::not_a_private_key:
      return error_of(signing_key::from_pem(algorithm::rs256, test::spki_pem(rsa.get())));
    case errc::invalid_key_parameters:
      return error_of(jwk::parse(
          R"({"kty":"EC","crv":"P-256","x":"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4",)"
          R"("y":"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyQ"})"));
    case errc::signing_failed: {
      // The DER -> R || S step of ECDSA signing, given what OpenSSL never returns.
      std::array<std::byte, 64> out{};
      const std::array<unsigned char, 3> not_der = {0x30, 0x01, 0x00};
      return error_of(detail::ecdsa_der_to_raw(not_der, 32, out));
    }
    case errc::secret_key_has_no_pem:
      return error_of(signing_key::hmac(algorithm::hs256, std::string(32, 'k')).value().to_pem());
    case errc::invalid_jwk:
      return error_of(jwk::parse("[]"));
    case errc::invalid_key_set:
      return error_of(key_set::parse("[]"));
    case errc::no_usable_keys:
      return error_of(key_set::parse(R"({"keys":[]})"));
    case errc::no_matching_key:
    case errc::ambiguous_key: {
      const auto pub =
          to_jwk(verifying_key::from_pem(test::spki_pem(rsa.get())).value(), {.kid = "k"}).value();
      json::array keys{pub, pub};
      json::object set;
      set["keys"] = keys;
      const auto s = key_set::from_json(set).value();
      return code == errc::ambiguous_key ? error_of(s.select("k", algorithm::rs256))
                                         : error_of(s.select("other", algorithm::rs256));
    }
    case errc::key_not_usable: {
      auto pub = to_jwk(verifying_key::from_pem(test::spki_pem(rsa.get())).value()).value();
      pub["use"] = "enc";
      return error_of(jwk::from_json(pub).value().verifying());
    }
    default:
      return {};
  }
}

TEST(KeyErrorCodes, EachHasAProducer) {
  for (const auto& r : key_codes) {
    if (r.number >= 606) continue;  // remote key sets: tests/jwks_client
    SCOPED_TRACE(r.name);
    const auto ec = produce(r.code);
    EXPECT_EQ(ec, r.code) << tessera::test::describe(ec);
  }
}

}  // namespace
