// JSON Web Keys (src/keys/jwk_import.cpp, jwk_export.cpp): export members exactly as RFC 7518
// section 6 and RFC 8037 write them, import and export round trips for every key type (public and
// private), the validation an import does, "alg"/"use"/"key_ops", and RFC 7638 thumbprints
// computed independently in the test.
#include <array>
#include <cstddef>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <tessera/base64url.hpp>
#include <tessera/error.hpp>
#include <tessera/jwk.hpp>
#include <tessera/key.hpp>

#include "detail/key_material.hpp"
#include "support/assertions.hpp"
#include "support/asymmetric.hpp"
#include "support/bytes.hpp"

namespace {

using tessera::algorithm;
using tessera::algorithm_set;
using tessera::errc;
using tessera::jwk;
using tessera::key_operation;
using tessera::key_options;
using tessera::signing_key;
using tessera::to_jwk;
using tessera::verifying_key;
using tessera::test::evp_key;
using tessera::test::fails_with;
using tessera::test::succeeds;
namespace json = boost::json;

constexpr std::string_view input = "eyJhbGciOiJqd2sifQ.eyJzdWIiOiJqd2sifQ";

const algorithm_set rsa_algorithms = {algorithm::rs256, algorithm::rs384, algorithm::rs512,
                                      algorithm::ps256, algorithm::ps384, algorithm::ps512};

std::vector<std::byte> sign(const signing_key& key) {
  std::array<std::byte, tessera::detail::max_signature_size> out{};
  const auto size = key.material().sign(key.alg(), input, out);
  EXPECT_TRUE(succeeds(size));
  if (!size) return {};
  return {out.begin(), out.begin() + static_cast<std::ptrdiff_t>(*size)};
}

std::set<std::string> member_names(const json::object& o) {
  std::set<std::string> names;
  for (const auto& m : o) names.emplace(m.key());
  return names;
}

std::string member(const json::object& o, std::string_view name) {
  return std::string(o.at(name).as_string());
}

std::vector<unsigned char> decoded(const json::object& o, std::string_view name) {
  const auto bytes = tessera::base64url_decode(std::string_view(o.at(name).as_string())).value();
  std::vector<unsigned char> out(bytes.size());
  for (std::size_t i = 0; i < bytes.size(); ++i) out[i] = std::to_integer<unsigned char>(bytes[i]);
  return out;
}

// A BIGNUM parameter of the OpenSSL key, big-endian, `width` bytes (0: minimal).
std::vector<unsigned char> bn_bytes(EVP_PKEY* k, const char* name, int width = 0) {
  BIGNUM* bn = nullptr;
  if (EVP_PKEY_get_bn_param(k, name, &bn) != 1) throw std::runtime_error(name);
  const int size = width != 0 ? width : BN_num_bytes(bn);
  std::vector<unsigned char> out(static_cast<std::size_t>(size));
  BN_bn2binpad(bn, out.data(), size);
  BN_clear_free(bn);
  return out;
}

std::vector<unsigned char> raw_private(EVP_PKEY* k) {
  std::size_t size = 0;
  EVP_PKEY_get_raw_private_key(k, nullptr, &size);
  std::vector<unsigned char> out(size);
  EVP_PKEY_get_raw_private_key(k, out.data(), &size);
  return out;
}

// RFC 7638: SHA-256 over the required members, sorted, no whitespace; computed here by hand.
std::string expected_thumbprint(const json::object& o) {
  const std::string kty = member(o, "kty");
  std::string canonical;
  if (kty == "RSA") {
    canonical = R"({"e":")" + member(o, "e") + R"(","kty":"RSA","n":")" + member(o, "n") + "\"}";
  } else if (kty == "EC") {
    canonical = R"({"crv":")" + member(o, "crv") + R"(","kty":"EC","x":")" + member(o, "x") +
                R"(","y":")" + member(o, "y") + "\"}";
  } else if (kty == "OKP") {
    canonical =
        R"({"crv":")" + member(o, "crv") + R"(","kty":"OKP","x":")" + member(o, "x") + "\"}";
  } else {
    canonical = R"({"k":")" + member(o, "k") + R"(","kty":"oct"})";
  }
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  SHA256(reinterpret_cast<const unsigned char*>(canonical.data()), canonical.size(), digest.data());
  return tessera::test::b64url(digest);
}

json::object parse_object(std::string_view text) { return json::parse(text).as_object(); }

