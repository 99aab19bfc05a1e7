#include "http/cors.hpp"

#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace tessera::server {
namespace {

using fields = std::vector<std::pair<std::string, std::string>>;

service_config allowing(std::vector<std::string> origins) {
  service_config c;
  c.cors_allowed_origins = std::move(origins);
  return c;
}

request from(std::string_view origin) {
  request r;
  r.origin = origin;
  return r;
}

TEST(Cors, AnAllowedOriginGetsItselfBackAndVary) {
  const auto config = allowing({"https://app.example", "https://admin.example"});
  response res;
  res.header("Cache-Control", "no-store");
  apply_cors(config, from("https://admin.example"), res);
  EXPECT_EQ(res.headers, (fields{{"Cache-Control", "no-store"},
                                 {"Access-Control-Allow-Origin", "https://admin.example"},
                                 {"Vary", "Origin"}}));
}

TEST(Cors, OtherOriginsAndNoOriginGetNothing) {
  const auto config = allowing({"https://app.example"});
  for (const auto* origin : {"https://evil.example", "https://app.example.evil", "null", ""}) {
    response res;
    apply_cors(config, from(origin), res);
    EXPECT_TRUE(res.headers.empty()) << origin;
    const auto answer = preflight(config, from(origin));
    EXPECT_EQ(answer.status, 204);
    EXPECT_TRUE(answer.headers.empty()) << origin;
  }
  response res;
  apply_cors(allowing({}), from("https://app.example"), res);
  EXPECT_TRUE(res.headers.empty()) << "no origin is allowed unless configured";
}

TEST(Cors, PreflightNamesTheMethodsAndFieldsOnce) {
  const auto config = allowing({"https://app.example"});
  auto answer = preflight(config, from("https://app.example"));
  EXPECT_EQ(answer.status, 204);
  EXPECT_TRUE(answer.content_type.empty()) << "a 204 has no body and no Content-Type";
  const fields expected{{"Access-Control-Allow-Origin", "https://app.example"},
                        {"Access-Control-Allow-Methods", "GET, POST, OPTIONS"},
                        {"Access-Control-Allow-Headers", "Authorization, Content-Type"},
                        {"Access-Control-Max-Age", "600"},
                        {"Vary", "Origin"}};
  EXPECT_EQ(answer.headers, expected);
  apply_cors(config, from("https://app.example"), answer);
  EXPECT_EQ(answer.headers, expected) << "applying CORS to a preflight answer adds nothing";
}

TEST(Cors, TheBrowserFaceNeverAnswersAnotherOrigin) {
  const auto config = allowing({"https://app.example"});
  for (const std::string_view path : {"/", "/web/login", "/web/api/token"}) {
    auto req = from("https://app.example");
    req.path = path;
    response res;
    apply_cors(config, req, res);
    EXPECT_TRUE(res.headers.empty()) << path;
    EXPECT_TRUE(preflight(config, req).headers.empty()) << path;
  }
}

}  // namespace
}  // namespace tessera::server
