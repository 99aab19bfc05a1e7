// The error model: stable names and numbers, categories, PyJWT-like conditions, value_or_throw.
#include <tessera/error.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <system_error>

#include <gtest/gtest.h>

#include <tessera/result.hpp>

#include "support/assertions.hpp"
#include "support/error_codes.hpp"

namespace {

using tessera::condition;
using tessera::errc;
using tessera::test::all_errc;

TEST(Errc, NamesAndNumbersAreStable) {
  std::set<std::string_view> names;
  std::set<int> numbers;
  for (const auto& row : all_errc) {
    SCOPED_TRACE(row.name);
    EXPECT_EQ(static_cast<int>(row.code), row.number);
    EXPECT_EQ(std::string_view(tessera::to_name(row.code)), row.name);
    names.insert(row.name);
    numbers.insert(row.number);
  }
  EXPECT_EQ(names.size(), all_errc.size());
  EXPECT_EQ(numbers.size(), all_errc.size());
}

bool in_core_range(int value) {
  return (value >= 100 && value < 400) || (value >= 400 && value <= 403) ||
         (value >= 500 && value < 600);
}

TEST(Errc, CoreRangesHoldOnlyListedCodes) {
  // Every named code in the ranges the HMAC core owns is in all_errc, so coverage tests that walk
  // all_errc walk all of them.
  std::size_t named = 0;
  for (int value = 0; value < 1000; ++value) {
    if (!in_core_range(value)) continue;
    const std::string_view name = tessera::to_name(static_cast<errc>(value));
    if (name == "unknown") continue;
    ++named;
    const bool listed = std::any_of(all_errc.begin(), all_errc.end(),
                                    [&](const auto& row) { return row.number == value; });
    EXPECT_TRUE(listed) << value << " (" << name
                        << ") is not in tests/support/error_codes.hpp: add it there, and give it a "
                           "producer in unit/jwt/error_coverage_test.cpp";
  }
  EXPECT_EQ(named, all_errc.size());
  for (const auto& row : all_errc) EXPECT_TRUE(in_core_range(row.number)) << row.name;
}

TEST(Errc, EveryNamedCodeHasAMessage) {
  // Including the codes of other components (asymmetric keys, key sets).
  std::size_t named = 0;
  for (int value = 0; value < 1000; ++value) {
    const std::string_view name = tessera::to_name(static_cast<errc>(value));
    if (name == "unknown") continue;
    ++named;
    SCOPED_TRACE(name);
    const std::string message = tessera::error_category().message(value);
    EXPECT_FALSE(message.empty());
    EXPECT_NE(message, "unknown tessera error");
  }
  EXPECT_GE(named, all_errc.size());
}

TEST(Errc, UnknownValues) {
  EXPECT_STREQ(tessera::to_name(static_cast<errc>(0)), "unknown");
  EXPECT_STREQ(tessera::to_name(static_cast<errc>(999)), "unknown");
  EXPECT_EQ(tessera::error_category().message(999), "unknown tessera error");
  EXPECT_EQ(tessera::condition_category().message(99), "unknown tessera condition");
}

TEST(Errc, CategoryNamesAndMessages) {
  EXPECT_STREQ(tessera::error_category().name(), "tessera");
  EXPECT_STREQ(tessera::condition_category().name(), "tessera.condition");
  std::set<std::string> messages;
  for (const auto& row : all_errc) {
    SCOPED_TRACE(row.name);
    const std::error_code ec = row.code;
    EXPECT_EQ(&ec.category(), &tessera::error_category());
    EXPECT_EQ(ec.value(), row.number);
    const std::string message = ec.message();
    EXPECT_FALSE(message.empty());
    EXPECT_NE(message, "unknown tessera error");
    messages.insert(message);
  }
  EXPECT_EQ(messages.size(), all_errc.size()) << "two codes share a message";
  for (const auto c :
       {condition::invalid_token, condition::decode_error, condition::missing_required_claim,
        condition::invalid_key, condition::configuration_error}) {
    const std::error_condition cond = c;
    EXPECT_EQ(&cond.category(), &tessera::condition_category());
    EXPECT_FALSE(cond.message().empty());
    EXPECT_NE(cond.message(), "unknown tessera condition");
  }
  EXPECT_EQ(tessera::error_category().message(static_cast<int>(errc::token_expired)),
            "token has expired");
}

TEST(Condition, ExamplesFromTheDesign) {
  EXPECT_EQ(std::error_code(errc::invalid_signature), condition::decode_error);
  EXPECT_EQ(std::error_code(errc::invalid_signature), condition::invalid_token);
  EXPECT_EQ(std::error_code(errc::token_expired), condition::invalid_token);
  EXPECT_NE(std::error_code(errc::token_expired), condition::decode_error);
  EXPECT_EQ(std::error_code(errc::missing_exp), condition::missing_required_claim);
  EXPECT_EQ(std::error_code(errc::missing_exp), condition::invalid_token);
  EXPECT_EQ(std::error_code(errc::key_too_short), condition::invalid_key);
  EXPECT_NE(std::error_code(errc::key_too_short), condition::invalid_token);
  EXPECT_EQ(std::error_code(errc::empty_algorithm_list), condition::configuration_error);
  EXPECT_NE(std::error_code(errc::empty_algorithm_list), condition::invalid_token);
}

TEST(Condition, EveryCoreCodeBelongsToTheGroupsOfItsNumber) {
  for (const auto& row : all_errc) {
    SCOPED_TRACE(row.name);
    const std::error_code ec = row.code;
    const int group = row.number / 100;
    EXPECT_EQ(ec == condition::invalid_token, group >= 1 && group <= 3);
    EXPECT_EQ(ec == condition::decode_error, group == 1 || row.code == errc::invalid_signature);
    EXPECT_EQ(ec == condition::missing_required_claim, row.number >= 306 && row.number <= 312);
    EXPECT_EQ(ec == condition::invalid_key, group == 4);
    EXPECT_EQ(ec == condition::configuration_error, group == 5);
  }
}

TEST(Condition, ForeignCodesMatchNoCondition) {
  const std::error_code foreign = std::make_error_code(std::errc::invalid_argument);
  EXPECT_NE(foreign, condition::invalid_token);
  EXPECT_NE(foreign, condition::decode_error);
  EXPECT_NE(foreign, condition::invalid_key);
  // A tessera-category value outside the enum is in no group either.
  const std::error_code stray(150, tessera::error_category());
  EXPECT_NE(stray, condition::invalid_token);
  EXPECT_NE(stray, condition::decode_error);
}

TEST(ValueOrThrow, ReturnsTheValue) {
  tessera::result<int> ok = 42;
  EXPECT_EQ(tessera::value_or_throw(std::move(ok)), 42);
  tessera::result<void> done{};
  EXPECT_NO_THROW(tessera::value_or_throw(std::move(done)));
}

TEST(ValueOrThrow, ThrowsTesseraErrorWithTheCode) {
  tessera::result<int> failed = std::unexpected(tessera::make_error_code(errc::token_expired));
  try {
    (void)tessera::value_or_throw(std::move(failed));
    FAIL() << "no exception";
  } catch (const tessera::error& e) {
    EXPECT_EQ(e.code(), errc::token_expired);
    EXPECT_EQ(e.code(), condition::invalid_token);
    EXPECT_NE(std::string(e.what()).find("token has expired"), std::string::npos) << e.what();
  }
  tessera::result<void> failed_void = std::unexpected(tessera::make_error_code(errc::empty_key));
  try {
    tessera::value_or_throw(std::move(failed_void));
    FAIL() << "no exception";
  } catch (const std::system_error& e) {  // tessera::error is a std::system_error
    EXPECT_EQ(e.code(), errc::empty_key);
  }
}

}  // namespace
