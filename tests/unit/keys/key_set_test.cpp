// JWK Sets and key selection (src/keys/key_set.cpp): which members are kept and which skipped,
// how a token's "kid" and "alg" choose the key (exactly, never by trying keys), and a verifier over
// a set.
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <tessera/base64url.hpp>
#include <tessera/error.hpp>
#include <tessera/jwk.hpp>
#include <tessera/jwt.hpp>
#include <tessera/key_set.hpp>

#include "detail/key_material.hpp"
#include "support/assertions.hpp"
#include "support/asymmetric.hpp"
#include "support/clock.hpp"

namespace {

using tessera::algorithm;
using tessera::algorithm_set;
using tessera::errc;
using tessera::jwk;
using tessera::key_set;
using tessera::signing_key;
using tessera::verifying_key;
using tessera::test::fails_with;
using tessera::test::succeeds;
namespace json = boost::json;

// Keys of the fixture, with their signing halves.
struct keys {
  signing_key rsa =
      signing_key::from_pem(algorithm::rs256, tessera::test::fixed_rsa_2048_pem).value();
  signing_key p256 = signing_key::generate(algorithm::es256).value();
  signing_key p256_other = signing_key::generate(algorithm::es256).value();
  signing_key ed25519 = signing_key::generate(algorithm::eddsa).value();