// --- Every key type, both halves. ---

struct key_kind {
  const char* name;
  evp_key (*make)();
  algorithm alg;
  const char* kty;
  const char* crv;    // nullptr for RSA
  std::size_t width;  // EC coordinate / OKP key size
  algorithm_set served;
};

void PrintTo(const key_kind& k, std::ostream* os) { *os << k.name; }

const key_kind kinds[] = {
    {"RSA", [] { return tessera::test::fixed_rsa_key(); }, algorithm::rs384, "RSA", nullptr, 0,
     rsa_algorithms},
    {"P256",
     [] { return tessera::test::generate_ec("P-256"); },
     algorithm::es256,
     "EC",
     "P-256",
     32,
     {algorithm::es256}},
    {"P384",
     [] { return tessera::test::generate_ec("P-384"); },
     algorithm::es384,
     "EC",
     "P-384",
     48,
     {algorithm::es384}},
    {"P521",
     [] { return tessera::test::generate_ec("P-521"); },
     algorithm::es512,
     "EC",
     "P-521",
     66,
     {algorithm::es512}},
    {"secp256k1",
     [] { return tessera::test::generate_ec("secp256k1"); },
     algorithm::es256k,
     "EC",
     "secp256k1",
     32,
     {algorithm::es256k}},
    {"Ed25519",
     [] { return tessera::test::generate_okp("ED25519"); },
     algorithm::eddsa,
     "OKP",
     "Ed25519",
     32,
     {algorithm::eddsa}},
    {"Ed448",
     [] { return tessera::test::generate_okp("ED448"); },
     algorithm::eddsa,
     "OKP",
     "Ed448",
     57,
     {algorithm::eddsa}},
};

class JwkRoundTrip : public ::testing::TestWithParam<key_kind> {
 protected:
  void SetUp() override {
    pkey_ = GetParam().make();
    key_.emplace(
        signing_key::from_pem(GetParam().alg, tessera::test::pkcs8_pem(pkey_.get())).value());
  }
  EVP_PKEY* pkey() const { return pkey_.get(); }
  const signing_key& key() const { return *key_; }
  // The public key as loaded from SPKI: serves all its type allows.
  verifying_key public_key() const {
    return verifying_key::from_pem(tessera::test::spki_pem(pkey())).value();
  }

  // The key members (without kid/use/alg) exactly as RFC 7518 / RFC 8037 write them.
  void expect_key_members(const json::object& o, bool with_private) const {
    const auto& k = GetParam();
    EXPECT_EQ(member(o, "kty"), k.kty);
    std::set<std::string> expected;
    const std::string kty = k.kty;
    if (kty == "RSA") {
      expected = {"kty", "n", "e"};
      if (with_private) expected.insert({"d", "p", "q", "dp", "dq", "qi"});
      // n and e use the minimum number of octets (RFC 7518 6.3.1.1, 6.3.1.2).
      EXPECT_EQ(decoded(o, "n"), bn_bytes(pkey(), OSSL_PKEY_PARAM_RSA_N));
      EXPECT_NE(decoded(o, "n").front(), 0);
      EXPECT_EQ(decoded(o, "n").size(), 256u);
      EXPECT_EQ(member(o, "e"), "AQAB");
      if (with_private) {
        EXPECT_EQ(decoded(o, "d"), bn_bytes(pkey(), OSSL_PKEY_PARAM_RSA_D));
        EXPECT_EQ(decoded(o, "p"), bn_bytes(pkey(), OSSL_PKEY_PARAM_RSA_FACTOR1));
        EXPECT_EQ(decoded(o, "q"), bn_bytes(pkey(), OSSL_PKEY_PARAM_RSA_FACTOR2));
        EXPECT_EQ(decoded(o, "dp"), bn_bytes(pkey(), OSSL_PKEY_PARAM_RSA_EXPONENT1));
        EXPECT_EQ(decoded(o, "dq"), bn_bytes(pkey(), OSSL_PKEY_PARAM_RSA_EXPONENT2));
        EXPECT_EQ(decoded(o, "qi"), bn_bytes(pkey(), OSSL_PKEY_PARAM_RSA_COEFFICIENT1));
      }
    } else if (kty == "EC") {
      expected = {"kty", "crv", "x", "y"};
      if (with_private) expected.insert("d");
      EXPECT_EQ(member(o, "crv"), k.crv);
      // Full width of the field, leading zeros kept (RFC 7518 6.2.1.2, 6.2.1.3, 6.2.2.1).
      const int w = static_cast<int>(k.width);
      EXPECT_EQ(decoded(o, "x"), bn_bytes(pkey(), OSSL_PKEY_PARAM_EC_PUB_X, w));
      EXPECT_EQ(decoded(o, "y"), bn_bytes(pkey(), OSSL_PKEY_PARAM_EC_PUB_Y, w));
      if (with_private) {
        EXPECT_EQ(decoded(o, "d"), bn_bytes(pkey(), OSSL_PKEY_PARAM_PRIV_KEY, w));
      }
    } else {
      expected = {"kty", "crv", "x"};
      if (with_private) expected.insert("d");
      EXPECT_EQ(member(o, "crv"), k.crv);
      EXPECT_EQ(decoded(o, "x"), tessera::test::raw_public(pkey()));
      EXPECT_EQ(decoded(o, "x").size(), k.width);
      if (with_private) {
        EXPECT_EQ(decoded(o, "d"), raw_private(pkey()));
      }
    }
    std::set<std::string> names;
    for (const auto& name : member_names(o)) {
      if (name != "kid" && name != "use" && name != "alg") names.insert(name);
    }
    EXPECT_EQ(names, expected);
  }

