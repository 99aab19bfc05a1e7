// parse_strict: what boost::json::parse lets through and a token parser must not.
#include <cstdint>
#include <limits>
#include <string>

#include <gtest/gtest.h>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <tessera/json.hpp>

#include "support/assertions.hpp"

namespace {

using tessera::errc;
using tessera::parse_strict;
using tessera::test::fails_with;
using tessera::test::succeeds;

std::string nested_arrays(std::size_t depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

std::string nested_objects(std::size_t depth) {
  std::string text;
  for (std::size_t i = 0; i < depth; ++i) text += "{\"a\":";
  text += "1";
  text += std::string(depth, '}');
  return text;
}

TEST(StrictParser, DuplicateMembersAtTopLevel) {
  EXPECT_TRUE(fails_with(parse_strict(R"({"a":1,"a":2})"), errc::duplicate_member));
  EXPECT_TRUE(fails_with(parse_strict(R"({"alg":"HS256","alg":"none"})"), errc::duplicate_member));
  EXPECT_TRUE(fails_with(parse_strict(R"({"a":1,"b":2,"a":1})"), errc::duplicate_member));
  EXPECT_TRUE(fails_with(parse_strict(R"({"a":{},"a":[]})"), errc::duplicate_member));
  EXPECT_TRUE(fails_with(parse_strict(R"({"a":"x","a":"y"})"), errc::duplicate_member));
  EXPECT_TRUE(fails_with(parse_strict(R"({"":1,"":2})"), errc::duplicate_member));
  // boost::json::parse, by contrast, keeps the last member.
  EXPECT_EQ(boost::json::parse(R"({"alg":"HS256","alg":"none"})").at("alg"), "none");
}

TEST(StrictParser, DuplicateMembersNested) {
  EXPECT_TRUE(fails_with(parse_strict(R"({"x":{"a":1,"a":2}})"), errc::duplicate_member));
  EXPECT_TRUE(fails_with(parse_strict(R"([{"a":1,"a":2}])"), errc::duplicate_member));
  EXPECT_TRUE(
      fails_with(parse_strict(R"({"x":[1,{"y":{"b":true,"b":false}}]})"), errc::duplicate_member));
}

TEST(StrictParser, DuplicatesAreFoundAfterUnescaping) {
  // "\u0061" is "a": the same member spelt twice differently.
  EXPECT_TRUE(fails_with(parse_strict(R"({"a":1,"\u0061":2})"), errc::duplicate_member));
  EXPECT_TRUE(
      fails_with(parse_strict(R"({"alg":"HS256","al\u0067":"none"})"), errc::duplicate_member));
}

TEST(StrictParser, SameNameInDifferentObjectsIsFine) {
  const auto v = parse_strict(R"({"a":{"a":1},"b":{"a":2}})");
  ASSERT_TRUE(succeeds(v));
  EXPECT_EQ(v->at("a").at("a"), 1);
  EXPECT_EQ(v->at("b").at("a"), 2);
}

TEST(StrictParser, NonFiniteNumbers) {
  EXPECT_TRUE(fails_with(parse_strict("1e400"), errc::invalid_number));
  EXPECT_TRUE(fails_with(parse_strict("-1e400"), errc::invalid_number));
  EXPECT_TRUE(fails_with(parse_strict(R"({"exp":1e400})"), errc::invalid_number));
  EXPECT_TRUE(fails_with(parse_strict("[1.5e309]"), errc::invalid_number));
  EXPECT_TRUE(fails_with(parse_strict("1e99999999999999999999"), errc::invalid_number));
}

TEST(StrictParser, IntegersBeyond64BitsAreRefusedByDefault) {
  EXPECT_TRUE(fails_with(parse_strict("99999999999999999999"), errc::invalid_number));
  EXPECT_TRUE(fails_with(parse_strict("18446744073709551616"), errc::invalid_number));
  EXPECT_TRUE(fails_with(parse_strict("-9223372036854775809"), errc::invalid_number));
  EXPECT_TRUE(fails_with(parse_strict(R"({"exp":99999999999999999999})"), errc::invalid_number));
}

tessera::result<tessera::json::value> keeping(std::string_view text) {
  return parse_strict(text, 64, {}, tessera::big_integers::keep);
}

TEST(StrictParser, IntegersBeyond64BitsAreKeptDigitForDigitWhenAsked) {
  const auto v = keeping(
      R"({"a":18446744073709551616,"b":-9223372036854775809,"c":[123456789012345678901234567890]})");
  ASSERT_TRUE(succeeds(v));
  EXPECT_EQ(tessera::big_integer_digits(v->at("a")), "18446744073709551616");
  EXPECT_EQ(tessera::big_integer_digits(v->at("b")), "-9223372036854775809");
  EXPECT_EQ(tessera::big_integer_digits(v->at("c").at(0)), "123456789012345678901234567890");
  // The edges of 64 bits are still ordinary integers.
  const auto edges = keeping(R"([18446744073709551615,-9223372036854775808])");
  ASSERT_TRUE(succeeds(edges));
  EXPECT_TRUE(edges->at(0).is_uint64());
  EXPECT_TRUE(edges->at(1).is_int64());
  // Written back as the numbers they were, as Python's json.dumps writes its ints.
  std::string out;
  ASSERT_TRUE(succeeds(tessera::write_python_json(out, *v)));
  EXPECT_EQ(
      out,
      R"({"a":18446744073709551616,"b":-9223372036854775809,"c":[123456789012345678901234567890]})");
  // Non-finite numbers stay refused, and a fraction or an exponent is a float, as in Python.
  EXPECT_TRUE(fails_with(keeping("1e400"), errc::invalid_number));
  const auto exponent = keeping("100000000000000000000e0");
  ASSERT_TRUE(succeeds(exponent));
  EXPECT_TRUE(exponent->is_double());
}

TEST(StrictParser, NoParsedStringPassesForABigInteger) {
  // The marker byte is not UTF-8, so the parser refuses it in a string...
  EXPECT_TRUE(fails_with(keeping("\"\xff"
                                 "123\""),
                         errc::invalid_json));
  // ...and the escape for U+00FF is two bytes of UTF-8, not the marker.
  const auto escaped = keeping(R"("\u00ff123")");
  ASSERT_TRUE(succeeds(escaped));
  EXPECT_FALSE(tessera::big_integer_digits(*escaped));
  // A string that starts with the marker but holds no integer is no big integer either.
  EXPECT_FALSE(tessera::big_integer_digits(tessera::json::value(tessera::json::string("\xff"))));
  EXPECT_FALSE(
      tessera::big_integer_digits(tessera::json::value(tessera::json::string("\xff"
                                                                             "12a"))));
  EXPECT_FALSE(
      tessera::big_integer_digits(tessera::json::value(tessera::json::string("\xff"
                                                                             "012"))));
}

TEST(StrictParser, MakeBigIntegerChecksItsDigits) {
  const auto made = tessera::make_big_integer("-340282366920938463463374607431768211456");
  ASSERT_TRUE(succeeds(made));
  EXPECT_EQ(tessera::big_integer_digits(*made), "-340282366920938463463374607431768211456");
  for (const char* bad : {"", "-", "01", "1.5", "1e30", "+1", " 1", "12a"}) {
    SCOPED_TRACE(bad);
    EXPECT_TRUE(fails_with(tessera::make_big_integer(bad), errc::invalid_number));
  }
}

TEST(StrictParser, IntegersAtThe64BitLimits) {
  const auto u = parse_strict("18446744073709551615");
  ASSERT_TRUE(succeeds(u));
  ASSERT_TRUE(u->is_uint64());
  EXPECT_EQ(u->get_uint64(), std::numeric_limits<std::uint64_t>::max());

  const auto i = parse_strict("9223372036854775807");
  ASSERT_TRUE(succeeds(i));
  ASSERT_TRUE(i->is_int64());
  EXPECT_EQ(i->get_int64(), std::numeric_limits<std::int64_t>::max());

  const auto n = parse_strict("-9223372036854775808");
  ASSERT_TRUE(succeeds(n));
  ASSERT_TRUE(n->is_int64());
  EXPECT_EQ(n->get_int64(), std::numeric_limits<std::int64_t>::min());
}

TEST(StrictParser, FiniteDoubles) {
  for (const auto& [text, expected] :
       {std::pair{"1.5", 1.5},
        {"1e2", 100.0},
        {"1E2", 100.0},
        {"-0.0", -0.0},
        {"1e308", 1e308},
        {"1.7976931348623157e308", std::numeric_limits<double>::max()},
        {"5e-324", 5e-324},
        {"1e-400", 0.0},
        {"20000000000000000000.0", 2e19}}) {
    SCOPED_TRACE(text);
    const auto v = parse_strict(text);
    ASSERT_TRUE(succeeds(v));
    ASSERT_TRUE(v->is_double());
    EXPECT_EQ(v->get_double(), expected);
  }
}

// Found by fuzz_json: Boost.JSON 1.81 reads this one unit in the last place off; Python's float()
// gives 1.8446000005840594e+28, and writing and reading it again must not move it.
TEST(StrictParser, DoublesAreTheNearestOnes) {
  const auto v = parse_strict("18446000005840594318966778981.6");
  ASSERT_TRUE(succeeds(v));
  EXPECT_EQ(v->get_double(), 1.8446000005840594e+28);
  std::string written;
  ASSERT_TRUE(tessera::write_python_json(written, *v).has_value());
  EXPECT_EQ(written, "1.8446000005840594e+28");
}

TEST(StrictParser, DepthLimit) {
  // The default is 64: ordinary documents nest deeper than 32.
  EXPECT_TRUE(succeeds(parse_strict(nested_arrays(64))));
  EXPECT_TRUE(fails_with(parse_strict(nested_arrays(65)), errc::json_too_deep));
  EXPECT_TRUE(succeeds(parse_strict(nested_objects(64))));
  EXPECT_TRUE(fails_with(parse_strict(nested_objects(65)), errc::json_too_deep));
  EXPECT_TRUE(fails_with(parse_strict(nested_arrays(10000)), errc::json_too_deep));

  EXPECT_TRUE(succeeds(parse_strict(nested_arrays(2), 2)));
  EXPECT_TRUE(fails_with(parse_strict(nested_arrays(3), 2), errc::json_too_deep));
  EXPECT_TRUE(succeeds(parse_strict("1", 0)));
}

TEST(StrictParser, DeepNestingAboveTheInlineStackBuildsTheRightValue) {
  // Past 32 levels the parser keeps its container stack on the heap; the value must be the same.
  boost::json::parse_options deep;
  deep.max_depth = 64;
  const std::string text = nested_objects(40);
  const auto v = parse_strict(text, 64);
  ASSERT_TRUE(succeeds(v));
  EXPECT_EQ(*v, boost::json::parse(text, {}, deep));
  const std::string arrays = "[1,[2,[3," + nested_arrays(40) + ",4],5],6]";
  const auto a = parse_strict(arrays, 64);
  ASSERT_TRUE(succeeds(a));
  EXPECT_EQ(*a, boost::json::parse(arrays, {}, deep));
  EXPECT_TRUE(fails_with(parse_strict(nested_objects(65), 64), errc::json_too_deep));
}

TEST(StrictParser, TrailingContent) {
  EXPECT_TRUE(fails_with(parse_strict("{} x"), errc::invalid_json));
  EXPECT_TRUE(fails_with(parse_strict("{}{}"), errc::invalid_json));
  EXPECT_TRUE(fails_with(parse_strict("1 2"), errc::invalid_json));
  EXPECT_TRUE(fails_with(parse_strict(R"({"a":1},)"), errc::invalid_json));
  EXPECT_TRUE(fails_with(parse_strict(std::string_view("{}\0", 3)), errc::invalid_json));
  EXPECT_TRUE(succeeds(parse_strict("  {}\r\n\t ")));
}

TEST(StrictParser, InvalidUtf8) {
  EXPECT_TRUE(fails_with(parse_strict("\"\xff\""), errc::invalid_json));
  EXPECT_TRUE(fails_with(parse_strict("\"\xc0\xaf\""), errc::invalid_json));      // overlong
  EXPECT_TRUE(fails_with(parse_strict("\"\xed\xa0\x80\""), errc::invalid_json));  // surrogate
  EXPECT_TRUE(fails_with(parse_strict("\"\xc3\""), errc::invalid_json));          // truncated
  EXPECT_TRUE(fails_with(parse_strict("{\"\xfe\":1}"), errc::invalid_json));      // in a key
  const auto ok = parse_strict("\"caf\xc3\xa9 \xf0\x9f\x98\x80\"");
  ASSERT_TRUE(succeeds(ok));
  EXPECT_EQ(ok->get_string(), "caf\xc3\xa9 \xf0\x9f\x98\x80");
}

TEST(StrictParser, Comments) {
  EXPECT_TRUE(fails_with(parse_strict("// c\n{}"), errc::invalid_json));
  EXPECT_TRUE(fails_with(parse_strict("{/* c */}"), errc::invalid_json));
  EXPECT_TRUE(fails_with(parse_strict("{\"a\":1 // c\n}"), errc::invalid_json));
}

TEST(StrictParser, OtherMalformedInput) {
  for (const char* text :
       {"",    " ",        "{",         "}",        "[1,]",  R"({"a":1,})", "{'a':1}",
        "NaN", "Infinity", "-Infinity", "01",       "1.",    ".5",          "+1",
        "tru", "nul",      "\"\\x41\"", "\"a\nb\"", "{a:1}", R"({"a" 1})",  "[1 2]"}) {
    SCOPED_TRACE(text);
    EXPECT_TRUE(fails_with(parse_strict(text), errc::invalid_json));
  }
}

TEST(StrictParser, LoneSurrogateEscapeIsRejected) {
  EXPECT_TRUE(fails_with(parse_strict(R"("\ud800")"), errc::invalid_json));
  EXPECT_TRUE(fails_with(parse_strict(R"("\ude00x")"), errc::invalid_json));
}

TEST(StrictParser, EmptyKeyIsAllowed) {
  const auto v = parse_strict(R"({"":1})");
  ASSERT_TRUE(succeeds(v));
  EXPECT_EQ(v->at(""), 1);
}

TEST(StrictParser, EscapesDecode) {
  const auto v = parse_strict(R"({"k\u00e9y":"a\"b\\c\/d\n\t\u0001\ud83d\ude00"})");
  ASSERT_TRUE(succeeds(v));
  EXPECT_EQ(v->at("k\xc3\xa9y"), "a\"b\\c/d\n\t\x01\xf0\x9f\x98\x80");
}

TEST(StrictParser, NormalValuesMatchBoostJson) {
  for (const char* text : {
           "null",
           "true",
           "false",
           "0",
           "-1",
           "3.25",
           R"("")",
           R"("text")",
           "[]",
           "{}",
           R"({"iss":"joe","exp":1300819380,"http://example.com/is_root":true})",
           R"([1,"two",3.5,null,true,false,{"a":[{},[]]},[[[]]]])",
           R"({"user_id":123,"username":"JohnDoe","admin":true})",
           R"( { "spaced" : [ 1 , 2 ] , "x" : { } } )",
       }) {
    SCOPED_TRACE(text);
    const auto v = parse_strict(text);
    ASSERT_TRUE(succeeds(v));
    EXPECT_EQ(*v, boost::json::parse(text));
  }
}

TEST(StrictParser, LongStringsAndKeysWithEscapes) {
  // Long strings with escapes reach the handler in parts; they must be joined correctly.
  std::string long_value;
  std::string expected_value;
  for (int i = 0; i < 5000; ++i) {
    long_value += "ab\\n\\u00e9";
    expected_value += "ab\n\xc3\xa9";
  }
  std::string long_key(10000, 'k');
  long_key += "\\t";
  const std::string text =
      "{\"" + long_key + "\":\"" + long_value + "\",\"b\":[\"" + long_value + "\"]}";
  const auto v = parse_strict(text);
  ASSERT_TRUE(succeeds(v));
  EXPECT_EQ(*v, boost::json::parse(text));
  EXPECT_EQ(v->at(std::string(10000, 'k') + "\t").get_string(), expected_value);
  EXPECT_EQ(v->at("b").at(0).get_string(), expected_value);

  // And a duplicate of a long, escaped key is still found.
  const std::string dup = "{\"" + long_key + "\":1,\"" + long_key + "\":2}";
  EXPECT_TRUE(fails_with(parse_strict(dup), errc::duplicate_member));
}

TEST(StrictParser, UsesTheGivenStorage) {
  boost::json::monotonic_resource arena;
  const boost::json::storage_ptr sp(&arena);
  const auto v = parse_strict(R"({"a":[1,2,"three"]})", 32, sp);
  ASSERT_TRUE(succeeds(v));
  EXPECT_EQ(v->storage().get(), sp.get());
  EXPECT_EQ(v->at("a").as_array().storage().get(), sp.get());
}

}  // namespace
