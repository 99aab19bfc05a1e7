// The browser face's templates, static files and answers, without a network.
#include <algorithm>
#include <string>

#include <gtest/gtest.h>

#include "http/html.hpp"
#include "http/web_headers.hpp"
#include "password/policy.hpp"
#include "web/answers.hpp"
#include "web/assets.hpp"

namespace tessera::server {
namespace {

std::string field(const response& res, std::string_view name) {
  for (const auto& [n, v] : res.headers) {
    if (n == name) return v;
  }
  return {};
}

TEST(Html, EscapesTextAndAttributeSpecials) {
  EXPECT_EQ(escape_html("<b onclick=\"x\">'&'</b>"),
            "&lt;b onclick=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/b&gt;");
}

TEST(Html, ExpandsPartialsAsTheyAre) {
  const std::string_view header = "<h1>{{title}}</h1>";
  const auto lookup = [&](std::string_view name) -> const std::string_view* {
    return name == "header" ? &header : nullptr;
  };
  EXPECT_EQ(expand_partials("a{{> header}}b", lookup), "a<h1>{{title}}</h1>b");
  EXPECT_FALSE(expand_partials("{{> footer}}", lookup));
  EXPECT_FALSE(expand_partials("{{> header", lookup));
}

TEST(Html, RendersEachPlaceholderEscapedAndRefusesMismatches) {
  EXPECT_EQ(render_html("<p>{{who}}</p><i>{{who}}</i>", {{"who", "<script>"}}),
            "<p>&lt;script&gt;</p><i>&lt;script&gt;</i>");
  EXPECT_FALSE(render_html("<p>{{who}}</p>", {}));
  EXPECT_FALSE(render_html("<p></p>", {{"who", "x"}}));
  EXPECT_FALSE(render_html("<p>{{who</p>", {{"who", "x"}}));
}

TEST(WebAssets, TheTableIsSortedAndEveryEntryTyped) {
  const auto all = web_assets();
  ASSERT_FALSE(all.empty());
  EXPECT_TRUE(std::ranges::is_sorted(all, {}, &web_asset::name));
  for (const auto& a : all) {
    EXPECT_FALSE(a.content_type.empty()) << a.name;
    EXPECT_EQ(a.etag.size(), 34U) << a.name;  // 32 hex digits in quotes
    EXPECT_EQ(find_web_asset(a.name), &a);
  }
  EXPECT_EQ(find_web_asset("static/missing.css"), nullptr);
  ASSERT_NE(find_web_asset("static/style.css"), nullptr);
  EXPECT_EQ(find_web_asset("static/style.css")->content_type, "text/css; charset=utf-8");
}

TEST(WebAssets, ETagsMatchAsRfc9110Says) {
  EXPECT_TRUE(etag_matches("\"abc\"", "\"abc\""));
  EXPECT_TRUE(etag_matches("\"x\", W/\"abc\"", "\"abc\""));
  EXPECT_TRUE(etag_matches("*", "\"abc\""));
  EXPECT_FALSE(etag_matches("\"abcd\"", "\"abc\""));
  EXPECT_FALSE(etag_matches("", "\"abc\""));
}

TEST(WebAnswers, StaticFilesAreServedWithTheirTagAndRevalidated) {
  request req;
  req.verb = method::get;
  req.path = "/web/static/style.css";
  const auto full = static_asset(req);
  EXPECT_EQ(full.status, 200);
  EXPECT_EQ(full.content_type, "text/css; charset=utf-8");
  EXPECT_FALSE(full.body.empty());
  const auto tag = field(full, "ETag");
  EXPECT_EQ(field(full, "Cache-Control"), "no-cache");
  req.if_none_match = tag;
  const auto again = static_asset(req);
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  req.path = "/web/static/../pages/login.html";
  EXPECT_EQ(static_asset(req).status, 404);
  req.path = "/web/static/";
  EXPECT_EQ(static_asset(req).status, 404);
}

TEST(WebAnswers, EveryPageRendersWithTheFacesFields) {
  const response pages[] = {
      html_page(200, "login",
                {{"username", "al\"ice"}, {"return_to", "/x?a=\"b\""}, {"error", "<oops>"}}),
      html_page(200, "account", {{"username", "<img src=x>"}}), html_page(200, "debugger", {}),
      message_page(403, "Refused", "Nothing changed.")};
  for (const auto& page : pages) {
    EXPECT_NE(page.status, 500) << page.body;
    EXPECT_EQ(page.content_type, "text/html; charset=utf-8");
    EXPECT_EQ(field(page, "Content-Security-Policy"), web_content_security_policy);
    EXPECT_EQ(field(page, "X-Frame-Options"), "DENY");
    EXPECT_EQ(field(page, "Referrer-Policy"), "same-origin");
    EXPECT_EQ(field(page, "Cross-Origin-Opener-Policy"), "same-origin");
    EXPECT_EQ(field(page, "Cache-Control"), "no-store");
  }
  EXPECT_NE(pages[0].body.find("&quot;b&quot;"), std::string::npos);
  EXPECT_NE(pages[0].body.find("&lt;oops&gt;"), std::string::npos);
  EXPECT_NE(pages[1].body.find("&lt;img src=x&gt;"), std::string::npos);
  // The shared header marks the page it is on, and only that one.
  EXPECT_NE(pages[1].body.find(R"(href="/web/account" aria-current="page")"), std::string::npos);
  EXPECT_NE(pages[2].body.find(R"(href="/web/debugger" aria-current="page")"), std::string::npos);
  EXPECT_EQ(pages[0].body.find(R"(aria-current="page")"), std::string::npos);
  for (const auto& page : pages) {
    EXPECT_EQ(page.body.find("{{"), std::string::npos);
    EXPECT_NE(page.body.find(R"(<nav aria-label="Main">)"), std::string::npos);
  }
  EXPECT_EQ(pages[1].body.find("<img src=x>"), std::string::npos);
}

TEST(WebAnswers, SignOutExpiresTheCookieAndClearsStorageOnly) {
  response res;
  end_browser_session(res);
  EXPECT_EQ(field(res, "Set-Cookie"),
            "__Host-tessera-refresh=; Max-Age=0; Path=/; Secure; HttpOnly; SameSite=Strict");
  EXPECT_EQ(field(res, "Clear-Site-Data"), "\"storage\"");
}

TEST(PasswordPolicy, EightCharactersUpTo1024BytesNotTheUsername) {
  EXPECT_TRUE(check_new_password("alice", "correct horse"));
  EXPECT_TRUE(check_new_password("alice",
                                 "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
                                 "abcd"));
  EXPECT_FALSE(check_new_password("alice", "short"));
  EXPECT_FALSE(check_new_password("alice", "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"));  // 4 chars
  EXPECT_FALSE(check_new_password("alice", std::string(1025, 'x')));
  EXPECT_FALSE(check_new_password("longusername", "longusername"));
}

}  // namespace
}  // namespace tessera::server
