// What the strict request framer (server/http/request_framing) adds to reading a request: the
// framer alone, Beast's parser alone (the baseline: what reading cost before the framer), and
// both as the server runs them, on the request the service benchmark sends most (GET
// /secure-endpoint with an ES256 bearer token) and on a chunked POST.
#include <string>
#include <string_view>

#include <benchmark/benchmark.h>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "config/config.hpp"
#include "http/request_framing.hpp"
#include "http/request_intake.hpp"

namespace {

namespace http = boost::beast::http;

// An ES256 access token's length, as the service issues them.
const std::string bearer_get =
    "GET /secure-endpoint HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nUser-Agent: wrk\r\n"
    "Accept: */*\r\nAuthorization: Bearer " +
    std::string(560, 'x') + "\r\n\r\n";

const std::string chunked_post =
    "POST /login HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nContent-Type: application/json\r\n"
    "Transfer-Encoding: chunked\r\n\r\n"
    "14\r\n{\"username\": \"test\",\r\n18\r\n \"password\": \"password\"}\r\n0\r\n\r\n";

const tessera::server::framing_limits limits =
    tessera::server::framing_limits_for(tessera::server::limits_config{});

const std::string& request_of(const benchmark::State& state) {
  return state.range(0) == 0 ? bearer_get : chunked_post;
}

void BM_Framer(benchmark::State& state) {
  const auto& bytes = request_of(state);
  for (auto _ : state) {
    tessera::server::request_framer framer{limits};
    benchmark::DoNotOptimize(framer.scan(bytes));
    benchmark::DoNotOptimize(framer.message_end());
  }
}

void BM_BeastParser(benchmark::State& state) {
  const auto& bytes = request_of(state);
  for (auto _ : state) {
    http::request_parser<http::string_body> parser;
    boost::system::error_code ec;
    tessera::server::parse_framed(parser, bytes, ec);
    benchmark::DoNotOptimize(parser.get().target());
  }
}

void BM_FramerThenParser(benchmark::State& state) {
  const auto& bytes = request_of(state);
  for (auto _ : state) {
    tessera::server::request_framer framer{limits};
    benchmark::DoNotOptimize(framer.scan(bytes));
    http::request_parser<http::string_body> parser;
    boost::system::error_code ec;
    tessera::server::parse_framed(
        parser,
        std::string_view(bytes).substr(framer.message_start(),
                                       framer.message_end() - framer.message_start()),
        ec);
    benchmark::DoNotOptimize(parser.get().target());
  }
}

// 0: the bearer GET; 1: the chunked POST.
BENCHMARK(BM_Framer)->Arg(0)->Arg(1);
BENCHMARK(BM_BeastParser)->Arg(0)->Arg(1);
BENCHMARK(BM_FramerThenParser)->Arg(0)->Arg(1);

}  // namespace

BENCHMARK_MAIN();
