// Fuzz target: the service's HTTP request handling, in-process. The bytes go through the same
// framer and Beast parser as a connection's, then through every route of a real service (SQLite
// store in a temporary directory, --dev user). Each answer must be a valid status, and a JSON
// answer must be JSON. The text @ACCESS@ or @REFRESH@ in the input is replaced by a token of a
// fresh login, and @WEBCOOKIE@ by the browser face's session cookie of a fresh sign-in, so the
// fuzzer reaches what lies behind the guard and the cookie, and
// @LENGTH@ by the length of what follows the header (for Content-Length).
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/json/parse.hpp>

#include "config/config.hpp"
#include "fuzz_input.hpp"
#include "http/request_framing.hpp"
#include "http/request_intake.hpp"
#include "service.hpp"

namespace {

namespace http = boost::beast::http;
using tessera::server::request;
using tessera::server::response;

struct fixture {
  std::filesystem::path dir;
  std::unique_ptr<tessera::server::service> service;
};

fixture& the_service() {
  static fixture* f = [] {
    auto* made = new fixture;
    std::string pattern = (std::filesystem::temp_directory_path() / "tessera-fuzz-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) std::abort();
    made->dir = pattern;
    tessera::server::service_config config;
    config.dev = true;
    config.data_dir = (made->dir / "data").string();
    config.access_log = false;
    config.rate_limit.enabled = false;
    // The cheapest Argon2id libsodium accepts: logins are part of the input, not its cost.
    config.password_hash.memory_kib = 8;
    config.password_hash.iterations = 1;
    // An app that signs users in, so that /authorize, the consent page and the code grant are
    // reached.
    config.clients = std::vector<tessera::server::client_config>{
        {.id = "app",
         .secret_hash = {},
         .grants = {"authorization_code", "refresh_token"},
         .scopes = {},
         .is_public = true,
         .redirect_uris = {"https://app.example/cb"},
         .post_logout_redirect_uris = {"https://app.example/"}}};
    made->service = tessera::server::service::assemble(config);
    if (!made->service) std::abort();
    std::atexit([] {
      std::error_code ignored;
      std::filesystem::remove_all(the_service().dir, ignored);
    });
    return made;
  }();
  return *f;
}

response run(tessera::server::handler_result result) {
  if (auto* ready = std::get_if<response>(&result)) return std::move(*ready);
  // A deferred handler (password hashing) runs here instead of on the hashing pool.
  return std::get<tessera::server::deferred_response>(result)();
}

response answer(const request& req) {
  std::size_t route = 0;
  return run(the_service().service->routes().dispatch(req, route));
}

void check(const response& res) {
  tessera::fuzz::require(res.status >= 100 && res.status <= 599, "an impossible status");
  if (res.content_type == "application/json" && !res.body.empty()) {
    boost::system::error_code ec;
    (void)boost::json::parse(res.body, ec);
    tessera::fuzz::require(!ec, "a JSON answer that is not JSON");
  }
}

void replace_all(std::string& text, std::string_view mark, const std::string& value) {
  for (auto at = text.find(mark); at != std::string::npos; at = text.find(mark, at)) {
    text.replace(at, mark.size(), value);
    at += value.size();
  }
}

// The body's length, for @LENGTH@, once the tokens are in.
std::string with_length(std::string text) {
  const auto body = text.find("\r\n\r\n");
  if (body == std::string::npos || text.find("@LENGTH@") == std::string::npos) return text;
  replace_all(text, "@LENGTH@", std::to_string(text.size() - body - 4));
  return text;
}

// A fresh sign-in's cookies (name=value; name=value), for @WEBCOOKIE@.
std::string web_cookie() {
  request login;
  login.verb = tessera::server::method::post;
  login.target = login.path = "/web/login";
  login.body = "username=test&password=password";
  login.content_type = "application/x-www-form-urlencoded";
  login.sec_fetch_site = "same-origin";
  login.client_address = "127.0.0.1";
  const auto res = answer(login);
  tessera::fuzz::require(res.status == 303, "the demo user could not sign in");
  std::string cookies;
  for (const auto& [name, value] : res.headers) {
    if (name != "Set-Cookie") continue;
    if (!cookies.empty()) cookies += "; ";
    cookies += value.substr(0, value.find(';'));
  }
  tessera::fuzz::require(!cookies.empty(), "a sign-in without a cookie");
  return cookies;
}

// A fresh login's tokens, for @ACCESS@ and @REFRESH@, and a browser session for @WEBCOOKIE@.
std::string with_tokens(std::string text) {
  if (text.find("@WEBCOOKIE@") != std::string::npos) replace_all(text, "@WEBCOOKIE@", web_cookie());
  const bool wants_access = text.find("@ACCESS@") != std::string::npos;
  const bool wants_refresh = text.find("@REFRESH@") != std::string::npos;
  if (!wants_access && !wants_refresh) return with_length(std::move(text));
  request login;
  login.verb = tessera::server::method::post;
  login.target = login.path = "/login";
  login.body = R"({"username":"test","password":"password"})";
  login.content_type = "application/json";
  login.client_address = "127.0.0.1";
  const auto res = answer(login);
  tessera::fuzz::require(res.status == 200, "the demo user could not log in");
  const auto body = boost::json::parse(res.body).as_object();
  const std::string access(body.at("access_token").as_string());
  const std::string refresh(body.at("refresh_token").as_string());
  replace_all(text, "@ACCESS@", access);
  replace_all(text, "@REFRESH@", refresh);
  return with_length(std::move(text));
}

// The framer reads a request alike however its bytes arrive: fed in pieces of `step` bytes, it
// comes to the verdict and the end it finds when fed everything at once.
void check_framing_is_incremental(std::string_view bytes,
                                  const tessera::server::framing_limits& limits,
                                  tessera::server::request_framer::verdict whole, std::size_t end,
                                  std::size_t step) {
  using verdict = tessera::server::request_framer::verdict;
  tessera::server::request_framer framer{limits};
  auto v = verdict::need_more;
  for (std::size_t size = std::min(step, bytes.size());;
       size = std::min(size + step, bytes.size())) {
    v = framer.scan(bytes.substr(0, size));
    if (v != verdict::need_more || size == bytes.size()) break;
  }
  tessera::fuzz::require(v == whole, "the framer's verdict depends on how the bytes arrive");
  if (v == verdict::complete) {
    tessera::fuzz::require(framer.message_end() == end, "the framer's end depends on the arrival");
  }
}

}  // namespace

// The input is what a client sends on one connection, read as the server reads it: request
// after request while each is kept alive, until a refusal (which closes the connection) or the
// end of the input (the client closing, mid-request or not). Invariants: the framer and the
// parser agree on where every request ends; one request in, at most one answer out per request
// the framing admits, and nothing after a refusal.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using verdict = tessera::server::request_framer::verdict;
  auto& f = the_service();
  const auto& config = f.service->config();
  const auto limits = tessera::server::framing_limits_for(config.limits);
  const std::string bytes = with_tokens(std::string(tessera::fuzz::as_text(data, size)));
  const std::size_t step = size == 0 ? 1 : 1 + data[0] % 7;