 private:
  evp_key pkey_;
  std::optional<signing_key> key_;
};

TEST_P(JwkRoundTrip, PrivateKeyExportAndImport) {
  const auto exported = to_jwk(key(), {.include_private = true, .kid = "key-1"});
  ASSERT_TRUE(succeeds(exported));
  expect_key_members(*exported, true);
  EXPECT_EQ(member(*exported, "kid"), "key-1");
  EXPECT_EQ(member(*exported, "use"), "sig");
  EXPECT_EQ(member(*exported, "alg"), tessera::to_string(GetParam().alg));

  const auto imported = jwk::from_json(*exported);
  ASSERT_TRUE(succeeds(imported));
  EXPECT_EQ(imported->kty(), GetParam().kty);
  EXPECT_EQ(imported->kid(), std::optional<std::string>("key-1"));
  EXPECT_EQ(imported->alg(), GetParam().alg);
  EXPECT_TRUE(imported->is_private());
  EXPECT_EQ(imported->algorithms(), algorithm_set{GetParam().alg});
  const auto signer = imported->signing();
  ASSERT_TRUE(succeeds(signer));
  EXPECT_EQ(signer->alg(), GetParam().alg);
  // The imported key signs what the original public key verifies, and the other way round.
  const auto sig = sign(*signer);
  EXPECT_TRUE(public_key().material().verify(GetParam().alg, input, sig));
  const auto verifier = imported->verifying();
  ASSERT_TRUE(succeeds(verifier));
  EXPECT_TRUE(verifier->material().verify(GetParam().alg, input, sign(key())));
  // Exporting the imported key again gives the same members.
  EXPECT_EQ(to_jwk(*signer, {.include_private = true, .kid = "key-1"}).value(), *exported);
}

TEST_P(JwkRoundTrip, PublicKeyExportAndImport) {
  const auto exported = to_jwk(public_key(), {.kid = "pub"});
  ASSERT_TRUE(succeeds(exported));
  expect_key_members(*exported, false);
  // "alg" is written only when the key serves exactly one algorithm.
  if (GetParam().served == algorithm_set{GetParam().alg}) {
    EXPECT_EQ(member(*exported, "alg"), tessera::to_string(GetParam().alg));
  } else {
    EXPECT_FALSE(exported->contains("alg"));
  }
  const auto imported = jwk::from_json(*exported);
  ASSERT_TRUE(succeeds(imported));
  EXPECT_FALSE(imported->is_private());
  EXPECT_EQ(imported->algorithms(), GetParam().served);
  EXPECT_TRUE(fails_with(imported->signing(GetParam().alg), errc::not_a_private_key));
  const auto v = imported->verifying();
  ASSERT_TRUE(succeeds(v));
  EXPECT_EQ(v->algorithms(), GetParam().served);
  EXPECT_TRUE(v->material().verify(GetParam().alg, input, sign(key())));
  // A verifying key bound to one algorithm exports it.
  const auto bound = to_jwk(key().verifier_key());
  ASSERT_TRUE(succeeds(bound));
  expect_key_members(*bound, false);
  EXPECT_EQ(member(*bound, "alg"), tessera::to_string(GetParam().alg));
}

