#include "jwks_client/http_fetch.hpp"

#include <memory>
#include <mutex>

#include <curl/curl.h>
#include <boost/beast/core/string.hpp>  // iequals: ASCII only, whatever the locale

#include <tessera/error.hpp>

#include "jwks_client/cache_control.hpp"

namespace tessera::detail {
namespace {

struct transfer {
  std::string body;
  std::size_t limit = 0;
  bool too_large = false;
  std::optional<std::chrono::seconds> max_age;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<transfer*>(user);
  const std::size_t n = size * count;
  if (t->body.size() + n > t->limit) {
    t->too_large = true;
    return 0;  // aborts the transfer
  }
  t->body.append(data, n);
  return n;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<transfer*>(user);
  const std::size_t n = size * count;
  const std::string_view line(data, n);
  constexpr std::string_view name = "cache-control:";
  if (line.size() > name.size() && boost::beast::iequals(line.substr(0, name.size()), name)) {
    t->max_age = parse_cache_control(line.substr(name.size()));
  }
  return n;
}

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

using easy_ptr = std::unique_ptr<CURL, decltype(&curl_easy_cleanup)>;
using slist_ptr = std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)>;

}  // namespace

bool is_allowed_url(const jwks_client_options& options) {
  const std::string_view url = options.url;
  return url.starts_with("https://") || (options.allow_insecure_http && url.starts_with("http://"));
}

result<http_response> http_get(const jwks_client_options& options, std::string& why) {
  const auto failed = [&](std::string reason) -> result<http_response> {
    why = std::move(reason);
    return std::unexpected(make_error_code(errc::jwks_fetch_failed));
  };
  if (!is_allowed_url(options)) return failed("refusing a URL that is not https");
  global_init();
  const easy_ptr curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return failed("curl_easy_init failed");

  transfer t;
  t.limit = options.max_body_size;
  slist_ptr headers(nullptr, curl_slist_free_all);
  for (const auto& [name, value] : options.headers) {
    std::string line = name;
    line.append(": ").append(value);
    headers.reset(curl_slist_append(headers.release(), line.c_str()));
  }
  const char* protocols = options.allow_insecure_http ? "http,https" : "https";
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, options.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, protocols);
  curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, protocols);
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(c, CURLOPT_MAXREDIRS, 3L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(options.timeout.count()));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.timeout.count()));
  curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options.max_body_size));
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &t);
  curl_easy_setopt(c, CURLOPT_USERAGENT, "tessera-jwks-client");
  if (headers) curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());

  const CURLcode code = curl_easy_perform(c);
  if (t.too_large || code == CURLE_FILESIZE_EXCEEDED) {
    return failed("response larger than " + std::to_string(options.max_body_size) + " bytes");
  }
  if (code != CURLE_OK) return failed(std::string("fetch failed: ") + curl_easy_strerror(code));
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  if (status != 200) return failed("HTTP status " + std::to_string(status));
  return http_response{std::move(t.body), t.max_age};
}

}  // namespace tessera::detail
