#include "http/response_head.hpp"

#include <string>

#include <gtest/gtest.h>

namespace tessera::server {
namespace {

std::string head_of(const response& res, unsigned version, bool keep_alive, bool head = false) {
  std::string out = "left over from the last answer";
  write_response_head(out, res, version, keep_alive, head);
  return out;
}

TEST(ResponseHead, WritesStatusLineFieldsInOrderAndContentLength) {
  response res;
  res.body = R"({"ok":true})";
  res.header("Cache-Control", "no-store").header("Vary", "Origin");
  EXPECT_EQ(head_of(res, 11, true),
            "HTTP/1.1 200 OK\r\n"
            "Server: tessera\r\n"
            "Content-Type: application/json\r\n"
            "Cache-Control: no-store\r\n"
            "Vary: Origin\r\n"
            "Content-Length: 11\r\n"
            "\r\n");
}

TEST(ResponseHead, SaysConnectionOnlyWhenItDiffersFromTheVersionsDefault) {
  response res;
  res.status = 401;
  res.body = "{}";
  EXPECT_EQ(head_of(res, 11, false),
            "HTTP/1.1 401 Unauthorized\r\nServer: tessera\r\nContent-Type: application/json\r\n"
            "Connection: close\r\nContent-Length: 2\r\n\r\n");
  EXPECT_EQ(head_of(res, 10, true),
            "HTTP/1.0 401 Unauthorized\r\nServer: tessera\r\nContent-Type: application/json\r\n"
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
  EXPECT_EQ(head_of(res, 11, true), "HTTP/1.1 204 No Content\r\nServer: tessera\r\n\r\n");
  EXPECT_TRUE(is_bodiless(100));
  EXPECT_TRUE(is_bodiless(304));
  EXPECT_FALSE(is_bodiless(200));
  EXPECT_FALSE(is_bodiless(404));
}

}  // namespace
}  // namespace tessera::server