TEST_P(JwkRoundTrip, ExportOptions) {
  const auto bare = to_jwk(key(), {.use = std::nullopt, .include_alg = false});
  ASSERT_TRUE(succeeds(bare));
  expect_key_members(*bare, false);
  EXPECT_FALSE(bare->contains("use") || bare->contains("alg") || bare->contains("kid"));
  // A public key has no private members to give.
  EXPECT_TRUE(fails_with(to_jwk(public_key(), {.include_private = true}), errc::not_a_private_key));
}

TEST_P(JwkRoundTrip, ThumbprintsFollowRfc7638) {
  const auto pub = to_jwk(public_key(), {.kid = "x"}).value();
  const auto priv = to_jwk(key(), {.include_private = true, .kid = "y"}).value();
  const std::string expected = expected_thumbprint(pub);
  EXPECT_EQ(tessera::jwk_thumbprint(pub).value(), expected);
  // Private members, kid, use and alg do not change it.
  EXPECT_EQ(tessera::jwk_thumbprint(priv).value(), expected);
  EXPECT_EQ(tessera::jwk_thumbprint(public_key()).value(), expected);
  EXPECT_EQ(tessera::jwk_thumbprint(key().verifier_key()).value(), expected);
  EXPECT_EQ(expected.size(), 43u);
}

TEST_P(JwkRoundTrip, ParseTextAndJsonGiveTheSameKey) {
  const auto exported = to_jwk(key(), {.include_private = true}).value();
  const auto from_text = jwk::parse(json::serialize(exported));
  ASSERT_TRUE(succeeds(from_text));
  EXPECT_EQ(to_jwk(from_text->signing().value(), {.include_private = true}).value(), exported);
}

std::string kind_name(const ::testing::TestParamInfo<key_kind>& param_info) {
  return param_info.param.name;
}

INSTANTIATE_TEST_SUITE_P(Kinds, JwkRoundTrip, ::testing::ValuesIn(kinds), kind_name);

TEST(JwkExport, EcCoordinatesKeepTheirLeadingZeros) {
  // Find a P-256 key whose x has a leading zero byte (about one in 256).
  for (int i = 0; i < 5000; ++i) {
    const auto k = tessera::test::generate_ec("P-256");
    BIGNUM* x = nullptr;
    EVP_PKEY_get_bn_param(k.get(), OSSL_PKEY_PARAM_EC_PUB_X, &x);
    const bool short_x = BN_num_bytes(x) < 32;
    BN_free(x);
    if (!short_x) continue;
    const auto v = verifying_key::from_pem(tessera::test::spki_pem(k.get())).value();
    const auto exported = to_jwk(v).value();
    const auto xb = decoded(exported, "x");
    ASSERT_EQ(xb.size(), 32u);
    EXPECT_EQ(xb.front(), 0);
    EXPECT_EQ(member(exported, "x").size(), 43u);
    // And the full-width member imports back.
    EXPECT_TRUE(succeeds(jwk::from_json(exported)));
    // The same point with the zero stripped is not a valid JWK (RFC 7518 6.2.1.2).
    auto stripped = exported;
    stripped["x"] = tessera::test::b64url(std::span(xb).subspan(1));
    EXPECT_TRUE(fails_with(jwk::from_json(stripped), errc::invalid_jwk));
    return;
  }
  FAIL() << "no P-256 key with a short x in 5000 tries";
}

TEST(JwkExport, HmacSecretsOnlyWithIncludePrivate) {
  const std::string secret(32, 's');
  const auto key = signing_key::hmac(algorithm::hs256, secret).value();
  EXPECT_TRUE(fails_with(to_jwk(key), errc::key_not_usable));
  EXPECT_TRUE(fails_with(to_jwk(key.verifier_key()), errc::key_not_usable));
  const auto exported = to_jwk(key, {.include_private = true, .kid = "h"});
  ASSERT_TRUE(succeeds(exported));
  EXPECT_EQ(*exported, parse_object(R"({"kty":"oct","k":")" + tessera::base64url_encode(secret) +
                                    R"(","kid":"h","use":"sig","alg":"HS256"})"));
  // A secret serving all three HS algorithms has no single "alg".
  const auto v = verifying_key::hmac(std::string(64, 'v')).value();
  const auto all = to_jwk(v, {.include_private = true}).value();
  EXPECT_FALSE(all.contains("alg"));
  EXPECT_EQ(tessera::jwk_thumbprint(v).value(), expected_thumbprint(all));
  // Round trip.
  const auto imported = jwk::from_json(*exported).value();
  EXPECT_TRUE(imported.is_private());
  EXPECT_EQ(imported.algorithms(), algorithm_set{algorithm::hs256});
  EXPECT_TRUE(succeeds(imported.signing()));
}

