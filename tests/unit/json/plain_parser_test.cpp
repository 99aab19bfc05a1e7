// parse_plain, the fast path of parse_strict: whatever it accepts, the complete strict parser must
// accept and read as the same value (same kinds, same member order); whatever the complete parser
// refuses, it must decline.
#include <array>
#include <cstdint>
#include <new>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <boost/json/memory_resource.hpp>
#include <boost/json/value.hpp>

#include <tessera/json.hpp>

#include "json/plain_parser.hpp"
#include "json/strict_parser.hpp"
#include "support/assertions.hpp"
#include "support/index_agreement.hpp"

namespace {

namespace json = boost::json;
using tessera::detail::parse_plain;
using tessera::detail::parse_strict_complete;

// Equality that also tells int64 from uint64 and a member order from another.
bool identical(const json::value& a, const json::value& b) {
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case json::kind::object: {
      const auto& x = a.get_object();
      const auto& y = b.get_object();
      if (x.size() != y.size()) return false;
      for (auto i = x.begin(), j = y.begin(); i != x.end(); ++i, ++j) {
        if (i->key() != j->key() || !identical(i->value(), j->value())) return false;
      }
      return true;
    }
    case json::kind::array: {
      const auto& x = a.get_array();
      const auto& y = b.get_array();
      if (x.size() != y.size()) return false;
      for (std::size_t i = 0; i < x.size(); ++i) {
        if (!identical(x[i], y[i])) return false;
      }
      return true;
    }
    default:
      return a == b;
  }
}

// Checks the contract on one text; returns whether the fast path took it.
bool agrees(const std::string& text, std::size_t max_depth = 32) {
  const auto plain = parse_plain(text, max_depth, {});
  if (!plain) return false;
  const auto complete = parse_strict_complete(text, max_depth, {});
  EXPECT_TRUE(tessera::test::succeeds(complete)) << "fast path accepted: " << text;
  if (complete) {
    EXPECT_TRUE(identical(*plain, *complete)) << text;
  }
  return true;
}

TEST(PlainParser, TakesTypicalTokenJson) {
  for (const char* text : {
           R"({"alg":"HS256","typ":"JWT"})",
           R"({"alg":"ES256","kid":"key-1","typ":"JWT"})",
           R"({"sub":"1234567890","name":"Satoshi Nakamoto","admin":true,"iat":1516239022,)"
           R"("exp":1516242622,"iss":"https://auth.example.com"})",
           R"({"aud":["a","b"],"nbf":-5,"jti":"x","scope":null,"realm":{"roles":["r1",[]]}})",
           R"( { "spaced" : [ 1 , 2 ] , "x" : { } } )",
           "{}",
           "[]",
           "0",
           "-1",
           "123456789012345678",
           "-123456789012345678",
           R"("")",
           "true",
           "false",
           "null",
       }) {
    SCOPED_TRACE(text);
    EXPECT_TRUE(agrees(text));
  }
}

TEST(PlainIndex, ReadsTheRegisteredMembersAsTheObjectDoes) {
  for (const char* text : {
           R"({"sub":"1234567890","iat":1516239022,"exp":1516242622,"iss":"https://a"})",
           R"({"aud":["a","b"],"nbf":-5,"jti":"x","scope":null,"realm":{"roles":["r1",[]]}})",
           R"({"aud":["a",1,"b"],"exp":"soon","iat":true,"sub":null,"iss":{"x":1},"jti":[]})",
           R"({"aud":"","exp":9007199254740991,"nbf":9007199254740992,"iat":-9007199254740992})",
           R"({"aud":[],"alg":"HS256","typ":"JWT","kid":"k","cty":"JWT","x":{"alg":1}})",
           R"({"alg":1,"typ":["JWT"],"kid":null,"cty":{},"crit":["b64"],"b64":false})",
           R"({"b64":true,"iss2":"x","is":"y","audience":"z"})",
           "{}",
       }) {
    SCOPED_TRACE(text);
    std::array<tessera::detail::plain_value, tessera::detail::max_plain_values> scratch{};
    const auto indexed = tessera::detail::index_plain(text, 32, scratch);
    ASSERT_TRUE(indexed.has_value());
    const auto parsed = parse_strict_complete(text, 32, {});
    ASSERT_TRUE(tessera::test::succeeds(parsed));
    EXPECT_EQ(tessera::test::index_disagreement(indexed->front(), parsed->get_object()), "");
  }
}

TEST(PlainParser, DeclinesWhatItDoesNotRead) {
  for (const char* text : {
           "",
           " ",
           "-0",
           "01",
           "1.0",
           "1e5",
           "1E5",
           "1234567890123456789",
           "-1234567890123456789",
           "18446744073709551615",
           R"("a\nb")",
           R"("\u00e9")",
           "\"caf\xc3\xa9\"",
           "\"\x7f\"",
           "\"a\tb\"",
           R"({"a":1,"a":2})",
           R"({"a":{"b":1,"b":1}})",
           R"([{"a":1,"a":2}])",
           "[1,]",
           R"({"a":1,})",
           "{,}",
           "[,1]",
           R"({"a" 1})",
           R"({"a":})",
           "{'a':1}",
           "truex",
           "[true false]",
           "nul",
           "tru",
           "+1",
           "-",
           "{} x",
           "{}{}",
           "1 2",
           "// c\n{}",
           "\xef\xbb\xbf{}",
           "[",
           "{",
           "\"",
       }) {
    SCOPED_TRACE(text);
    EXPECT_FALSE(parse_plain(text, 32, {}).has_value());
  }
}

