#include "web/answers.hpp"

#include <algorithm>
#include <vector>

#include "config/origin.hpp"
#include "http/responses.hpp"
#include "http/web_headers.hpp"
#include "observability/log.hpp"
#include "unix_time.hpp"
#include "web/assets.hpp"

namespace tessera::server {

response see_other(std::string location) {
  response res;
  res.status = 303;
  res.content_type.clear();
  res.header("Location", std::move(location));
  add_web_headers(res, web_caching::none);
  return res;
}

response html_page(int status, std::string_view name, std::initializer_list<html_value> values) {
  const std::string path = "pages/" + std::string(name) + ".html";
  const auto* page = find_web_asset(path);
  // Pages share their header (pages/partials/); its nav marks the page it is on.
  auto expanded = page != nullptr
                      ? expand_partials(page->body,
                                        [](std::string_view partial) -> const std::string_view* {
                                          const auto* asset = find_web_asset(
                                              "pages/partials/" + std::string(partial) + ".html");
                                          return asset != nullptr ? &asset->body : nullptr;
                                        })
                      : fail(errc::invalid_argument, "no template " + path);
  std::vector<html_value> all(values);
  all.emplace_back("nav_account", name == "account" ? "page" : "false");
  all.emplace_back("nav_debugger", name == "debugger" ? "page" : "false");
  auto html = expanded ? render_html(*expanded, all) : std::move(expanded);
  if (!html) {
    // Templates and code are built together: this is a defect, never a user's doing.
    log_event(log_level::error, "template_error", {{"detail", html.error().message()}});
    response broken;
    broken.status = 500;
    broken.content_type = "text/plain; charset=utf-8";
    broken.body = "Internal error";
    add_web_headers(broken, web_caching::none);
    return broken;
  }
  response res;
  res.status = status;
  res.content_type = "text/html; charset=utf-8";
  res.body = std::move(*html);
  add_web_headers(res, web_caching::none);
  return res;
}

response message_page(int status, std::string_view title, std::string_view message) {
  return html_page(status, "message", {{"title", title}, {"message", message}});
}

response cross_origin_refusal() {
  return message_page(403, "Request refused",
                      "This request did not come from this service's own pages, so nothing was "
                      "changed.");
}

response api_json(int status, const boost::json::object& body) {
  auto res = json_response(status, body);
  add_web_headers(res, web_caching::none);
  return res;
}

response api_detail(int status, std::string_view detail) {
  auto res = detail_response(status, detail);
  add_web_headers(res, web_caching::none);
  return res;
}

response api_no_content() {
  response res;
  res.status = 204;
  res.content_type.clear();
  add_web_headers(res, web_caching::none);
  return res;
}

response static_asset(const request& req) {
  constexpr std::string_view mount = "/web/";
  const auto* asset = req.path.starts_with("/web/static/")
                          ? find_web_asset(req.path.substr(mount.size()))
                          : nullptr;
  if (asset == nullptr) return api_detail(404, "Not Found");
  response res;
  if (!req.if_none_match.empty() && etag_matches(req.if_none_match, asset->etag)) {
    res.status = 304;
    res.content_type.clear();
  } else {
    res.content_type = std::string(asset->content_type);
    res.body = std::string(asset->body);
  }
  res.header("ETag", std::string(asset->etag));
  add_web_headers(res, web_caching::revalidate);
  return res;
}

void set_refresh_cookie(response& res, std::string_view refresh_token,
                        std::int64_t session_expires_at) {
  const auto left = std::max<std::int64_t>(session_expires_at - unix_now(), 0);
  res.header("Set-Cookie", set_cookie(refresh_cookie, refresh_token, std::chrono::seconds{left}));
}

void set_browser_session_cookie(response& res, std::string_view key,
                                std::int64_t session_expires_at) {
  const auto left = std::max<std::int64_t>(session_expires_at - unix_now(), 0);
  res.header("Set-Cookie", set_cookie(browser_session_cookie, key, std::chrono::seconds{left}));
}

void end_browser_session(response& res) {
  res.header("Set-Cookie", expire_cookie(refresh_cookie));
  res.header("Set-Cookie", expire_cookie(browser_session_cookie));
  // "storage", not "cookies": the latter clears every site's cookies under the same registrable
  // domain. The refresh cookie goes by its own Max-Age=0.
  res.header("Clear-Site-Data", "\"storage\"");
}

std::vector<std::string> app_form_targets(const service_config& config) {
  std::vector<std::string> out;
  const auto clients = config.clients.snapshot();
  for (const auto& client : *clients) {
    for (const auto* list : {&client.redirect_uris, &client.post_logout_redirect_uris}) {
      for (const auto& uri : *list) {
        const auto origin = parse_origin(uri);
        auto target = origin ? origin->serialized() : uri.substr(0, uri.find(':') + 1);
        if (std::ranges::find(out, target) == out.end()) out.push_back(std::move(target));
      }
    }
  }
  return out;
}

std::string flow_policy(const service_config& config) {
  return web_content_security_policy_with_form_targets(app_form_targets(config));
}

}  // namespace tessera::server