// --- Import: what is refused, and why. ---

json::object rsa_public_jwk() {
  const auto rsa = tessera::test::fixed_rsa_key();
  return to_jwk(verifying_key::from_pem(tessera::test::spki_pem(rsa.get())).value(),
                {.use = std::nullopt})
      .value();
}

json::object rsa_private_jwk() {
  return to_jwk(signing_key::from_pem(algorithm::rs256, tessera::test::fixed_rsa_2048_pem).value(),
                {.include_private = true, .use = std::nullopt, .include_alg = false})
      .value();
}

json::object ec_private_jwk(const char* group = "P-256") {
  const auto k = tessera::test::generate_ec(group);
  const algorithm a = std::string_view(group) == "P-256" ? algorithm::es256 : algorithm::es384;
  return to_jwk(signing_key::from_pem(a, tessera::test::pkcs8_pem(k.get())).value(),
                {.include_private = true, .use = std::nullopt, .include_alg = false})
      .value();
}

json::object okp_private_jwk() {
  const auto k = tessera::test::generate_okp("ED25519");
  return to_jwk(signing_key::from_pem(algorithm::eddsa, tessera::test::pkcs8_pem(k.get())).value(),
                {.include_private = true, .use = std::nullopt, .include_alg = false})
      .value();
}

json::object without(json::object o, std::initializer_list<std::string_view> names) {
  for (auto n : names) o.erase(n);
  return o;
}

json::object with(json::object o, std::string_view name, json::value v) {
  o[name] = std::move(v);
  return o;
}

json::object with_text(json::object o, std::string_view name, const std::string& text) {
  o[name] = text;
  return o;
}

// base64url of the member's bytes without the first one.
std::string first_byte_dropped(const json::object& o, std::string_view name) {
  const auto bytes = decoded(o, name);
  return tessera::test::b64url(std::span(bytes).subspan(1));
}

TEST(JwkImport, MissingOrMistypedMembersAreInvalidJwk) {
  const auto rsa = rsa_private_jwk();
  const auto ec = ec_private_jwk();
  const auto okp = okp_private_jwk();
  const std::vector<std::pair<std::string, json::object>> cases = {
      {"no kty", without(rsa, {"kty"})},
      {"kty not a string", with(rsa, "kty", 1)},
      {"no n", without(rsa, {"n"})},
      {"no e", without(rsa, {"e"})},
      {"n empty", with(rsa, "n", "")},
      {"n not base64url", with(rsa, "n", "AQAB+/==")},
      {"e padded", with(rsa, "e", "AQAB=")},
      {"kid not a string", with(rsa, "kid", 7)},
      {"use not a string", with(rsa, "use", json::array{"sig"})},
      {"alg not a string", with(rsa, "alg", true)},
      {"key_ops not an array", with(rsa, "key_ops", "verify")},
      {"key_ops with a number", with(rsa, "key_ops", json::array{"verify", 1})},
      {"CRT members in part", without(rsa, {"dq", "qi"})},
      {"no crv", without(ec, {"crv"})},
      {"no y", without(ec, {"y"})},
      {"x one byte short", with_text(ec, "x", member(ec, "x").substr(0, 42))},
      {"d one byte short", with_text(ec, "d", first_byte_dropped(ec, "d"))},
      {"OKP x too short", with_text(okp, "x", first_byte_dropped(okp, "x"))},
      {"OKP d too long", with_text(okp, "d", tessera::base64url_encode(std::string(33, 'd')))},
      {"oct without k", parse_object(R"({"kty":"oct"})")},
      {"oct with empty k", parse_object(R"({"kty":"oct","k":""})")},
  };
  for (const auto& [what, members] : cases) {
    SCOPED_TRACE(what);
    EXPECT_TRUE(fails_with(jwk::from_json(members), errc::invalid_jwk));
  }
}

