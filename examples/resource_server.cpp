// A resource server that knows only the token service's JWKS URL. It protects GET /protected
// with tokens issued by `tessera serve`, verifying them offline: no shared secret, no database,
// and no I/O thread ever waits for a key fetch (the JWKS client refreshes in the background).
//
//   resource_server LISTEN_PORT JWKS_URL ISSUER AUDIENCE
//   resource_server 9000 http://127.0.0.1:8000/.well-known/jwks.json http://127.0.0.1:8000 tessera
#include <cstdio>
#include <memory>
#include <string>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <tessera/jwks_client.hpp>
#include <tessera/jwt.hpp>

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

namespace {

constexpr auto use_tuple = net::as_tuple(net::use_awaitable);

http::response<http::string_body> answer(const tessera::verifier& verifier,
                                         const http::request<http::string_body>& req) {
  http::response<http::string_body> res{http::status::ok, req.version()};
  res.set(http::field::content_type, "application/json");
  res.keep_alive(req.keep_alive());
  if (req.target() != "/protected") {
    res.result(http::status::not_found);
    res.body() = R"({"detail":"Not Found"})";
  } else {
    const std::string_view header = req[http::field::authorization];
    const auto verified = header.starts_with("Bearer ")
                              ? verifier.verify(header.substr(7))
                              : tessera::result<tessera::verified_token>(std::unexpected(
                                    make_error_code(tessera::errc::malformed_token)));
    if (!verified) {
      res.result(http::status::unauthorized);
      res.set(http::field::www_authenticate,
              std::string("Bearer error=\"invalid_token\", error_description=\"") +
                  tessera::to_name(verified.error()) + "\"");
      res.body() = R"({"detail":"Invalid token"})";
    } else {
      res.body() = std::string(R"({"message":"Hello, )") +
                   std::string(verified->claims().subject().value_or("?")) + R"("})";
    }
  }
  res.prepare_payload();
  return res;
}

net::awaitable<void> serve(tcp::socket socket, std::shared_ptr<const tessera::verifier> verifier) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  for (;;) {
    stream.expires_after(std::chrono::seconds(30));
    http::request_parser<http::string_body> parser;
    parser.body_limit(16 * 1024);
    auto [ec, n] = co_await http::async_read(stream, buffer, parser, use_tuple);
    if (ec) co_return;
    auto res = answer(*verifier, parser.get());
    auto [wec, written] = co_await http::async_write(stream, res, use_tuple);
    if (wec || !res.keep_alive()) co_return;
  }
}

net::awaitable<void> accept(tcp::acceptor& acceptor,
                            std::shared_ptr<const tessera::verifier> verifier) {
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(use_tuple);
    if (ec) co_return;
    auto executor = socket.get_executor();
    net::co_spawn(executor, serve(std::move(socket), verifier), net::detached);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: %s PORT JWKS_URL ISSUER AUDIENCE\n", argv[0]);
    return 2;
  }
  const std::string jwks_url = argv[2];
  // Plain http is allowed only for a service on this machine (the example's test); use https.
  const bool loopback =
      jwks_url.starts_with("http://127.0.0.1") || jwks_url.starts_with("http://localhost");
  auto jwks = tessera::jwks_client::start(
      {.url = jwks_url,
       .min_max_age = std::chrono::seconds(1),
       .min_refresh_interval = std::chrono::seconds(1),
       .allow_insecure_http = loopback,
       .log = [](std::string_view line) {
         std::fprintf(stderr, "%.*s\n", static_cast<int>(line.size()), line.data());
       }});
  if (!jwks) {
    std::fprintf(stderr, "jwks: %s\n", jwks.error().message().c_str());
    return 1;
  }
  // Start serving even if the service is not up yet: tokens are refused until the set arrives.
  (*jwks)->wait_ready(std::chrono::seconds(5));
  auto verifier = tessera::verifier::create(
      std::shared_ptr<const tessera::key_resolver>(*jwks),
      {.algorithms = {tessera::algorithm::es256, tessera::algorithm::es384,
                      tessera::algorithm::es512, tessera::algorithm::eddsa,
                      tessera::algorithm::rs256, tessera::algorithm::ps256},
       .issuer = {argv[3]},
       .audience = {argv[4]},
       .leeway = std::chrono::seconds(30),
       .required = {tessera::claim::exp, tessera::claim::sub},
       .type = std::string("at+jwt")});
  if (!verifier) {
    std::fprintf(stderr, "verifier: %s\n", verifier.error().message().c_str());
    return 1;
  }
  net::io_context ioc;
  tcp::acceptor acceptor(
      ioc, {net::ip::make_address("127.0.0.1"), static_cast<unsigned short>(std::stoi(argv[1]))});
  net::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](auto, int) { ioc.stop(); });
  net::co_spawn(ioc,
                accept(acceptor, std::make_shared<const tessera::verifier>(std::move(*verifier))),
                net::detached);
  std::fprintf(stderr, "resource server on 127.0.0.1:%s\n", argv[1]);
  ioc.run();
  return 0;
}