  std::string_view rest = bytes;
  std::size_t admitted = 0;
  std::size_t answers = 0;
  while (!rest.empty()) {
    tessera::server::request_framer framer{limits};
    const auto framing = framer.scan(rest);
    check_framing_is_incremental(rest, limits, framing, framer.message_end(), step);
    if (framing == verdict::need_more) break;  // the client closed mid-request: no answer
    if (framing == verdict::refused) {
      const auto refused = tessera::server::refusal_for_framing(framer.refusal());
      tessera::fuzz::require(
          refused.status >= 400 && refused.status != 408 && refused.status <= 501,
          "an odd framing refusal");
      check(refused);
      ++answers;
      break;
    }
    http::request_parser<http::string_body> parser;
    boost::system::error_code ec;
    tessera::server::parse_framed(
        parser, rest.substr(framer.message_start(), framer.message_end() - framer.message_start()),
        ec);
    tessera::fuzz::require(ec != http::error::partial_message,
                           "the parser and the framer disagree on where a request ends");
    rest.remove_prefix(framer.message_end());
    if (ec) {
      const auto refused = tessera::server::refusal_for_read_error(ec);
      tessera::fuzz::require(refused.status >= 400 && refused.status < 500, "a read error not 4xx");
      check(refused);
      ++answers;
      break;
    }
    ++admitted;
    request req;
    std::string client;
    if (auto refused =
            tessera::server::take_request(parser.get(), "127.0.0.1", config, req, client)) {
      tessera::fuzz::require(
          refused->status == 400 || refused->status == 414 || refused->status == 431,
          "an odd refusal");
      check(*refused);
    } else {
      check(answer(req));
    }
    ++answers;
    if (!parser.get().keep_alive()) break;
  }
  tessera::fuzz::require(answers <= admitted + 1, "more answers than requests");
  return 0;
}