TEST(JwkImport, UnsupportedKeyTypesAndCurves) {
  const auto rsa = rsa_private_jwk();
  const auto ec = ec_private_jwk();
  const auto okp = okp_private_jwk();
  const std::vector<std::pair<std::string, json::object>> cases = {
      {"kty XYZ", with(rsa, "kty", "XYZ")},
      {"kty lowercase rsa", with(rsa, "kty", "rsa")},
      {"multi-prime RSA (oth)", with(rsa, "oth", json::array{})},
      {"crv P-224", with(ec, "crv", "P-224")},
      {"crv P-256K", with(ec, "crv", "P-256K")},
      {"crv X25519", with(okp, "crv", "X25519")},
      {"crv X448", with(okp, "crv", "X448")},
  };
  for (const auto& [what, members] : cases) {
    SCOPED_TRACE(what);
    EXPECT_TRUE(fails_with(jwk::from_json(members), errc::unsupported_key_type));
  }
}

TEST(JwkImport, PrivateMembersMustMatchThePublicOnes) {
  const auto other_rsa = tessera::test::generate_rsa(2048);
  const auto other =
      to_jwk(signing_key::from_pem(algorithm::rs256, tessera::test::pkcs8_pem(other_rsa.get()))
                 .value(),
             {.include_private = true})
          .value();
  auto rsa = rsa_private_jwk();
  // d (and the CRT values) of another key under this key's n and e.
  auto mixed = rsa;
  for (const char* m : {"d", "p", "q", "dp", "dq", "qi"}) mixed[m] = other.at(m);
  EXPECT_TRUE(fails_with(jwk::from_json(mixed), errc::invalid_key_parameters));
  // Only d, no CRT values: accepted when right, refused when wrong.
  const auto d_only = without(rsa, {"p", "q", "dp", "dq", "qi"});
  const auto good = jwk::from_json(d_only);
  ASSERT_TRUE(succeeds(good));
  EXPECT_TRUE(good->is_private());
  EXPECT_TRUE(
      fails_with(jwk::from_json(with(d_only, "d", other.at("d"))), errc::invalid_key_parameters));

  const auto ec = ec_private_jwk();
  const auto ec2 = ec_private_jwk();
  EXPECT_TRUE(fails_with(jwk::from_json(with(ec, "d", ec2.at("d"))), errc::invalid_key_parameters));
  const auto okp = okp_private_jwk();
  const auto okp2 = okp_private_jwk();
  EXPECT_TRUE(
      fails_with(jwk::from_json(with(okp, "d", okp2.at("d"))), errc::invalid_key_parameters));
}

TEST(JwkImport, PointsOffTheCurveAreRefused) {
  const auto ec = without(ec_private_jwk(), {"d"});
  auto y = decoded(ec, "y");
  y.back() ^= 0x01;
  EXPECT_TRUE(fails_with(jwk::from_json(with_text(ec, "y", tessera::test::b64url(y))),
                         errc::invalid_key_parameters));
  // A P-256 point declared as P-384 has the wrong width.
  EXPECT_TRUE(fails_with(jwk::from_json(with(ec, "crv", "P-384")), errc::invalid_jwk));
  // The point at infinity has no affine coordinates: all zeros is off the curve.
  const std::string zeros = tessera::base64url_encode(std::string(32, '\0'));
  EXPECT_TRUE(fails_with(jwk::from_json(with_text(with_text(ec, "x", zeros), "y", zeros)),
                         errc::invalid_key_parameters));
}

TEST(JwkImport, RsaRules) {
  const auto weak = tessera::test::generate_rsa(1024);
  const auto weak_jwk = to_jwk(verifying_key::from_pem(tessera::test::spki_pem(weak.get()), {},
                                                       {.allow_weak_key = true})
                                   .value())
                            .value();
  EXPECT_TRUE(fails_with(jwk::from_json(weak_jwk), errc::rsa_key_too_small));
  EXPECT_TRUE(succeeds(jwk::from_json(weak_jwk, {.allow_weak_key = true})));
  // e = 1 ("AQ") and an even e are never keys.
  const auto rsa = rsa_public_jwk();
  EXPECT_TRUE(fails_with(jwk::from_json(with(rsa, "e", "AQ")), errc::invalid_key_parameters));
  EXPECT_TRUE(fails_with(jwk::from_json(with(rsa, "e", "AQAA")), errc::invalid_key_parameters));
  EXPECT_TRUE(fails_with(jwk::from_json(with(rsa, "e", "AQ"), {.allow_weak_key = true}),
                         errc::invalid_key_parameters));
}

