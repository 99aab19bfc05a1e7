// take_request (server/http/request_intake.hpp): each header the handlers read lands in its
// field, as a view into the parsed message, whatever the case of its name.
#include "http/request_intake.hpp"

#include <optional>
#include <string>
#include <string_view>

#include <gtest/gtest.h>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

namespace tessera::server {
namespace {

namespace http = boost::beast::http;

struct taken {
  request req;
  std::string client;
  std::optional<response> refusal;
};

taken take(const http::request<http::string_body>& msg) {
  taken out;
  out.refusal = take_request(msg, "127.0.0.1", service_config{}, out.req, out.client);
  return out;
}

http::request<http::string_body> get(std::string_view target) {
  http::request<http::string_body> msg{http::verb::get, target, 11};
  msg.set(http::field::host, "127.0.0.1:8000");
  return msg;
}

TEST(RequestIntake, BrowserHeadersLandInTheirFields) {
  auto msg = get("/web/account?x=1");
  msg.insert("cookie", "__Host-tessera-refresh=abc");
  msg.insert("Sec-Fetch-Site", "same-origin");
  msg.insert("USER-AGENT", "Mozilla/5.0 (X11; Linux x86_64)");
  msg.insert(http::field::if_none_match, "\"abc\", W/\"def\"");
  msg.insert(http::field::origin, "http://127.0.0.1:8000");
  msg.insert("x-tessera-fetch", "1");
  const auto t = take(msg);
  ASSERT_FALSE(t.refusal.has_value());
  EXPECT_EQ(t.req.path, "/web/account");
  EXPECT_EQ(t.req.query, "x=1");
  ASSERT_EQ(t.req.cookie.size(), 1U);
  EXPECT_EQ(t.req.cookie[0], "__Host-tessera-refresh=abc");
  EXPECT_EQ(t.req.sec_fetch_site, "same-origin");
  EXPECT_EQ(t.req.user_agent, "Mozilla/5.0 (X11; Linux x86_64)");
  EXPECT_EQ(t.req.if_none_match, "\"abc\", W/\"def\"");
  EXPECT_EQ(t.req.origin, "http://127.0.0.1:8000");
  EXPECT_EQ(t.req.host, "127.0.0.1:8000");
  EXPECT_EQ(t.req.fetch_marker, "1");
  EXPECT_EQ(t.req.client_address, "127.0.0.1");
}

TEST(RequestIntake, EveryCookieFieldIsKept) {
  auto msg = get("/");
  msg.insert(http::field::cookie, "a=1");
  msg.insert(http::field::cookie, "b=2; c=3");
  const auto t = take(msg);
  ASSERT_FALSE(t.refusal.has_value());
  ASSERT_EQ(t.req.cookie.size(), 2U);
  EXPECT_EQ(t.req.cookie[0], "a=1");
  EXPECT_EQ(t.req.cookie[1], "b=2; c=3");
}

TEST(RequestIntake, AbsentHeadersLeaveTheirFieldsEmpty) {
  const auto t = take(get("/secure-endpoint"));
  ASSERT_FALSE(t.refusal.has_value());
  EXPECT_TRUE(t.req.cookie.empty());
  EXPECT_TRUE(t.req.sec_fetch_site.empty());
  EXPECT_TRUE(t.req.user_agent.empty());
  EXPECT_TRUE(t.req.if_none_match.empty());
  EXPECT_TRUE(t.req.authorization.empty());
}

TEST(RequestIntake, TwoHostFieldsAreRefused) {
  auto msg = get("/");
  msg.insert(http::field::host, "evil.example");
  const auto t = take(msg);
  ASSERT_TRUE(t.refusal.has_value());
  EXPECT_EQ(t.refusal->status, 400);
}

}  // namespace
}  // namespace tessera::server
