// write_python_json must match Python's json.dumps(v, separators=(",", ":")) byte for byte. The
// expected strings were produced by CPython 3.11's json.dumps.
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include <gtest/gtest.h>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <tessera/json.hpp>

#include "support/assertions.hpp"

namespace {

using tessera::errc;
using tessera::test::fails_with;
namespace json = boost::json;

tessera::result<std::string> dump(const json::value& v, tessera::python_json_options o = {}) {
  std::string out;
  if (auto ok = tessera::write_python_json(out, v, o); !ok) return std::unexpected(ok.error());
  return out;
}

std::string dump_ok(const json::value& v, tessera::python_json_options o = {}) {
  auto r = dump(v, o);
  if (!r) {
    ADD_FAILURE() << "write_python_json failed: " << tessera::test::describe(r.error());
    return {};
  }
  return *r;
}

TEST(PythonWriter, Scalars) {
  EXPECT_EQ(dump_ok(nullptr), "null");
  EXPECT_EQ(dump_ok(true), "true");
  EXPECT_EQ(dump_ok(false), "false");
  EXPECT_EQ(dump_ok(0), "0");
  EXPECT_EQ(dump_ok(-42), "-42");
  EXPECT_EQ(dump_ok(std::numeric_limits<std::int64_t>::min()), "-9223372036854775808");
  EXPECT_EQ(dump_ok(std::numeric_limits<std::int64_t>::max()), "9223372036854775807");
  EXPECT_EQ(dump_ok(std::numeric_limits<std::uint64_t>::max()), "18446744073709551615");
  EXPECT_EQ(dump_ok(""), R"("")");
}

TEST(PythonWriter, StringEscapes) {
  EXPECT_EQ(dump_ok("q\"b\\n\nt\tc\x01"
                    "d\x7f"
                    "e\x1f\b\f\r/"),
            R"("q\"b\\n\nt\tc\u0001d\u007fe\u001f\b\f\r/")");
  EXPECT_EQ(dump_ok("\xc3\xa9"), R"("\u00e9")");
  EXPECT_EQ(dump_ok("\xf0\x9f\x98\x80"), R"("\ud83d\ude00")");
  EXPECT_EQ(dump_ok("\xe6\x97\xa5\xe6\x9c\xac"), R"("\u65e5\u672c")");
  EXPECT_EQ(dump_ok("\xe2\x80\xa8"), R"("\u2028")");
  EXPECT_EQ(dump_ok("\xef\xbf\xbf"), R"("\uffff")");
  EXPECT_EQ(dump_ok("\xf4\x8f\xbf\xbf"), R"("\udbff\udfff")");  // U+10FFFF
  EXPECT_EQ(dump_ok(json::string(std::string_view("a\0b", 3))), R"("a\u0000b")");
  EXPECT_EQ(dump_ok("plain ASCII ~ text"), R"("plain ASCII ~ text")");
}

TEST(PythonWriter, Floats) {
  EXPECT_EQ(dump_ok(1.0), "1.0");
  EXPECT_EQ(dump_ok(0.1), "0.1");
  EXPECT_EQ(dump_ok(1e16), "1e+16");
  EXPECT_EQ(dump_ok(1e15), "1000000000000000.0");
  EXPECT_EQ(dump_ok(1e-5), "1e-05");
  EXPECT_EQ(dump_ok(0.0001), "0.0001");
  EXPECT_EQ(dump_ok(-0.0), "-0.0");
  EXPECT_EQ(dump_ok(0.0), "0.0");
  EXPECT_EQ(dump_ok(1.5e300), "1.5e+300");
  EXPECT_EQ(dump_ok(123.456), "123.456");
  EXPECT_EQ(dump_ok(1e22), "1e+22");
  EXPECT_EQ(dump_ok(5e-324), "5e-324");
  EXPECT_EQ(dump_ok(std::numeric_limits<double>::max()), "1.7976931348623157e+308");
  EXPECT_EQ(dump_ok(2.5), "2.5");
  EXPECT_EQ(dump_ok(-1.5e-7), "-1.5e-07");
  EXPECT_EQ(dump_ok(1234567890123456.7), "1234567890123456.8");
  EXPECT_EQ(dump_ok(12345678901234567.0), "1.2345678901234568e+16");
  EXPECT_EQ(dump_ok(0.00012345), "0.00012345");
  EXPECT_EQ(dump_ok(1.0 / 3.0), "0.3333333333333333");
  EXPECT_EQ(dump_ok(9999999999999998.0), "9999999999999998.0");
  EXPECT_EQ(dump_ok(1e-300), "1e-300");
  EXPECT_EQ(dump_ok(100.0), "100.0");
  EXPECT_EQ(dump_ok(1e100), "1e+100");
}

TEST(PythonWriter, NonFiniteNumbersAreRefused) {
  EXPECT_TRUE(
      fails_with(dump(std::numeric_limits<double>::quiet_NaN()), errc::invalid_claim_value));
  EXPECT_TRUE(fails_with(dump(std::numeric_limits<double>::infinity()), errc::invalid_claim_value));
  EXPECT_TRUE(
      fails_with(dump(-std::numeric_limits<double>::infinity()), errc::invalid_claim_value));
  EXPECT_TRUE(fails_with(dump(json::array{1, std::nan("")}), errc::invalid_claim_value));
  EXPECT_TRUE(fails_with(dump(json::object{{"exp", HUGE_VAL}}), errc::invalid_claim_value));
}

TEST(PythonWriter, InvalidUtf8IsRefused) {
  for (const char* bad : {"\xff", "\xc0\xaf", "\xed\xa0\x80", "\xc3", "a\x80", "\xf4\x90\x80\x80",
                          "\xe0\x80\x80", "\xf8\x88\x80\x80\x80"}) {
    SCOPED_TRACE(::testing::PrintToString(std::string(bad)));
    EXPECT_TRUE(fails_with(dump(bad), errc::invalid_claim_value));
    EXPECT_TRUE(fails_with(dump(json::object{{bad, 1}}), errc::invalid_claim_value));
    EXPECT_TRUE(fails_with(dump(json::array{"ok", bad}), errc::invalid_claim_value));
  }
}

TEST(PythonWriter, NestedContainersKeepInsertionOrder) {
  const json::value v = {{"b", 1},
                         {"a", json::array{1, 2, json::object{{"z", nullptr}, {"y", true}}}},
                         {"c", json::object{}}};
  EXPECT_EQ(dump_ok(v), R"({"b":1,"a":[1,2,{"z":null,"y":true}],"c":{}})");
  EXPECT_EQ(dump_ok(json::array{}), "[]");
  EXPECT_EQ(dump_ok(json::object{}), "{}");
  // Not json::array{json::array{}}: clang reads that as a copy, g++ as a one-element list.
  json::array nested;
  nested.emplace_back(json::array{});
  EXPECT_EQ(dump_ok(nested), "[[]]");
}

TEST(PythonWriter, SortKeys) {
  const json::value v = {{"b", 1},
                         {"a", json::array{1, 2, json::object{{"z", nullptr}, {"y", true}}}},
                         {"c", json::object{}}};
  EXPECT_EQ(dump_ok(v, {.sort_keys = true}), R"({"a":[1,2,{"y":true,"z":null}],"b":1,"c":{}})");
  // By code point, as Python sorts str: "Z" < "a" < "z" < U+00E9 < U+65E5 < U+1F600.
  const json::value u = {{"\xc3\xa9", 1},     {"z", 2}, {"a", 3}, {"\xf0\x9f\x98\x80", 4},
                         {"\xe6\x97\xa5", 5}, {"Z", 6}};
  EXPECT_EQ(dump_ok(u, {.sort_keys = true}),
            R"({"Z":6,"a":3,"z":2,"\u00e9":1,"\u65e5":5,"\ud83d\ude00":4})");
}

TEST(PythonWriter, AppendsToExistingOutput) {
  std::string out = "prefix:";
  ASSERT_TRUE(tessera::test::succeeds(tessera::write_python_json(out, json::value(1.0))));
  EXPECT_EQ(out, "prefix:1.0");
}

}  // namespace