TEST(JwkImport, AlgNarrowsTheKey) {
  const auto rsa = rsa_private_jwk();
  const auto ps = jwk::from_json(with(rsa, "alg", "PS256"));
  ASSERT_TRUE(succeeds(ps));
  EXPECT_EQ(ps->alg(), algorithm::ps256);
  EXPECT_EQ(ps->algorithms(), algorithm_set{algorithm::ps256});
  EXPECT_EQ(ps->verifying().value().algorithms(), algorithm_set{algorithm::ps256});
  EXPECT_EQ(ps->signing().value().alg(), algorithm::ps256);
  EXPECT_TRUE(fails_with(ps->signing(algorithm::rs256), errc::key_not_for_algorithm));
  // Without "alg", signing needs one named, and any the type allows is accepted.
  const auto any = jwk::from_json(rsa).value();
  EXPECT_EQ(any.alg(), std::nullopt);
  EXPECT_EQ(any.algorithms(), rsa_algorithms);
  EXPECT_TRUE(fails_with(any.signing(), errc::key_not_for_algorithm));
  EXPECT_EQ(any.signing(algorithm::ps512).value().alg(), algorithm::ps512);
  EXPECT_TRUE(fails_with(any.signing(algorithm::es256), errc::key_not_for_algorithm));
  EXPECT_TRUE(fails_with(any.signing(algorithm::hs256), errc::key_not_for_algorithm));

  // An "alg" the key's type cannot serve is refused at import.
  EXPECT_TRUE(fails_with(jwk::from_json(with(rsa, "alg", "ES256")), errc::key_not_for_algorithm));
  EXPECT_TRUE(fails_with(jwk::from_json(with(rsa, "alg", "HS256")), errc::key_not_for_algorithm));
  EXPECT_TRUE(fails_with(jwk::from_json(with(ec_private_jwk(), "alg", "ES384")),
                         errc::key_not_for_algorithm));
  EXPECT_TRUE(fails_with(jwk::from_json(with(okp_private_jwk(), "alg", "ES256")),
                         errc::key_not_for_algorithm));
  EXPECT_TRUE(fails_with(
      jwk::from_json(parse_object(R"({"kty":"oct","alg":"RS256","k":")" +
                                  tessera::base64url_encode(std::string(32, 'k')) + "\"}")),
      errc::key_not_for_algorithm));
}

TEST(JwkImport, AnAlgThatIsNoJwsAlgorithmMakesTheKeyUnusable) {
  for (const char* alg : {"RSA-OAEP", "RSA1_5", "A128KW", "ES521", "none", "rs256"}) {
    SCOPED_TRACE(alg);
    const auto key = jwk::from_json(with(rsa_private_jwk(), "alg", alg));
    ASSERT_TRUE(succeeds(key));
    EXPECT_EQ(key->alg(), std::nullopt);
    EXPECT_FALSE(key->allows(key_operation::verify));
    EXPECT_FALSE(key->allows(key_operation::sign));
    EXPECT_TRUE(key->algorithms().empty());
    EXPECT_TRUE(fails_with(key->verifying(), errc::key_not_usable));
    EXPECT_TRUE(fails_with(key->signing(algorithm::rs256), errc::key_not_usable));
  }
}

TEST(JwkImport, UseAndKeyOps) {
  const auto rsa = rsa_private_jwk();
  struct row {
    const char* what;
    json::object members;
    bool sign;
    bool verify;
  };
  const row rows[] = {
      {"no use, no key_ops", rsa, true, true},
      {"use sig", with(rsa, "use", "sig"), true, true},
      {"use enc", with(rsa, "use", "enc"), false, false},
      {"use SIG", with(rsa, "use", "SIG"), false, false},
      {"key_ops sign", with(rsa, "key_ops", json::array{"sign"}), true, false},
      {"key_ops verify", with(rsa, "key_ops", json::array{"verify"}), false, true},
      {"key_ops both", with(rsa, "key_ops", json::array{"verify", "sign"}), true, true},
      {"key_ops empty", with(rsa, "key_ops", json::array{}), false, false},
      {"key_ops encrypt", with(rsa, "key_ops", json::array{"encrypt", "decrypt"}), false, false},
      {"key_ops one string 'sign, verify'", with(rsa, "key_ops", json::array{"sign, verify"}),
       false, false},
      {"use sig, key_ops sign", with(with(rsa, "use", "sig"), "key_ops", json::array{"sign"}), true,
       false},
  };
  for (const auto& r : rows) {
    SCOPED_TRACE(r.what);
    const auto key = jwk::from_json(r.members);
    ASSERT_TRUE(succeeds(key));
    EXPECT_EQ(key->allows(key_operation::sign), r.sign);
    EXPECT_EQ(key->allows(key_operation::verify), r.verify);
    EXPECT_EQ(key->algorithms().empty(), !r.sign && !r.verify);
    if (r.verify) {
      EXPECT_TRUE(succeeds(key->verifying()));
    } else {
      EXPECT_TRUE(fails_with(key->verifying(), errc::key_not_usable));
    }
    if (r.sign) {
      EXPECT_TRUE(succeeds(key->signing(algorithm::rs256)));
    } else {
      EXPECT_TRUE(fails_with(key->signing(algorithm::rs256), errc::key_not_usable));
    }
  }
}

