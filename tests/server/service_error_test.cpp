// The service's error model: every code has a name, a message and a condition, and a caller
// tells the families apart the same way everywhere.
#include <gtest/gtest.h>

#include <string>
#include <system_error>

#include "error.hpp"

namespace tessera::server {
namespace {

struct expected_code {
  errc code;
  const char* name;
  condition family;
};

constexpr expected_code every_code[] = {
    {errc::invalid_argument, "invalid_argument", condition::bad_input},
    {errc::invalid_configuration, "invalid_configuration", condition::bad_input},
    {errc::not_found, "not_found", condition::not_found},
    {errc::already_exists, "already_exists", condition::conflict},
    {errc::invalid_credentials, "invalid_credentials", condition::denied},
    {errc::invalid_grant, "invalid_grant", condition::denied},
    {errc::refresh_token_reused, "refresh_token_reused", condition::denied},
    {errc::scope_not_granted, "scope_not_granted", condition::denied},
    {errc::store_unavailable, "store_unavailable", condition::unavailable},
    {errc::key_unavailable, "key_unavailable", condition::unavailable},
    {errc::crypto_unavailable, "crypto_unavailable", condition::unavailable},
    {errc::file_error, "file_error", condition::unavailable},
};

TEST(ServiceErrors, EveryCodeHasANameAMessageAndOneCondition) {
  for (const auto& expected : every_code) {
    SCOPED_TRACE(expected.name);
    const std::error_code ec = expected.code;
    EXPECT_STREQ(to_name(expected.code), expected.name);
    EXPECT_EQ(std::string(ec.category().name()), "tessera.service");
    EXPECT_NE(ec.message(), "unknown service error");
    EXPECT_EQ(ec, expected.family);
    for (const auto other : {condition::bad_input, condition::not_found, condition::conflict,
                             condition::denied, condition::unavailable}) {
      if (other != expected.family) {
        EXPECT_NE(ec, other);
      }
    }
  }
}

TEST(ServiceErrors, AFailureSaysItsDetailOrElseItsCodesMessage) {
  const auto bare = fail(errc::not_found).error();
  EXPECT_EQ(bare.message(), "not found");
  EXPECT_STREQ(bare.name(), "not_found");
  const auto detailed = fail(errc::not_found, "no user 'ann'").error();
  EXPECT_EQ(detailed.message(), "no user 'ann'");
  EXPECT_EQ(detailed.code, condition::not_found);
}

TEST(ServiceErrors, ServiceCodesAreNotOtherCategoriesCodes) {
  const std::error_code ours = errc::not_found;
  EXPECT_NE(ours, std::errc::no_such_file_or_directory);
  const failure foreign{std::make_error_code(std::errc::io_error), ""};
  EXPECT_STREQ(foreign.name(), std::generic_category().name());
}

}  // namespace
}  // namespace tessera::server
