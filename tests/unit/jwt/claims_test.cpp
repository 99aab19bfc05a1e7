// The claims builder (src/jwt/claims.cpp) and the typed view (src/jwt/claims_view.cpp).
#include <tessera/claims.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

#include "support/assertions.hpp"
#include "support/clock.hpp"

namespace {

using namespace std::chrono_literals;
using tessera::claim;
using tessera::claims;
using tessera::claims_view;
using tessera::errc;
using tessera::test::fails_with;
using tessera::test::succeeds;
using tessera::test::time_at;
namespace json = boost::json;

std::vector<std::string> keys_of(const json::object& o) {
  std::vector<std::string> keys;
  for (const auto& kv : o) keys.emplace_back(kv.key());
  return keys;
}

TEST(Claim, Names) {
  const std::pair<claim, std::string_view> all[] = {
      {claim::iss, "iss"}, {claim::sub, "sub"}, {claim::aud, "aud"}, {claim::exp, "exp"},
      {claim::nbf, "nbf"}, {claim::iat, "iat"}, {claim::jti, "jti"}};
  for (const auto& [c, name] : all) {
    SCOPED_TRACE(name);
    EXPECT_EQ(tessera::to_string(c), name);
    EXPECT_EQ(tessera::parse_claim(name), c);
  }
  EXPECT_EQ(tessera::parse_claim("EXP"), std::nullopt);
  EXPECT_EQ(tessera::parse_claim("name"), std::nullopt);
  EXPECT_EQ(tessera::parse_claim(""), std::nullopt);
}

TEST(ClaimsBuilder, RegisteredClaims) {
  const auto c = claims{}
                     .issuer("https://auth.example.com")
                     .subject("user-42")
                     .audience("api")
                     .expires_at(time_at(2000))
                     .not_before(time_at(1000))
                     .issued_at(time_at(999))
                     .jwt_id("id-1");
  EXPECT_EQ(keys_of(c.members()),
            (std::vector<std::string>{"iss", "sub", "aud", "exp", "nbf", "iat", "jti"}));
  EXPECT_EQ(c.members().at("iss"), "https://auth.example.com");
  EXPECT_EQ(c.members().at("sub"), "user-42");
  EXPECT_EQ(c.members().at("aud"), "api");
  ASSERT_TRUE(c.members().at("exp").is_int64());
  EXPECT_EQ(c.members().at("exp").get_int64(), 2000);
  EXPECT_EQ(c.members().at("nbf").get_int64(), 1000);
  EXPECT_EQ(c.members().at("iat").get_int64(), 999);
  EXPECT_EQ(c.members().at("jti"), "id-1");
}

TEST(ClaimsBuilder, AudienceStringOrList) {
  EXPECT_EQ(claims{}.audience("a").members().at("aud"), "a");
  EXPECT_EQ(claims{}.audience({"a"}).members().at("aud"), json::parse(R"(["a"])"));
  EXPECT_EQ(claims{}.audience({"a", "b"}).members().at("aud"), json::parse(R"(["a","b"])"));
  const std::vector<std::string> list = {"x", "y", "z"};
  EXPECT_EQ(claims{}.audience(std::span<const std::string>(list)).members().at("aud"),
            json::parse(R"(["x","y","z"])"));
  EXPECT_EQ(claims{}.audience(std::span<const std::string>{}).members().at("aud"),
            json::parse("[]"));
}

TEST(ClaimsBuilder, TimesAreFlooredToWholeSeconds) {
  EXPECT_EQ(claims{}.expires_at(time_at(100) + 999ms).members().at("exp").get_int64(), 100);
  EXPECT_EQ(claims{}.expires_at(time_at(100) + 1us).members().at("exp").get_int64(), 100);
  EXPECT_EQ(claims{}.not_before(time_at(0) - 1ms).members().at("nbf").get_int64(), -1);
  EXPECT_EQ(claims{}.issued_at(time_at(-5) - 500ms).members().at("iat").get_int64(), -6);
}

TEST(ClaimsBuilder, SettingTwiceReplacesInPlace) {
  auto c = claims{}.set("a", 1).set("b", 2).subject("first").set("c", 3);
  c.set("a", "changed").subject("second");
  EXPECT_EQ(keys_of(c.members()), (std::vector<std::string>{"a", "b", "sub", "c"}));
  EXPECT_EQ(c.members().at("a"), "changed");
  EXPECT_EQ(c.members().at("sub"), "second");
}

TEST(ClaimsBuilder, AnyJsonValue) {
  const auto c = claims{}
                     .set("n", nullptr)
                     .set("b", false)
                     .set("i", -7)
                     .set("u", std::uint64_t{18446744073709551615u})
                     .set("d", 2.5)
                     .set("a", json::array{1, "two"})
                     .set("o", json::object{{"k", "v"}});
  EXPECT_EQ(json::value(c.members()),
            json::parse(R"({"n":null,"b":false,"i":-7,"u":18446744073709551615,"d":2.5,)"
                        R"("a":[1,"two"],"o":{"k":"v"}})"));
}

TEST(ClaimsBuilder, WrapsAnObject) {
  const claims c(json::object{{"x", 1}, {"y", 2}});
  EXPECT_EQ(keys_of(c.members()), (std::vector<std::string>{"x", "y"}));
}

TEST(ClaimsBuilder, FromJson) {
  const auto c = claims::from_json(R"({"z":1,"a":{"b":[true]}})");
  ASSERT_TRUE(succeeds(c));
  EXPECT_EQ(keys_of(c->members()), (std::vector<std::string>{"z", "a"}));
  EXPECT_TRUE(fails_with(claims::from_json("[]"), errc::invalid_payload));
  EXPECT_TRUE(fails_with(claims::from_json(R"("text")"), errc::invalid_payload));
  EXPECT_TRUE(fails_with(claims::from_json("42"), errc::invalid_payload));
  EXPECT_TRUE(fails_with(claims::from_json(R"({"a":1,"a":2})"), errc::duplicate_member));
  EXPECT_TRUE(fails_with(claims::from_json("{"), errc::invalid_json));
  EXPECT_TRUE(fails_with(claims::from_json(R"({"exp":1e400})"), errc::invalid_number));
  EXPECT_TRUE(succeeds(claims::from_json(R"({"a":[[1]]})", 3)));
  EXPECT_TRUE(fails_with(claims::from_json(R"({"a":[[1]]})", 2), errc::json_too_deep));
}

json::object parse_object(std::string_view text) { return json::parse(text).as_object(); }

TEST(ClaimsView, StringClaims) {
  const auto o = parse_object(R"({"iss":"joe","sub":"alice","jti":"j1"})");
  const claims_view v(o);
  EXPECT_EQ(v.issuer(), "joe");
  EXPECT_EQ(v.subject(), "alice");
  EXPECT_EQ(v.jwt_id(), "j1");
  const auto wrong = parse_object(R"({"iss":1,"sub":null,"jti":["j1"]})");
  const claims_view w(wrong);
  EXPECT_EQ(w.issuer(), std::nullopt);
  EXPECT_EQ(w.subject(), std::nullopt);
  EXPECT_EQ(w.jwt_id(), std::nullopt);
  const json::object empty;
  EXPECT_EQ(claims_view(empty).issuer(), std::nullopt);
}

TEST(ClaimsView, Audience) {
  using list = std::vector<std::string_view>;
  const auto one = parse_object(R"({"aud":"api"})");
  EXPECT_EQ(claims_view(one).audience(), list{"api"});
  const auto many = parse_object(R"({"aud":["a","b",3,"c"]})");
  EXPECT_EQ(claims_view(many).audience(), (list{"a", "b", "c"}));
  const auto none = parse_object("{}");
  EXPECT_EQ(claims_view(none).audience(), list{});
  const auto number = parse_object(R"({"aud":5})");
  EXPECT_EQ(claims_view(number).audience(), list{});
}

TEST(ClaimsView, Dates) {
  using std::chrono::seconds;
  using std::chrono::sys_seconds;
  const auto o =
      parse_object(R"({"exp":1500000000,"nbf":1.5e9,"iat":1500000000.9,"u":18446744073709551615})");
  const claims_view v(o);
  EXPECT_EQ(v.expires_at(), sys_seconds(seconds(1500000000)));
  EXPECT_EQ(v.not_before(), sys_seconds(seconds(1500000000)));
  EXPECT_EQ(v.issued_at(), sys_seconds(seconds(1500000000)));  // floored

  const auto negative = parse_object(R"({"exp":-1.5,"nbf":-3})");
  EXPECT_EQ(claims_view(negative).expires_at(), sys_seconds(seconds(-2)));
  EXPECT_EQ(claims_view(negative).not_before(), sys_seconds(seconds(-3)));

  // Whole seconds are exact in a double up to 2^53; beyond that a date is out of range.
  const auto limit = parse_object(R"({"exp":9007199254740991,"nbf":9007199254740992})");
  EXPECT_EQ(claims_view(limit).expires_at(), sys_seconds(seconds(9007199254740991)));
  EXPECT_EQ(claims_view(limit).not_before(), std::nullopt);

  for (const char* text :
       {R"({"exp":"123"})", R"({"exp":true})", R"({"exp":null})", R"({"exp":1e300})",
        R"({"exp":1152921504606846976})", R"({"exp":18446744073709551615})", R"({"exp":-1e300})",
        R"({"exp":[1]})"}) {
    SCOPED_TRACE(text);
    const auto bad = parse_object(text);
    EXPECT_EQ(claims_view(bad).expires_at(), std::nullopt);
  }
  EXPECT_EQ(claims_view(o).expires_at().has_value(), true);
  const json::object empty;
  EXPECT_EQ(claims_view(empty).expires_at(), std::nullopt);
}

TEST(ClaimsView, Get) {
  const auto o = parse_object(R"({"role":"admin","n":null})");
  const claims_view v(o);
  ASSERT_NE(v.get("role"), nullptr);
  EXPECT_EQ(*v.get("role"), "admin");
  ASSERT_NE(v.get("n"), nullptr);
  EXPECT_TRUE(v.get("n")->is_null());
  EXPECT_EQ(v.get("missing"), nullptr);
  EXPECT_EQ(&v.members(), &o);
}

}  // namespace