TEST(JwkImport, OctKeysFollowTheHmacRules) {
  const auto oct = [](std::string_view secret) {
    return parse_object(R"({"kty":"oct","k":")" + tessera::base64url_encode(secret) + "\"}");
  };
  EXPECT_TRUE(fails_with(jwk::from_json(oct(std::string(16, 'k'))), errc::key_too_short));
  EXPECT_EQ(jwk::from_json(oct(std::string(32, 'k'))).value().algorithms(),
            algorithm_set{algorithm::hs256});
  EXPECT_EQ(jwk::from_json(oct(std::string(48, 'k'))).value().algorithms(),
            (algorithm_set{algorithm::hs256, algorithm::hs384}));
  const algorithm_set all_hs = {algorithm::hs256, algorithm::hs384, algorithm::hs512};
  EXPECT_EQ(jwk::from_json(oct(std::string(64, 'k'))).value().algorithms(), all_hs);
  EXPECT_EQ(
      jwk::from_json(oct(std::string(16, 'k')), {.allow_weak_key = true}).value().algorithms(),
      all_hs);
  EXPECT_TRUE(fails_with(jwk::from_json(with(oct(std::string(32, 'k')), "alg", "HS384")),
                         errc::key_too_short));
  // A public key pasted as the secret.
  const auto rsa = tessera::test::fixed_rsa_key();
  EXPECT_TRUE(fails_with(jwk::from_json(oct(tessera::test::spki_pem(rsa.get()))),
                         errc::key_looks_asymmetric));
  EXPECT_TRUE(fails_with(jwk::from_json(oct(tessera::test::spki_der(rsa.get()))),
                         errc::key_looks_asymmetric));
}

TEST(JwkImport, ParseErrors) {
  EXPECT_TRUE(fails_with(jwk::parse("{"), errc::invalid_json));
  EXPECT_TRUE(fails_with(jwk::parse(""), errc::invalid_json));
  EXPECT_TRUE(fails_with(jwk::parse("[]"), errc::invalid_jwk));
  EXPECT_TRUE(fails_with(jwk::parse(R"("RSA")"), errc::invalid_jwk));
  EXPECT_TRUE(
      fails_with(jwk::parse(R"({"kty":"RSA","kty":"oct","k":"AAAA"})"), errc::duplicate_member));
}

TEST(JwkThumbprint, RequiredMembers) {
  EXPECT_TRUE(fails_with(tessera::jwk_thumbprint(parse_object(R"({"kty":"RSA","n":"AQAB"})")),
                         errc::invalid_jwk));
  EXPECT_TRUE(fails_with(tessera::jwk_thumbprint(parse_object(R"({"n":"AQAB","e":"AQAB"})")),
                         errc::invalid_jwk));
  EXPECT_TRUE(fails_with(
      tessera::jwk_thumbprint(parse_object(R"({"kty":"EC","crv":"P-256","x":"AA","y":1})")),
      errc::invalid_jwk));
  EXPECT_TRUE(fails_with(tessera::jwk_thumbprint(parse_object(R"({"kty":"XYZ","k":"AA"})")),
                         errc::unsupported_key_type));
  // Member order and extra members do not matter.
  const auto a = parse_object(R"({"kty":"OKP","crv":"Ed25519","x":"abc","kid":"1"})");
  const auto b = parse_object(R"({"x":"abc","use":"sig","crv":"Ed25519","kty":"OKP"})");
  EXPECT_EQ(tessera::jwk_thumbprint(a).value(), tessera::jwk_thumbprint(b).value());
  EXPECT_EQ(tessera::jwk_thumbprint(a).value(), expected_thumbprint(a));
}

}  // namespace
