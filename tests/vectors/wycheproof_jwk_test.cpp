// Wycheproof at the JWS/JWK level: json_web_signature_test.json, the groups whose key is RSA or
// EC (the "oct" groups are in wycheproof_jws_test.cpp), and json_web_key_test.json (key sets),
// through jwk::from_json, key_set::from_json and verifier::create(key_set, ...).
//
// As in wycheproof_jws_test.cpp: the payloads are mostly not JWT claims ("foo"), so a JWT verifier
// never returns a token for them; after a valid signature it reports the payload (invalid_json).
// "Accepted" means: the verifier fails only on the payload's JSON, and the same token under a
// wrong key of the same type, kid and alg fails differently (with invalid_signature).
#include <cstddef>
#include <cstdint>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>
#include <boost/json/serialize.hpp>

#include <tessera/base64url.hpp>
#include <tessera/error.hpp>
#include <tessera/jwk.hpp>
#include <tessera/jwt.hpp>
#include <tessera/key_set.hpp>

#include "support/assertions.hpp"
#include "support/asymmetric.hpp"
#include "support/clock.hpp"
#include "support/vectors.hpp"

namespace {

using tessera::algorithm;
using tessera::errc;
using tessera::key_set;
using tessera::test::describe;
using tessera::test::error_of;
namespace json = boost::json;

bool is_payload_json_error(const std::error_code& ec) {
  return ec == errc::invalid_json || ec == errc::invalid_payload || ec == errc::duplicate_member ||
         ec == errc::json_too_deep || ec == errc::invalid_number;
}

// What verifying the token must report when its signature holds: success for a JSON object
// payload, else the strict parser's verdict on the payload.
std::error_code expected_after_signature(std::string_view token) {
  const auto first = token.find('.');
  const auto second = token.rfind('.');
  const auto payload =
      tessera::base64url_decode_to_string(token.substr(first + 1, second - first - 1));
  if (!payload) return payload.error();
  const auto parsed = tessera::parse_strict(*payload);
  if (!parsed) return parsed.error();
  if (!parsed->is_object()) return tessera::make_error_code(errc::invalid_payload);
  return {};
}

// Every JWS algorithm: rejections must come from the keys and tokens, not from the allow-list.
tessera::verify_options all_algorithms() {
  tessera::verify_options options;
  options.algorithms = {algorithm::hs256,  algorithm::hs384, algorithm::hs512, algorithm::rs256,
                        algorithm::rs384,  algorithm::rs512, algorithm::ps256, algorithm::ps384,
                        algorithm::ps512,  algorithm::es256, algorithm::es384, algorithm::es512,
                        algorithm::es256k, algorithm::eddsa};
  options.time_source = tessera::test::clock_at(tessera::test::default_now);
  return options;
}

// The same JWK (kty, kid, alg, use, key_ops) with other key material: the "wrong key" of a test.
json::object with_other_key_material(const json::object& jwk) {
  json::object out = jwk;
  const std::string kty(jwk.at("kty").as_string());
  for (const char* m : {"d", "p", "q", "dp", "dq", "qi"}) out.erase(m);
  if (kty == "oct") {
    // A "k" that does not decode stays as it is: that key is refused either way.
    auto k = tessera::base64url_decode_to_string(std::string_view(jwk.at("k").as_string()));
    if (k && !k->empty()) {
      (*k)[0] = static_cast<char>((*k)[0] ^ 0x01);
      out["k"] = tessera::base64url_encode(*k);
    }
  } else if (kty == "RSA") {
    const auto rsa = tessera::test::fixed_rsa_key();
    const auto pub =
        tessera::to_jwk(
            tessera::verifying_key::from_pem(tessera::test::spki_pem(rsa.get())).value())
            .value();
    out["n"] = pub.at("n");
    out["e"] = pub.at("e");
  } else if (kty == "EC") {
    const std::string crv(jwk.at("crv").as_string());
    const auto k = tessera::test::generate_ec(crv.c_str());
    const auto pub =
        tessera::to_jwk(tessera::verifying_key::from_pem(tessera::test::spki_pem(k.get())).value())
            .value();
    out["x"] = pub.at("x");
    out["y"] = pub.at("y");
  }
  return out;
}

json::object set_of(const json::object& jwk) {
  json::array keys;
  keys.push_back(jwk);
  json::object set;
  set["keys"] = std::move(keys);
  return set;
}

// --- json_web_signature_test.json, RSA and EC groups ---

// README "known oddities": the rfc7520 groups' JWK "alg" does not always match the token (a PS256
// JWK with a PS384 token; "ES521", no JWA name). Binding the JWK's alg would reject valid
// signatures, so for these groups the JWK's "alg" is removed and the key serves its type's
// algorithms.
const std::set<std::string> groups_without_jwk_alg = {"rfc7520", "rfc7520WithKeyOps"};

TEST(WycheproofJwsAsymmetric, RsaAndEcGroups) {
  TESSERA_REQUIRE_VECTORS();
  const auto doc = tessera::test::load_vector("wycheproof/json_web_signature_test.json");

  std::size_t total_asymmetric = 0, compact = 0, accepted_valid = 0, rejected_invalid = 0;
  std::size_t refused_key_invalid = 0, json_serialisation = 0, oct_groups = 0;
  std::map<std::string, std::size_t> rejection_codes;
  for (const auto& group_value : doc.at("testGroups").as_array()) {
    const auto& group = group_value.as_object();
    const auto& tests = group.at("tests").as_array();
    const json::value* jwk_value = group.if_contains("public");
    const bool from_private = jwk_value == nullptr;
    if (from_private) jwk_value = group.if_contains("private");
    ASSERT_NE(jwk_value, nullptr);
    if (jwk_value->at("kty").as_string() == "oct") {
      ++oct_groups;  // wycheproof_jws_test.cpp
      continue;
    }
    total_asymmetric += tests.size();
    const std::string comment(group.at("comment").as_string());
    SCOPED_TRACE(::testing::Message() << "group " << comment);

    json::object jwk = jwk_value->as_object();
    if (groups_without_jwk_alg.contains(comment)) jwk.erase("alg");
    if (from_private) {
      // Only the private JWK: verify with its public half.
      for (const char* m : {"d", "p", "q", "dp", "dq", "qi"}) jwk.erase(m);
    }
    const auto set = key_set::from_json(set_of(jwk));
    std::optional<tessera::verifier> verifier, wrong_verifier;
    if (set) {
      verifier.emplace(tessera::verifier::create(*set, all_algorithms()).value());
      const auto wrong_set = key_set::from_json(set_of(with_other_key_material(jwk)));
      ASSERT_TRUE(tessera::test::succeeds(wrong_set));
      wrong_verifier.emplace(tessera::verifier::create(*wrong_set, all_algorithms()).value());
    }

    for (const auto& test_value : tests) {
      const auto& t = test_value.as_object();
      const auto tc_id = t.at("tcId").as_int64();
      SCOPED_TRACE(::testing::Message()
                   << "tcId " << tc_id << " (" << t.at("comment").as_string() << ")");
      const bool valid = t.at("result").as_string() == "valid";
      bool json_form = !t.at("jws").is_string();
      for (const auto& flag : t.at("flags").as_array()) {
        if (flag == "JsonSerialization") json_form = true;
      }

      if (!set) {
        // The key may not verify ("use": "enc", "key_ops" without "verify"): the whole set is
        // refused, which rejects every token.
        EXPECT_FALSE(valid) << "a valid test's key was refused: " << describe(set.error());
        EXPECT_EQ(set.error(), errc::no_usable_keys) << describe(set.error());
        EXPECT_TRUE(tessera::test::fails_with(tessera::jwk::from_json(jwk).value().verifying(),
                                              errc::key_not_usable));
        ++refused_key_invalid;
        continue;
      }
      if (json_form) {
        const std::string text = t.at("jws").is_string() ? std::string(t.at("jws").as_string())
                                                         : json::serialize(t.at("jws"));
        EXPECT_EQ(error_of(verifier->verify(text)), errc::malformed_token);
        ++json_serialisation;
        continue;
      }
      const std::string token(t.at("jws").as_string());
      ++compact;
      const auto right = verifier->verify(token);
      const auto wrong = wrong_verifier->verify(token);
      const std::error_code right_ec = error_of(right);
      const std::error_code wrong_ec = error_of(wrong);
      EXPECT_FALSE(wrong) << "verified under the wrong key";
      const bool signature_held =
          right || (right_ec != wrong_ec && is_payload_json_error(right_ec));
      EXPECT_EQ(signature_held, valid) << "right key: " << (right ? "verified" : describe(right_ec))
                                       << ", wrong key: " << describe(wrong_ec);
      if (valid) {
        EXPECT_EQ(right_ec, expected_after_signature(token)) << describe(right_ec);
        EXPECT_EQ(wrong_ec, errc::invalid_signature) << describe(wrong_ec);
        ++accepted_valid;
      } else {
        EXPECT_FALSE(right);
        ++rejection_codes[describe(right_ec)];
        ++rejected_invalid;
      }
    }
  }
  EXPECT_GT(compact, 0u);
  EXPECT_GT(accepted_valid, 0u);
  EXPECT_GT(rejected_invalid, 0u);
  EXPECT_EQ(refused_key_invalid, 4u);  // tcIds 353-356
  EXPECT_EQ(total_asymmetric, compact + json_serialisation + refused_key_invalid);
  EXPECT_GT(oct_groups, 0u);
  RecordProperty("asymmetric_tests_run", static_cast<int>(compact + refused_key_invalid));
  std::cout << "[ wycheproof ] json_web_signature (RSA/EC groups): " << compact
            << " compact tests (" << accepted_valid << " valid accepted, " << rejected_invalid
            << " invalid rejected), " << refused_key_invalid
            << " rejected by a key unusable for signatures, " << json_serialisation
            << " JSON serialisations, 0 excluded; rejections:";
  for (const auto& [code, count] : rejection_codes) std::cout << " " << code << "=" << count;
  std::cout << "\n";
}

// Embedded keys in the header are never used: tcId 32 carries the attacker's JWK and is signed
// with it; the set's key rejects it on the signature.
TEST(WycheproofJwsAsymmetric, EmbeddedJwkIsIgnored) {
  TESSERA_REQUIRE_VECTORS();
  const auto doc = tessera::test::load_vector("wycheproof/json_web_signature_test.json");
  std::size_t seen = 0;
  for (const auto& group_value : doc.at("testGroups").as_array()) {
    for (const auto& t : group_value.at("tests").as_array()) {
      const auto tc_id = t.at("tcId").as_int64();
      if (tc_id != 32 && tc_id != 31) continue;
      ++seen;
      const auto set = key_set::from_json(set_of(group_value.at("public").as_object())).value();
      const auto v = tessera::verifier::create(set, all_algorithms()).value();
      const auto r = v.verify(std::string_view(t.at("jws").as_string()));
      // 31: HS256 with the EC key's kid: the key cannot serve HS256. 32: the attacker's key.
      EXPECT_EQ(error_of(r), tc_id == 31 ? errc::key_not_usable : errc::invalid_signature)
          << "tcId " << tc_id << ": " << describe(error_of(r));
    }
  }
  EXPECT_EQ(seen, 2u);
}

// --- json_web_key_test.json: key sets ---

// What each key of a set does on import: imported and usable for verification, imported but not
// usable (JWK "use", "key_ops" or an "alg" that is no JWS algorithm), or refused with a code.
struct key_outcome {
  enum kind { usable, unusable, refused } what;
  errc code{};
};
constexpr key_outcome usable{key_outcome::usable};
constexpr key_outcome unusable{key_outcome::unusable};
constexpr key_outcome refused(errc c) { return {key_outcome::refused, c}; }

struct jwk_case {
  std::int64_t tc_id;
  std::vector<key_outcome> keys;
  std::optional<errc> set_error;     // key_set::from_json
  std::optional<errc> verify_error;  // nullopt: the signature holds
  const char* exclusion = nullptr;   // set when the library deliberately differs from the label
};

const std::vector<jwk_case> jwk_cases = {
    {1,
     {usable, usable},
     {},
     {},
     "MixedKeySet/Ambiguous: a set holding an HMAC secret and an EC public key. The library "
     "keeps both (as PyJWKSet does) and verifies the HS256 token with the secret named by its "
     "kid; Wycheproof prefers rejecting such sets (reported as a library design question)"},
    {2, {usable, usable}, {}, {}},
    {3, {usable, usable}, {}, errc::invalid_signature},
    {4,
     {usable, refused(errc::invalid_jwk)},
     {},
     {},
     "DuplicateKid: the second key's \"k\" ends in a character with non-zero unused bits (not "
     "canonical base64url), so it is refused as invalid_jwk and left out of the set; the one "
     "remaining key with that kid verifies the token. With the same key written canonically the "
     "set is ambiguous (DuplicateKidWithCanonicalBase64IsAmbiguous)"},
    {5, {usable}, {}, {}},
    {6, {unusable}, errc::no_usable_keys, {}},
    {7,
     {usable},
     {},
     {},
     "ROCA key (CVE-2017-15361): the library does not fingerprint Infineon-generated moduli; the "
     "2049-bit key imports and the signature itself is valid"},
    {8, {refused(errc::rsa_key_too_small)}, errc::no_usable_keys, {}},
    {9, {refused(errc::invalid_key_parameters)}, errc::no_usable_keys, {}},
    {10, {refused(errc::key_too_short)}, errc::no_usable_keys, {}},
    {11, {refused(errc::key_too_short)}, errc::no_usable_keys, {}},
    {12, {refused(errc::key_too_short)}, errc::no_usable_keys, {}},
    {13, {usable}, {}, {}},
    {14, {usable}, {}, {}},
    {15, {usable}, {}, {}},
    {16, {refused(errc::invalid_jwk)}, errc::no_usable_keys, {}},
    {17, {refused(errc::invalid_jwk)}, errc::no_usable_keys, {}},
    {18, {refused(errc::invalid_jwk)}, errc::no_usable_keys, {}},
    {19, {unusable}, errc::no_usable_keys, {}},                               // "alg": "ES521"
    {20, {unusable}, errc::no_usable_keys, {}},                               // "alg": "ES224"
    {21, {unusable}, errc::no_usable_keys, {}},                               // "use": "enc"
    {22, {refused(errc::invalid_key_parameters)}, errc::no_usable_keys, {}},  // off the curve
    {23, {refused(errc::invalid_jwk)}, errc::no_usable_keys, {}},  // P-256 point as P-384
    {24, {refused(errc::invalid_jwk)}, errc::no_usable_keys, {}},  // EC members, kty RSA
    {25, {unusable}, errc::no_usable_keys, {}},                    // "alg": "A256GCM"
    {26, {unusable}, errc::no_usable_keys, {}},                    // "alg": "A256KW"
};

TEST(WycheproofJwk, KeySets) {
  TESSERA_REQUIRE_VECTORS();
  const auto doc = tessera::test::load_vector("wycheproof/json_web_key_test.json");
  std::size_t total = 0, checked = 0, accepted_valid = 0, rejected_invalid = 0, excluded = 0;
  std::set<std::int64_t> seen;
  for (const auto& group_value : doc.at("testGroups").as_array()) {
    const auto& group = group_value.as_object();
    const json::value* keys_value = group.if_contains("public");
    if (keys_value == nullptr) keys_value = group.if_contains("private");
    ASSERT_NE(keys_value, nullptr);
    const auto& set_json = keys_value->as_object();
    const auto& members = set_json.at("keys").as_array();
    for (const auto& test_value : group.at("tests").as_array()) {
      ++total;
      const auto& t = test_value.as_object();
      const auto tc_id = t.at("tcId").as_int64();
      SCOPED_TRACE(::testing::Message() << "tcId " << tc_id << " (" << t.at("comment").as_string()
                                        << "), group " << group.at("comment").as_string());
      const jwk_case* c = nullptr;
      for (const auto& candidate : jwk_cases) {
        if (candidate.tc_id == tc_id) c = &candidate;
      }
      ASSERT_NE(c, nullptr) << "no expectation listed for this test";
      seen.insert(tc_id);
      const bool valid = t.at("result").as_string() == "valid";

      // Each key on its own.
      ASSERT_EQ(members.size(), c->keys.size());
      for (std::size_t i = 0; i < members.size(); ++i) {
        SCOPED_TRACE(::testing::Message() << "key " << i);
        const auto key = tessera::jwk::from_json(members[i].as_object());
        switch (c->keys[i].what) {
          case key_outcome::usable:
            ASSERT_TRUE(tessera::test::succeeds(key));
            EXPECT_TRUE(tessera::test::succeeds(key->verifying()));
            break;
          case key_outcome::unusable:
            ASSERT_TRUE(tessera::test::succeeds(key));
            EXPECT_TRUE(tessera::test::fails_with(key->verifying(), errc::key_not_usable));
            break;
          case key_outcome::refused:
            EXPECT_TRUE(tessera::test::fails_with(key, c->keys[i].code));
            break;
        }
      }

      // The set, and the token through a verifier over it.
      const auto set = key_set::from_json(set_json);
      std::error_code outcome;
      if (c->set_error) {
        EXPECT_TRUE(tessera::test::fails_with(set, *c->set_error));
        outcome = tessera::make_error_code(*c->set_error);
      } else {
        ASSERT_TRUE(tessera::test::succeeds(set));
        std::size_t usable_keys = 0;
        for (const auto& k : c->keys) usable_keys += k.what == key_outcome::usable ? 1U : 0U;
        EXPECT_EQ(set->keys().size(), usable_keys);
        EXPECT_EQ(set->skipped(), members.size() - usable_keys);
        const std::string token(t.at("jws").as_string());
        const auto right = tessera::verifier::create(*set, all_algorithms()).value().verify(token);
        if (c->verify_error) {
          EXPECT_EQ(error_of(right), *c->verify_error) << describe(error_of(right));
          outcome = error_of(right);
        } else {
          // The signature holds: the payload's own verdict, and invalid_signature when the key
          // the token's kid names has other key material.
          json::object wrong_json;
          json::array wrong_keys;
          for (const auto& m : members)
            wrong_keys.push_back(with_other_key_material(m.as_object()));
          wrong_json["keys"] = std::move(wrong_keys);
          const auto wrong_set = key_set::from_json(wrong_json).value();
          const auto wrong =
              tessera::verifier::create(wrong_set, all_algorithms()).value().verify(token);
          EXPECT_EQ(error_of(right), expected_after_signature(token)) << describe(error_of(right));
          EXPECT_EQ(error_of(wrong), errc::invalid_signature) << describe(error_of(wrong));
        }
      }
      const bool accepted = !c->set_error && !c->verify_error;
      if (c->exclusion != nullptr) {
        ++excluded;
        EXPECT_NE(accepted, valid) << "listed as an exclusion but agrees with the label";
        std::cout << "[ excluded ] json_web_key tcId " << tc_id << " ("
                  << t.at("result").as_string()
                  << "): " << (accepted ? "accepted" : describe(outcome)) << ": " << c->exclusion
                  << "\n";
        continue;
      }
      ++checked;
      EXPECT_EQ(accepted, valid);
      if (valid) {
        ++accepted_valid;
      } else {
        ++rejected_invalid;
      }
    }
  }
  EXPECT_EQ(total, static_cast<std::size_t>(doc.at("numberOfTests").as_int64()));
  EXPECT_EQ(seen.size(), jwk_cases.size());
  EXPECT_EQ(total, checked + excluded);
  EXPECT_GT(accepted_valid, 0u);
  EXPECT_GT(rejected_invalid, 0u);
  RecordProperty("tests_run", static_cast<int>(checked));
  std::cout << "[ wycheproof ] json_web_key: " << checked << " tests agree with their label ("
            << accepted_valid << " valid accepted, " << rejected_invalid << " invalid rejected), "
            << excluded << " excluded\n";
}

// tcId 4's set with the duplicate key's "k" written canonically: two keys share the kid, and the
// token that names it is refused as ambiguous.
TEST(WycheproofJwk, DuplicateKidWithCanonicalBase64IsAmbiguous) {
  TESSERA_REQUIRE_VECTORS();
  const auto doc = tessera::test::load_vector("wycheproof/json_web_key_test.json");
  std::size_t seen = 0;
  for (const auto& group_value : doc.at("testGroups").as_array()) {
    for (const auto& t : group_value.at("tests").as_array()) {
      if (t.at("tcId").as_int64() != 4) continue;
      ++seen;
      json::object set_json = group_value.at("private").as_object();
      auto& second = set_json["keys"].as_array()[1].as_object();
      const std::string k(second.at("k").as_string());
      ASSERT_EQ(k, "-xxuDNsVZ2iJtos-akfXTSCt4UO2cruLCsbWlBingge");
      second["k"] = k.substr(0, k.size() - 1) + "c";  // the same 32 bytes, canonical
      const auto set = key_set::from_json(set_json);
      ASSERT_TRUE(tessera::test::succeeds(set));
      EXPECT_EQ(set->keys().size(), 2u);
      const auto r = tessera::verifier::create(*set, all_algorithms())
                         .value()
                         .verify(std::string_view(t.at("jws").as_string()));
      EXPECT_EQ(error_of(r), errc::ambiguous_key) << describe(error_of(r));
    }
  }
  EXPECT_EQ(seen, 1u);
}

}  // namespace
