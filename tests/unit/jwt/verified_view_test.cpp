// The claims and header of a verified token (src/jwt/token_storage.*, src/jwt/claims_view.cpp):
// a plain payload is read from its index and its JSON object built only on demand, any other is
// parsed; either way every accessor answers as a view of the parsed object does (the threads' side
// is in verifier_threads_test.cpp).
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <tessera/jwt.hpp>

#include "support/assertions.hpp"
#include "support/clock.hpp"
#include "support/tokens.hpp"

namespace {

using tessera::claims_view;
using tessera::test::default_now;
using tessera::test::hs256_options;
using tessera::test::hs256_token;
using tessera::test::make_verifier;
using tessera::test::signed_token;
namespace json = boost::json;

std::string at(std::int64_t offset) { return std::to_string(default_now + offset); }

// Payloads that pass a verifier with no claim requirements, plain (indexed) and not (parsed).
std::vector<std::string> payloads() {
  return {
      // plain
      R"({"sub":"user-1","iss":"https://issuer.example","exp":)" + at(60) + R"(,"iat":)" + at(0) +
          R"(,"admin":true,"name":"Ada"})",
      R"({"jti":"id-1","nbf":)" + at(-5) + R"(,"scope":"read write","roles":["a","b"]})",
      R"({"nested":{"deep":[1,{"x":null}]},"sub":"s","aud":[]})",
      R"({"aud":"","count":-42,"empty":{},"list":[]})",
      "{}",
      // not plain: an escape, a fraction, non-ASCII, a big integer, whitespace kept aside
      R"({"sub":"line\nbreak","exp":)" + at(60) + R"(.5})",
      R"({"name":"Zoë","iat":)" + at(0) + R"(,"big":123456789012345678901234567890})",
      R"({"sub":"\u0041da","scope":"a\"b"})",
      R"({ "sub" : "spaced" , "exp" : )" + at(60) + " }",
  };
}

std::optional<std::string_view> text_of(const json::object& o, std::string_view name) {
  const auto* v = o.if_contains(name);
  if (v == nullptr || !v->is_string() || tessera::big_integer_digits(*v)) return std::nullopt;
  return std::string_view(v->get_string());
}

// Every accessor of the verified token's view against a view of the payload parsed on its own.
void expect_same_view(const tessera::verified_token& token, const std::string& payload) {
  const auto parsed = tessera::parse_strict(payload, 64, {}, tessera::big_integers::keep).value();
  const claims_view expected(parsed.get_object());
  const claims_view view = token.claims();
  EXPECT_EQ(view.issuer(), expected.issuer());
  EXPECT_EQ(view.subject(), expected.subject());
  EXPECT_EQ(view.jwt_id(), expected.jwt_id());
  EXPECT_EQ(view.audience(), expected.audience());
  EXPECT_EQ(view.expires_at(), expected.expires_at());
  EXPECT_EQ(view.not_before(), expected.not_before());
  EXPECT_EQ(view.issued_at(), expected.issued_at());
  for (const auto* name : {"sub", "name", "scope", "admin", "nested", "missing", "big"}) {
    EXPECT_EQ(view.text(name), text_of(parsed.get_object(), name)) << name;
    EXPECT_EQ(view.text(name), expected.text(name)) << name;
  }
  // The object, built on demand, is the one the strict parser reads, member order included.
  EXPECT_EQ(json::serialize(view.members()), json::serialize(parsed));
  const auto* admin = view.get("admin");
  EXPECT_EQ(admin != nullptr, parsed.get_object().contains("admin"));
}

TEST(VerifiedView, EveryAccessorAgreesWithAViewOfTheParsedPayload) {
  const auto v = make_verifier();
  for (const auto& payload : payloads()) {
    SCOPED_TRACE(payload);
    const auto token = v.verify(hs256_token(payload));
    ASSERT_TRUE(tessera::test::succeeds(token));
    expect_same_view(*token, payload);
  }
}

TEST(VerifiedView, TypedAccessorsBeforeAndAfterTheObjectIsBuilt) {
  auto options = hs256_options();
  options.audience = {"y"};
  const auto v = make_verifier(options);
  const auto token =
      v.verify(hs256_token(R"({"sub":"s","aud":["x","y"],"exp":)" + at(60) + "}")).value();
  // Read from the index first, then from the same token once the object exists.
  const auto before = token.claims().audience();
  EXPECT_EQ(token.claims().members().size(), 3U);
  EXPECT_EQ(token.claims().audience(), before);
  EXPECT_EQ(token.claims().subject(), "s");
  EXPECT_EQ(before, (std::vector<std::string_view>{"x", "y"}));
}

TEST(VerifiedView, HeaderOfEitherForm) {
  const auto v = make_verifier();
  const std::string payload = R"({"sub":"s"})";
  for (const std::string header : {R"({"alg":"HS256","typ":"JWT","kid":"k-1"})",
                                   R"({"alg":"HS256","kid":"caf\u00e9","typ":"JWT"})"}) {
    const auto token = v.verify(signed_token(header, payload)).value();
    EXPECT_EQ(json::serialize(token.header()), json::serialize(json::parse(header)));
    EXPECT_EQ(token.alg(), tessera::algorithm::hs256);
  }
}

TEST(VerifiedView, CritHeadersAreCheckedOnTheCompleteHeader) {
  auto options = hs256_options();
  options.critical_extensions = {"exp-ext"};
  const auto v = make_verifier(options);
  const auto ok =
      v.verify(signed_token(R"({"alg":"HS256","crit":["exp-ext"],"exp-ext":1})", R"({"sub":"s"})"));
  ASSERT_TRUE(tessera::test::succeeds(ok));
  EXPECT_EQ(ok->header().at("exp-ext").as_int64(), 1);
  EXPECT_TRUE(tessera::test::fails_with(
      v.verify(signed_token(R"({"alg":"HS256","crit":["other"],"other":1})", R"({})")),
      tessera::errc::unsupported_critical_header));
}

}  // namespace