TEST(PlainParser, FindsEveryByteThatEndsAPlainStringInEveryPosition) {
  // Each byte of a string is judged wherever it sits, near the start, middle or end.
  for (int byte = 0; byte < 256; ++byte) {
    const char c = static_cast<char>(byte);
    const bool plain = byte >= 0x20 && byte < 0x7f && c != '"' && c != '\\';
    for (std::size_t at = 0; at < 20; ++at) {
      std::string text = "{\"k\":\"" + std::string(20, 'a') + "\"}";
      text[6 + at] = c;
      SCOPED_TRACE(testing::Message() << "byte " << byte << " at " << at);
      EXPECT_EQ(agrees(text), plain);
      const auto value = parse_plain(text, 32, {});
      if (value) {
        EXPECT_EQ(value->at("k").get_string().size(), 20u);
      }
    }
  }
}

TEST(PlainParser, DepthFollowsTheLimit) {
  const auto arrays = [](std::size_t n) { return std::string(n, '[') + std::string(n, ']'); };
  EXPECT_TRUE(agrees(arrays(2), 2));
  EXPECT_FALSE(parse_plain(arrays(3), 2, {}).has_value());
  EXPECT_FALSE(parse_plain("[]", 0, {}).has_value());
  EXPECT_TRUE(agrees("1", 0));
  // Deep documents are left to the complete parser whatever the limit.
  EXPECT_FALSE(parse_plain(arrays(20), 32, {}).has_value());
  EXPECT_TRUE(agrees(arrays(16), 32));
}

TEST(PlainParser, LargeDocumentsAreLeftToTheCompleteParser) {
  std::string many = "[";
  for (int i = 0; i < 200; ++i) many += (i ? ",1" : "1");
  many += "]";
  EXPECT_FALSE(parse_plain(many, 32, {}).has_value());
  EXPECT_TRUE(tessera::test::succeeds(tessera::parse_strict(many)));
}

// Counts what is asked of it, and hands out the default resource's memory.
class counting_resource final : public json::memory_resource {
 public:
  std::size_t allocations = 0;

 private:
  void* do_allocate(std::size_t n, std::size_t align) override {
    ++allocations;
    return ::operator new(n, std::align_val_t(align));
  }
  void do_deallocate(void* p, std::size_t, std::size_t align) override {
    ::operator delete(p, std::align_val_t(align));
  }
  bool do_is_equal(const memory_resource& other) const noexcept override { return this == &other; }
};

TEST(PlainParser, DecliningAllocatesNothing) {
  counting_resource resource;
  const json::storage_ptr sp(&resource);
  EXPECT_FALSE(parse_plain(R"({"name":"a long enough string","n":1.5})", 32, sp).has_value());
  EXPECT_FALSE(parse_plain(R"({"name":"a long enough string","e":"\n"})", 32, sp).has_value());
  EXPECT_EQ(resource.allocations, 0u);

  const auto v = parse_plain(R"({"name":"a long enough string","n":[1,2]})", 32, sp);
  ASSERT_TRUE(v.has_value());
  EXPECT_GT(resource.allocations, 0u);
  EXPECT_EQ(v->storage().get(), sp.get());
  EXPECT_EQ(v->at("n").as_array().storage().get(), sp.get());
}

TEST(PlainParser, AgreesOnEveryShortTextOverTheGrammarsBytes) {
  // Every text of up to 5 bytes from the bytes that matter to the grammar.
  const std::string alphabet = "{}[]\":,-01e. tn";
  std::size_t taken = 0;
  std::string text;
  const auto walk = [&](auto&& self, std::size_t length) -> void {
    if (agrees(text, 3)) ++taken;
    if (length == 5) return;
    for (const char c : alphabet) {
      text.push_back(c);
      self(self, length + 1);
      text.pop_back();
    }
  };
  walk(walk, 0);
  EXPECT_GT(taken, 100u);  // the check above is not vacuous
}

TEST(PlainParser, AgreesOnMutatedTokens) {
  const std::vector<std::string> seeds = {
      R"({"sub":"1234567890","name":"Satoshi Nakamoto","admin":true,"iat":1516239022})",
      R"({"aud":["a","b"],"nbf":-5,"x":null,"o":{"p":[1,{"q":false}]}})",
      R"({"alg":"HS256","typ":"JWT","kid":"k"})",
  };
  const std::string inserts = "{}[]\":,-0123456789.eE tfnrul\\\x01\x7f\xc3\xa9";
  std::mt19937 random(20240229);
  std::size_t taken = 0;
  for (int round = 0; round < 200000; ++round) {
    std::string text = seeds[random() % seeds.size()];
    const int edits = 1 + static_cast<int>(random() % 3);
    for (int e = 0; e < edits && !text.empty(); ++e) {
      const std::size_t at = random() % text.size();
      switch (random() % 3) {
        case 0:
          text.erase(at, 1);
          break;
        case 1:
          text.insert(text.begin() + static_cast<std::ptrdiff_t>(at),
                      inserts[random() % inserts.size()]);
          break;
        default:
          text[at] = inserts[random() % inserts.size()];
      }
    }
    if (agrees(text, 1 + random() % 4)) ++taken;
  }
  EXPECT_GT(taken, 1000u);
}

}  // namespace