  static json::object public_jwk(const signing_key& k, std::optional<std::string> kid,
                                 bool include_alg = true) {
    // The verifying key of a signing key is bound to its algorithm; export from SPKI to get a
    // key that serves all its type allows when include_alg is false.
    const auto v = verifying_key::from_pem(k.verifier_key().to_pem().value()).value();
    return tessera::to_jwk(v, {.kid = std::move(kid), .include_alg = include_alg}).value();
  }
};

json::object set_of(std::initializer_list<json::value> members) {
  json::array list;
  for (const auto& m : members) list.push_back(m);
  json::object o;
  o["keys"] = std::move(list);
  return o;
}

json::object with(json::object o, std::string_view name, json::value v) {
  o[name] = std::move(v);
  return o;
}

TEST(KeySet, UsableKeysAreKeptInOrder) {
  const keys k;
  const auto set = key_set::from_json(
      set_of({keys::public_jwk(k.rsa, "rsa", false), keys::public_jwk(k.p256, "ec"),
              keys::public_jwk(k.ed25519, std::nullopt)}));
  ASSERT_TRUE(succeeds(set));
  ASSERT_EQ(set->keys().size(), 3u);
  EXPECT_EQ(set->skipped(), 0u);
  EXPECT_EQ(set->keys()[0].kid(), std::optional<std::string>("rsa"));
  EXPECT_EQ(set->keys()[1].kid(), std::optional<std::string>("ec"));
  EXPECT_EQ(set->keys()[2].kid(), std::nullopt);
  const algorithm_set all = {algorithm::rs256, algorithm::rs384, algorithm::rs512,
                             algorithm::ps256, algorithm::ps384, algorithm::ps512,
                             algorithm::es256, algorithm::eddsa};
  EXPECT_EQ(set->algorithms(), all);
}

TEST(KeySet, UnusableMembersAreSkippedAndCounted) {
  const keys k;
  const auto weak = tessera::test::generate_rsa(1024);
  const auto weak_jwk = tessera::to_jwk(verifying_key::from_pem(tessera::test::spki_pem(weak.get()),
                                                                {}, {.allow_weak_key = true})
                                            .value())
                            .value();
  auto off_curve = keys::public_jwk(k.p256, "off");
  auto y = std::string(off_curve.at("y").as_string());
  y[5] = y[5] == 'A' ? 'B' : 'A';
  off_curve["y"] = y;
  const auto set = key_set::from_json(set_of({
      keys::public_jwk(k.p256, "good"),
      with(keys::public_jwk(k.rsa, "enc"), "use", "enc"),
      with(keys::public_jwk(k.rsa, "oaep", false), "alg", "RSA-OAEP"),
      with(keys::public_jwk(k.rsa, "ops", false), "key_ops", json::array{"encrypt"}),
      json::parse(R"({"kty":"XYZ","kid":"unknown"})"),
      json::parse(R"({"kty":"OKP","crv":"X25519","x":"AAAA","kid":"x25519"})"),
      weak_jwk,
      off_curve,
      json::value("not an object"),
      json::value(42),
  }));
  ASSERT_TRUE(succeeds(set));
  ASSERT_EQ(set->keys().size(), 1u);
  EXPECT_EQ(set->keys()[0].kid(), std::optional<std::string>("good"));
  EXPECT_EQ(set->skipped(), 9u);
  // The weak key is usable when the caller allows weak keys.
  const auto lenient = key_set::from_json(set_of({keys::public_jwk(k.p256, "good"), weak_jwk}),
                                          {.allow_weak_key = true});
  ASSERT_TRUE(succeeds(lenient));
  EXPECT_EQ(lenient->keys().size(), 2u);
  EXPECT_EQ(lenient->skipped(), 0u);
}

TEST(KeySet, SetsThatAreNotSets) {
  const keys k;
  EXPECT_TRUE(
      fails_with(key_set::from_json(json::parse(R"({})").as_object()), errc::invalid_key_set));
  EXPECT_TRUE(fails_with(key_set::from_json(json::parse(R"({"keys":{}})").as_object()),
                         errc::invalid_key_set));
  EXPECT_TRUE(fails_with(key_set::from_json(json::parse(R"({"keys":"x"})").as_object()),
                         errc::invalid_key_set));
  EXPECT_TRUE(fails_with(key_set::parse(R"([])"), errc::invalid_key_set));
  EXPECT_TRUE(fails_with(key_set::parse(R"({"keys":[]})"), errc::no_usable_keys));
  EXPECT_TRUE(fails_with(key_set::parse(R"({"keys":[{"kty":"XYZ"}]})"), errc::no_usable_keys));
  EXPECT_TRUE(
      fails_with(key_set::from_json(set_of({with(keys::public_jwk(k.rsa, "a"), "use", "enc")})),
                 errc::no_usable_keys));
  EXPECT_TRUE(fails_with(key_set::parse("{\"keys\":["), errc::invalid_json));
  EXPECT_TRUE(fails_with(key_set::parse(R"({"keys":[],"keys":[]})"), errc::duplicate_member));
  // A single JWK is not a set.
  EXPECT_TRUE(fails_with(key_set::parse(json::serialize(keys::public_jwk(k.p256, "a"))),
                         errc::invalid_key_set));
}

TEST(KeySet, FromKeysKeepsOnlyVerifyingKeys) {
  const keys k;
  std::vector<jwk> members;
  members.push_back(jwk::from_json(keys::public_jwk(k.p256, "a")).value());
  members.push_back(
      jwk::from_json(with(keys::public_jwk(k.rsa, "b", false), "key_ops", json::array{"sign"}))
          .value());
  const auto set = key_set::from_keys(std::move(members));
  ASSERT_TRUE(succeeds(set));
  EXPECT_EQ(set->keys().size(), 1u);
  EXPECT_EQ(set->skipped(), 1u);
  EXPECT_TRUE(fails_with(key_set::from_keys({}), errc::no_usable_keys));
}

// --- Selection. ---

TEST(KeySelection, ByKid) {
  const keys k;
  const auto set = key_set::from_json(set_of({keys::public_jwk(k.rsa, "rsa", false),
                                              keys::public_jwk(k.p256, "ec"),
                                              keys::public_jwk(k.p256_other, "ec2")}))
                       .value();
  const auto rsa = set.select("rsa", algorithm::ps512);
  ASSERT_TRUE(succeeds(rsa));
  EXPECT_TRUE(rsa->may_serve(algorithm::rs256));
  const auto ec = set.select("ec", algorithm::es256);
  ASSERT_TRUE(succeeds(ec));
  // The kid chooses: ec's key, never ec2's, though both serve ES256.
  std::array<std::byte, tessera::detail::max_signature_size> sig{};
  const auto size = k.p256.material().sign(algorithm::es256, "x", sig);
  ASSERT_TRUE(succeeds(size));
  EXPECT_TRUE(ec->material().verify(algorithm::es256, "x", std::span(sig.data(), *size)));
  EXPECT_FALSE(set.select("ec2", algorithm::es256)
                   .value()
                   .material()
                   .verify(algorithm::es256, "x", std::span(sig.data(), *size)));
  // A kid that names no key; a key that cannot serve the alg.
  EXPECT_TRUE(fails_with(set.select("nope", algorithm::es256), errc::no_matching_key));
  EXPECT_TRUE(fails_with(set.select("ec", algorithm::es384), errc::key_not_usable));
  EXPECT_TRUE(fails_with(set.select("rsa", algorithm::es256), errc::key_not_usable));
  EXPECT_TRUE(fails_with(set.select("ec", algorithm::hs256), errc::key_not_usable));
  // kid comparison is exact.
  EXPECT_TRUE(fails_with(set.select("EC", algorithm::es256), errc::no_matching_key));
  EXPECT_TRUE(fails_with(set.select("", algorithm::es256), errc::no_matching_key));
}

TEST(KeySelection, AKeysAlgMustMatchTheTokens) {
  const keys k;
  // The RSA key carries "alg": "RS256": it never verifies PS256, with or without a kid.
  const auto set =
      key_set::from_json(set_of({with(keys::public_jwk(k.rsa, "rsa", false), "alg", "RS256")}))
          .value();
  EXPECT_TRUE(succeeds(set.select("rsa", algorithm::rs256)));
  EXPECT_TRUE(fails_with(set.select("rsa", algorithm::ps256), errc::key_not_usable));
  EXPECT_TRUE(succeeds(set.select(std::nullopt, algorithm::rs256)));
  EXPECT_TRUE(fails_with(set.select(std::nullopt, algorithm::ps256), errc::no_matching_key));
}

TEST(KeySelection, DuplicateKidIsAmbiguous) {
  const keys k;
  const auto set = key_set::from_json(set_of({keys::public_jwk(k.p256, "same"),
                                              keys::public_jwk(k.p256_other, "same")}))
                       .value();
  EXPECT_TRUE(fails_with(set.select("same", algorithm::es256), errc::ambiguous_key));
  // Even when only one of them could serve the algorithm: a kid must name one key.
  const auto mixed = key_set::from_json(set_of({keys::public_jwk(k.p256, "same"),
                                                keys::public_jwk(k.ed25519, "same")}))
                         .value();
  EXPECT_TRUE(fails_with(mixed.select("same", algorithm::eddsa), errc::ambiguous_key));
}

TEST(KeySelection, WithoutKidExactlyOneKeyMayServe) {
  const keys k;
  const auto set = key_set::from_json(set_of({keys::public_jwk(k.rsa, "rsa", false),
                                              keys::public_jwk(k.p256, "ec"),
                                              keys::public_jwk(k.p256_other, "ec2")}))
                       .value();
  EXPECT_TRUE(succeeds(set.select(std::nullopt, algorithm::rs256)));
  EXPECT_TRUE(fails_with(set.select(std::nullopt, algorithm::es256), errc::ambiguous_key));
  EXPECT_TRUE(fails_with(set.select(std::nullopt, algorithm::eddsa), errc::no_matching_key));
  EXPECT_TRUE(fails_with(set.select(std::nullopt, algorithm::hs256), errc::no_matching_key));
}

// --- A verifier over a set. ---

tessera::verify_options options(algorithm_set algorithms) {
  return {.algorithms = algorithms,
          .time_source = tessera::test::clock_at(tessera::test::default_now)};
}

std::string token(const signing_key& key, std::optional<std::string> kid) {
  return tessera::encode(tessera::claims{}.subject("set"), key, {.kid = std::move(kid)}).value();
}

TEST(KeySetVerifier, ChoosesTheKeyByKidAndAlg) {
  const keys k;
  const auto set =
      key_set::from_json(set_of({keys::public_jwk(k.rsa, "rsa"), keys::public_jwk(k.p256, "ec"),
                                 keys::public_jwk(k.ed25519, "ed")}))
          .value();
  const auto v = tessera::verifier::create(
      set, options({algorithm::rs256, algorithm::es256, algorithm::eddsa}));
  ASSERT_TRUE(succeeds(v));
  for (const auto* key : {&k.rsa, &k.p256, &k.ed25519}) {
    const std::string kid = key == &k.rsa ? "rsa" : key == &k.p256 ? "ec" : "ed";
    SCOPED_TRACE(kid);
    const auto t = v->verify(token(*key, kid));
    ASSERT_TRUE(succeeds(t));
    EXPECT_EQ(t->alg(), key->alg());
    // Without a kid, the one key serving the alg is used.
    EXPECT_TRUE(succeeds(v->verify(token(*key, std::nullopt))));
  }
  // A token naming another key's kid fails at selection or signature, never verifies.
  EXPECT_TRUE(fails_with(v->verify(token(k.p256, "rsa")), errc::key_not_usable));
  EXPECT_TRUE(fails_with(v->verify(token(k.p256_other, "ec")), errc::invalid_signature));
  EXPECT_TRUE(fails_with(v->verify(token(k.p256, "unknown")), errc::no_matching_key));
}

TEST(KeySetVerifier, TheAllowListMustMeetTheSet) {
  const keys k;
  const auto set =
      key_set::from_json(set_of({with(keys::public_jwk(k.rsa, "rsa"), "alg", "RS256")})).value();
  EXPECT_TRUE(fails_with(tessera::verifier::create(set, options({algorithm::es256})),
                         errc::key_outside_allow_list));
  EXPECT_TRUE(fails_with(tessera::verifier::create(set, options({})), errc::empty_algorithm_list));
  // The set's RS256 key and an allow-list of PS256 and RS256: a PS256 token is refused by the key.
  const auto v = tessera::verifier::create(set, options({algorithm::rs256, algorithm::ps256}));
  ASSERT_TRUE(succeeds(v));
  const auto ps =
      signing_key::from_pem(algorithm::ps256, tessera::test::fixed_rsa_2048_pem).value();
  EXPECT_TRUE(fails_with(v->verify(token(ps, "rsa")), errc::key_not_usable));
  EXPECT_TRUE(fails_with(v->verify(token(ps, std::nullopt)), errc::no_matching_key));
}

}  // namespace
