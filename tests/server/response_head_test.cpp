#include "http/response_head.hpp"

#include <chrono>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

namespace tessera::server {
namespace {

constexpr std::string_view date = "Sun, 06 Dec 2026 05:00:00 GMT";

std::string head_of(const response& res, unsigned version, bool keep_alive, bool head = false,
                    std::string_view strict_transport_security = {}) {
  std::string out = "left over from the last answer";
  write_response_head(out, res,
                      {.version = version, .keep_alive = keep_alive, .head_request = head},
                      {.date = date, .strict_transport_security = strict_transport_security});
  return out;
}

TEST(ResponseHead, WritesStatusLineFieldsInOrderAndContentLength) {
  response res;
  res.body = R"({"ok":true})";
  res.header("Cache-Control", "no-store").header("Vary", "Origin");
  EXPECT_EQ(head_of(res, 11, true),
            "HTTP/1.1 200 OK\r\n"
            "Server: tessera\r\n"
            "Date: Sun, 06 Dec 2026 05:00:00 GMT\r\n"
            "Content-Type: application/json\r\n"
            "X-Content-Type-Options: nosniff\r\n"
            "Cache-Control: no-store\r\n"
            "Vary: Origin\r\n"
            "Content-Length: 11\r\n"
            "\r\n");
}

TEST(ResponseHead, SaysConnectionOnlyWhenItDiffersFromTheVersionsDefault) {
  response res;
  res.status = 401;
  res.body = "{}";
  EXPECT_EQ(
      head_of(res, 11, false),
      "HTTP/1.1 401 Unauthorized\r\nServer: tessera\r\nDate: Sun, 06 Dec 2026 05:00:00 GMT\r\n"
      "Content-Type: application/json\r\nX-Content-Type-Options: nosniff\r\n"
      "Connection: close\r\nContent-Length: 2\r\n\r\n");
  EXPECT_EQ(
      head_of(res, 10, true),
      "HTTP/1.0 401 Unauthorized\r\nServer: tessera\r\nDate: Sun, 06 Dec 2026 05:00:00 GMT\r\n"
      "Content-Type: application/json\r\nX-Content-Type-Options: nosniff\r\n"
      "Connection: keep-alive\r\nContent-Length: 2\r\n\r\n");
  EXPECT_EQ(head_of(res, 10, false).find("Connection"), std::string::npos);
}

TEST(ResponseHead, HeadAnswerAnnouncesTheBodyItLeavesOut) {
  response res;
  res.body = std::string(1234, 'x');
  EXPECT_NE(head_of(res, 11, true, true).find("\r\nContent-Length: 1234\r\n"), std::string::npos);
}

TEST(ResponseHead, BodilessStatusesHaveNoContentLengthNorContentTypeWhenCleared) {
  response res;
  res.status = 204;
  res.content_type.clear();
  EXPECT_EQ(head_of(res, 11, true),
            "HTTP/1.1 204 No Content\r\nServer: tessera\r\nDate: Sun, 06 Dec 2026 05:00:00 GMT\r\n"
            "X-Content-Type-Options: nosniff\r\n\r\n");
  EXPECT_TRUE(is_bodiless(100));
  EXPECT_TRUE(is_bodiless(304));
  EXPECT_FALSE(is_bodiless(200));
  EXPECT_FALSE(is_bodiless(404));
}

TEST(ResponseHead, SaysStrictTransportSecurityWhenGiven) {
  response res;
  EXPECT_NE(head_of(res, 11, true, false, "max-age=600")
                .find("\r\nX-Content-Type-Options: nosniff\r\n"
                      "Strict-Transport-Security: max-age=600\r\n"),
            std::string::npos);
  EXPECT_EQ(head_of(res, 11, true).find("Strict-Transport-Security"), std::string::npos);
}

TEST(ResponseHead, FormatsTheDateAsAnImfFixdate) {
  using namespace std::chrono;
  const auto at = sys_days{year{2026} / December / 6} + hours{5} + minutes{7} + seconds{9};
  EXPECT_EQ(http_date(at), "Sun, 06 Dec 2026 05:07:09 GMT");
  EXPECT_EQ(http_date(at + milliseconds{999}), "Sun, 06 Dec 2026 05:07:09 GMT");
  EXPECT_EQ(http_date(sys_days{year{1994} / November / 6} + hours{8} + minutes{49} + seconds{37}),
            "Sun, 06 Nov 1994 08:49:37 GMT");
}

}  // namespace
}  // namespace tessera::server
