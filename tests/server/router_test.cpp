// The router (server/http/router.cpp): exact paths, prefixes, HEAD through GET, 404 and 405.
#include "http/router.hpp"

#include <string>
#include <variant>

#include <gtest/gtest.h>

namespace tessera::server {
namespace {

router::handler answering(std::string body) {
  return [body](const request&) -> handler_result {
    response r;
    r.body = body;
    return r;
  };
}

struct answer {
  response res;
  std::size_t route;
};

answer dispatch(const router& r, method verb, std::string_view path) {
  request req;
  req.verb = verb;
  req.path = path;
  std::size_t route = 0;
  auto result = r.dispatch(req, route);
  return {std::get<response>(std::move(result)), route};
}

router sample() {
  router r;
  r.add(method::get, "/secure-endpoint", answering("secure"));
  r.add(method::post, "/web/static/upload", answering("exact post"));
  r.add_prefix(method::get, "/web/static/", answering("asset"));
  return r;
}

TEST(Router, ExactPathsThenPrefixes) {
  const auto r = sample();
  EXPECT_EQ(dispatch(r, method::get, "/secure-endpoint").res.body, "secure");
  const auto asset = dispatch(r, method::get, "/web/static/css/site.css");
  EXPECT_EQ(asset.res.body, "asset");
  EXPECT_EQ(asset.route, 2U);
  EXPECT_EQ(dispatch(r, method::head, "/web/static/js/app.js").res.body, "asset");
  EXPECT_EQ(dispatch(r, method::post, "/web/static/upload").res.body, "exact post");
}

TEST(Router, AnExactPathIsNeverAnsweredByAPrefix) {
  // GET on a path with an exact POST route: 405 from the exact route, not the prefix's asset.
  const auto r = sample();
  const auto a = dispatch(r, method::get, "/web/static/upload");
  EXPECT_EQ(a.res.status, 405);
  EXPECT_EQ(a.route, 3U);
}

TEST(Router, WrongMethodOnAPrefixIs405WithAllow) {
  const auto r = sample();
  const auto a = dispatch(r, method::post, "/web/static/css/site.css");
  EXPECT_EQ(a.res.status, 405);
  ASSERT_EQ(a.res.headers.size(), 1U);
  EXPECT_EQ(a.res.headers[0].first, "Allow");
  EXPECT_EQ(a.res.headers[0].second, "GET");
}

TEST(Router, UnknownPathsAre404) {
  const auto r = sample();
  for (const auto* path : {"/", "/web/static", "/web/stat", "/secure-endpoint/x"}) {
    const auto a = dispatch(r, method::get, path);
    EXPECT_EQ(a.res.status, 404) << path;
    EXPECT_EQ(a.route, 3U);
  }
}

TEST(Router, RoutesNamePrefixesWithAStar) {
  EXPECT_EQ(sample().routes(),
            (std::vector<std::string>{"GET /secure-endpoint", "POST /web/static/upload",
                                      "GET /web/static/*"}));
}

}  // namespace
}  // namespace tessera::server
