// The pure checks of the browser face: cookies, the request's source, return_to.
#include <gtest/gtest.h>

#include "http/cookies.hpp"
#include "http/return_to.hpp"
#include "http/same_origin.hpp"

namespace tessera::server {
namespace {

constexpr std::string_view own = "http://127.0.0.1:8000";

TEST(Cookies, FindsTheFirstCookieOfThatNameInAnyField) {
  request req;
  req.cookie.push_back("a=1; __Host-tessera-refresh=abc ;b=2");
  req.cookie.push_back("__Host-tessera-refresh=later");
  EXPECT_EQ(find_cookie(req, "__Host-tessera-refresh"), "abc");
  EXPECT_EQ(find_cookie(req, "b"), "2");
  EXPECT_EQ(find_cookie(req, "missing"), std::nullopt);
  request quoted;
  quoted.cookie.push_back("x=\"v\"; tessera-refresh=no");
  EXPECT_EQ(find_cookie(quoted, "x"), "v");
  EXPECT_EQ(find_cookie(quoted, "__Host-tessera-refresh"), std::nullopt);
}

TEST(Cookies, SetsHostPrefixedCookiesWithEveryProtection) {
  const cookie_spec strict{.name = "__Host-tessera-refresh", .same_site = same_site::strict};
  EXPECT_EQ(set_cookie(strict, "tok", std::chrono::seconds{3600}),
            "__Host-tessera-refresh=tok; Max-Age=3600; Path=/; Secure; HttpOnly; SameSite=Strict");
  EXPECT_EQ(expire_cookie({.name = "__Host-x", .same_site = same_site::lax}),
            "__Host-x=; Max-Age=0; Path=/; Secure; HttpOnly; SameSite=Lax");
}

request with(std::string_view site, std::string_view origin, std::string_view marker = {}) {
  request req;
  req.sec_fetch_site = site;
  req.origin = origin;
  req.fetch_marker = marker;
  return req;
}

TEST(SameOrigin, FetchMetadataDecidesFirst) {
  EXPECT_EQ(source_of(with("same-origin", "null"), own), request_source::same_origin);
  EXPECT_EQ(source_of(with("same-site", own), own), request_source::other_origin);
  EXPECT_EQ(source_of(with("cross-site", own), own), request_source::other_origin);
  EXPECT_EQ(source_of(with("none", ""), own), request_source::other_origin);
}

TEST(SameOrigin, OriginDecidesWithoutFetchMetadata) {
  EXPECT_EQ(source_of(with("", own), own), request_source::same_origin);
  EXPECT_EQ(source_of(with("", "http://localhost:8000"), own), request_source::other_origin);
  EXPECT_EQ(source_of(with("", "null"), own), request_source::other_origin);
  EXPECT_EQ(source_of(with("", ""), own), request_source::unknown);
}

TEST(SameOrigin, ScriptsMustAlsoSendTheMarker) {
  EXPECT_TRUE(may_change_state(with("same-origin", ""), own, false));
  EXPECT_FALSE(may_change_state(with("same-origin", ""), own, true));
  EXPECT_TRUE(may_change_state(with("same-origin", "", "1"), own, true));
  EXPECT_FALSE(may_change_state(with("cross-site", own, "1"), own, true));
  EXPECT_FALSE(may_change_state(with("", "", "1"), own, true));
}

TEST(ReturnTo, TakesPathsOnThisOrigin) {
  for (const std::string_view good :
       {"/", "/web/account", "/authorize?client_id=app&redirect_uri=https%3A%2F%2Fapp%2Fcb",
        "/a/b?x=%5C%2f", "/web/..", "/%41"}) {
    EXPECT_TRUE(is_local_return_to(good)) << good;
  }
}

TEST(ReturnTo, RefusesEveryWayOut) {
  for (const std::string_view bad :
       {"", "web/account", "https://evil.example/", "//evil.example", "/\\evil.example",
        "\\\\evil.example", "/%2F/evil.example", "/%2fevil", "/%5Cevil", "/%5cevil", "/a\\b",
        "/\t/evil.example", "/a\nb", "/a b", "/a#frag", "/caf\xC3\xA9", "/a\x7f",
        "javascript:alert(1)"}) {
    EXPECT_FALSE(is_local_return_to(bad)) << bad;
  }
  EXPECT_FALSE(is_local_return_to("/" + std::string(max_return_to, 'a')));
}

}  // namespace
}  // namespace tessera::server
