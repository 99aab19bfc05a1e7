#include "config/origin.hpp"

#include <gtest/gtest.h>

namespace tessera::server {
namespace {

TEST(WebOrigin, ParsesAndSerialisesAsBrowsersDo) {
  auto o = parse_origin("HTTPS://Auth.Example.COM/base/path?x#y");
  ASSERT_TRUE(o) << o.error().message();
  EXPECT_EQ(o->scheme, "https");
  EXPECT_EQ(o->host, "auth.example.com");
  EXPECT_EQ(o->port, 443);
  EXPECT_EQ(o->serialized(), "https://auth.example.com");
  EXPECT_EQ(parse_origin("http://127.0.0.1:8000")->serialized(), "http://127.0.0.1:8000");
  EXPECT_EQ(parse_origin("http://example.com:80")->serialized(), "http://example.com");
  EXPECT_EQ(parse_origin("http://[::1]:9000/")->serialized(), "http://[::1]:9000");
}

TEST(WebOrigin, RefusesWhatIsNoOrigin) {
  for (const std::string_view bad :
       {"", "example.com", "ftp://example.com", "http://", "http://user@example.com",
        "http://example.com:", "http://example.com:x", "http://example.com:65536",
        "http://exa mple.com", "http://[::1", "http://[::1]x"}) {
    EXPECT_FALSE(parse_origin(bad)) << bad;
  }
}

TEST(WebOrigin, SecureContextsAreHttpsAndLoopback) {
  for (const std::string_view yes :
       {"https://example.com", "http://127.0.0.1:8000", "http://127.10.0.1", "http://[::1]:1",
        "http://localhost:8000", "http://app.localhost"}) {
    EXPECT_TRUE(is_potentially_trustworthy(*parse_origin(yes))) << yes;
  }
  for (const std::string_view no :
       {"http://example.com", "http://10.0.0.1", "http://127.0.0.1.example.com", "http://128.0.0.1",
        "http://localhost.example", "http://0.0.0.0:8000"}) {
    EXPECT_FALSE(is_potentially_trustworthy(*parse_origin(no))) << no;
  }
}

TEST(WebOrigin, TheFaceIsOnWhereBrowsersCanUseIt) {
  service_config c;  // public_url empty: http://127.0.0.1:8000
  EXPECT_EQ(web_face_enabled(c), true);
  c.public_url = "https://auth.example.com";
  EXPECT_EQ(web_face_enabled(c), true);
  c.public_url = "http://auth.example.com";
  EXPECT_EQ(web_face_enabled(c), false);
  c.dev = true;
  EXPECT_EQ(web_face_enabled(c), true);
  c.dev = false;
  c.web_enabled = true;
  const auto refused = web_face_enabled(c);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, errc::invalid_configuration);
  EXPECT_NE(refused.error().detail.find("secure context"), std::string::npos);
  c.public_url = "https://auth.example.com";
  c.web_enabled = false;
  EXPECT_EQ(web_face_enabled(c), false);
}

TEST(WebOrigin, TheConfigurationRefusesABadPublicUrl) {
  const auto bad = parse_config("public_url = \"auth.example.com\"\n", "test.toml", {});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().detail.find("public_url"), std::string::npos);
  const auto on = parse_config("[web]\nenabled = false\n", "test.toml", {});
  ASSERT_TRUE(on) << on.error().message();
  EXPECT_EQ(on->web_enabled, false);
}

}  // namespace
}  // namespace tessera::server
