// Fuzz target: the service's HTTP request handling, in-process. The bytes go through the same
// Beast parser with the same limits as a connection's, then through every route of a real
// service (SQLite store in a temporary directory, --dev user). Each answer must be a valid
// status, and a JSON answer must be JSON. The text @ACCESS@ or @REFRESH@ in the input is
// replaced by a token of a fresh login, so the fuzzer reaches what lies behind the guard, and
// @LENGTH@ by the length of what follows the header (for Content-Length).
#include <sys/stat.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/json/parse.hpp>

#include "config/config.hpp"
#include "fuzz_input.hpp"
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

// A fresh login's tokens, for @ACCESS@ and @REFRESH@.
std::string with_tokens(std::string text) {
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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto& f = the_service();
  const auto& config = f.service->config();
  const std::string bytes = with_tokens(std::string(tessera::fuzz::as_text(data, size)));

  http::request_parser<http::string_body> parser;
  tessera::server::apply_limits(parser, config.limits);
  parser.eager(true);
  boost::system::error_code ec;
  std::string_view rest = bytes;
  while (!parser.is_done()) {
    std::size_t used = 0;
    if (!rest.empty()) {
      used = parser.put(boost::asio::buffer(rest.data(), rest.size()), ec);
      rest.remove_prefix(used);
    }
    if (ec && ec != http::error::need_more) break;
    ec = {};
    if (used == 0) {
      // The input is all there is: the client closed the connection here.
      if (!parser.got_some()) return 0;
      parser.put_eof(ec);
      if (!ec && !parser.is_done()) ec = http::error::partial_message;
      break;
    }
  }
  if (!parser.is_done()) {
    const bool in_request_line = parser.get().target().empty();
    const auto refused = tessera::server::refusal_for_read_error(
        ec, in_request_line ? std::string_view(bytes) : std::string_view{}, config.limits);
    tessera::fuzz::require(refused.status >= 400 && refused.status < 500, "a read error not 4xx");
    check(refused);
    return 0;
  }
  request req;
  std::string client;
  if (auto refused =
          tessera::server::take_request(parser.get(), "127.0.0.1", config, req, client)) {
    tessera::fuzz::require(refused->status == 414 || refused->status == 431, "an odd refusal");
    check(*refused);
    return 0;
  }
  check(answer(req));
  return 0;
}
