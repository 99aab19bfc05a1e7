// The one translation unit that includes Boost.Asio and Boost.Beast: they are slow to compile,
// so the handlers only ever see http/message.hpp.
#include "http/server.hpp"

#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>
#include <unordered_set>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "http/request_intake.hpp"
#include "http/responses.hpp"
#include "observability/log.hpp"

namespace tessera::server {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;

constexpr auto use_tuple = net::as_tuple(net::use_awaitable);

bool contains(const std::vector<std::string>& list, std::string_view item) {
  for (const auto& s : list) {
    if (s == item) return true;
  }
  return false;
}

// Shared by every connection.
struct server_state {
  server_state(http_server_parts p, net::io_context& context) : parts(std::move(p)), ioc(context) {}

  http_server_parts parts;
  net::io_context& ioc;
  std::atomic<std::size_t> connections{0};
  std::atomic<bool> stopping{false};

  // Requests being read, handled or answered. A stop waits for this to reach zero, then
  // stops the io_context: idle keep-alive connections are simply closed, and nothing is
  // cancelled from outside its own connection.
  std::atomic<std::size_t> busy{0};
};

// Runs a deferred handler on the hashing pool and resumes on the connection's executor.
net::awaitable<std::optional<response>> run_on_pool(server_state& state, deferred_response job) {
  auto executor = co_await net::this_coro::executor;
  // Temporaries inside a co_await expression are destroyed twice by g++ 12 (GCC PR 99576 and
  // relatives), which breaks reference counts: every awaitable here is built first, as a named
  // object, and then awaited.
  auto initiation = [&state, executor](auto handler, deferred_response work) {
    // Shared so that a refusal by a full pool can still answer through the handler.
    auto holder = std::make_shared<std::optional<decltype(handler)>>(std::move(handler));
    // No work guard: while a request waits here the connection counts as busy, and a stop
    // keeps the io_context running until no request is busy (see run_http_server).
    std::move_only_function<void()> task = [work = std::move(work), holder, executor]() mutable {
      std::optional<response> r = work();
      net::post(executor, [holder = std::move(holder), r = std::move(r)]() mutable {
        std::move (**holder)(std::move(r));
      });
    };
    if (!state.parts.pool.submit(std::move(task))) {
      net::post(executor, [holder] { std::move (**holder)(std::optional<response>{}); });
    }
  };
  auto operation = net::async_initiate<decltype(use_tuple), void(std::optional<response>)>(
      std::move(initiation), use_tuple, std::move(job));
  auto [result] = co_await std::move(operation);
  co_return result;
}

void apply_cors(const service_config& config, const request& req, response& res) {
  if (req.origin.empty() || !contains(config.cors_allowed_origins, req.origin)) return;
  for (const auto& [name, value] : res.headers) {
    if (name == "Access-Control-Allow-Origin") return;  // a preflight answer has them already
  }
  res.header("Access-Control-Allow-Origin", std::string(req.origin));
  res.header("Vary", "Origin");
}

response preflight(const service_config& config, const request& req) {
  response r;
  r.status = 204;
  r.content_type.clear();
  if (!req.origin.empty() && contains(config.cors_allowed_origins, req.origin)) {
    r.header("Access-Control-Allow-Origin", std::string(req.origin));
    r.header("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
    r.header("Access-Control-Allow-Headers", "Authorization, Content-Type");
    r.header("Access-Control-Max-Age", "600");
    r.header("Vary", "Origin");
  }
  return r;
}

template <class Stream>
net::awaitable<void> write_response(Stream& stream, const response& res, unsigned version,
                                    bool keep_alive, bool head) {
  http::response<http::string_body> out{static_cast<http::status>(res.status), version};
  out.set(http::field::server, "tessera");
  if (!res.content_type.empty()) out.set(http::field::content_type, res.content_type);
  for (const auto& [name, value] : res.headers) out.insert(name, value);
  out.body() = head ? std::string() : res.body;
  out.keep_alive(keep_alive);
  out.prepare_payload();
  if (head) out.content_length(res.body.size());
  co_await http::async_write(stream, out, use_tuple);
}

tcp::socket& tcp_layer(tcp::socket& s) { return s; }
tcp::socket& tcp_layer(net::ssl::stream<tcp::socket>& s) { return s.next_layer(); }

// Bounds one operation in time by cancelling the socket's pending operations when it expires.
// Our own timer, not beast::tcp_stream's: an expired tcp_stream closes its socket (the client
// is owed a 408), and its timeout handler proved unsafe at shutdown with strand executors.
// Timer, socket and guard share the connection's strand, so `alive` needs no lock, and a
// handler that finds the guard alive may use it.
class deadline_guard {
 public:
  deadline_guard(tcp::socket& socket, std::chrono::steady_clock::duration limit)
      : timer_(socket.get_executor(), limit),
        expired_(std::make_shared<bool>(false)),
        alive_(std::make_shared<bool>(true)) {
    arm(socket);
  }
  deadline_guard(const deadline_guard&) = delete;
  deadline_guard& operator=(const deadline_guard&) = delete;
  ~deadline_guard() {
    *alive_ = false;
    try {
      timer_.cancel();
    } catch (const boost::system::system_error&) {
      // A timer that cannot be cancelled expires on its own; with alive_ false it does nothing.
    }
  }
  [[nodiscard]] bool expired() const noexcept { return *expired_; }

 private:
  // A cancel reaches only an operation that is pending. A composed operation (http::async_read)
  // is a chain of reads: when the deadline falls between two of them (one read complete, its
  // handler still queued), the cancel finds nothing and the next read runs unbounded, so a
  // client trickling bytes could outlive the timeout. Once expired, the guard cancels again
  // every few milliseconds until the operation has ended and the guard is gone.
  void arm(tcp::socket& socket) {
    timer_.async_wait([this, alive = alive_, &socket](const beast::error_code& error) {
      if (error || !*alive) return;
      *expired_ = true;
      beast::error_code ignored;
      socket.cancel(ignored);
      timer_.expires_after(10ms);
      arm(socket);
    });
  }

  net::steady_timer timer_;
  std::shared_ptr<bool> expired_;
  std::shared_ptr<bool> alive_;
};

// After the last answer, reads and discards what the client still sends, for a bounded time and
// size: closing a socket with unread data resets the connection, and the reset can destroy the
// answer (a 413, say) before the client has read it (RFC 9112 section 9.6).
net::awaitable<void> drain_before_close(tcp::socket& socket) {
  constexpr std::size_t max_bytes = std::size_t{16} * 1024 * 1024;
  const deadline_guard deadline(socket, 2s);
  std::array<char, 4096> sink{};
  std::size_t total = 0;
  while (total < max_bytes) {
    auto reading = socket.async_read_some(net::buffer(sink), use_tuple);
    auto [ec, n] = co_await std::move(reading);
    if (ec) break;
    total += n;
  }
}

// One connection: read a request within the limits, answer it, repeat while kept alive.
template <class Stream>
net::awaitable<void> serve(server_state& state, Stream& stream, std::string peer) {
  // Counts this connection as busy for as long as a request is in flight.
  struct busy_mark {
    explicit busy_mark(std::atomic<std::size_t>* busy) noexcept : counter(busy) {}
    busy_mark(const busy_mark&) = delete;
    busy_mark& operator=(const busy_mark&) = delete;
    std::atomic<std::size_t>* counter = nullptr;
    void set() {
      if (counter == nullptr) return;
      counter->fetch_add(1);
    }
    void clear() {
      if (counter == nullptr) return;
      counter->fetch_sub(1);
      counter = nullptr;
    }
    ~busy_mark() { clear(); }
  };
  const auto& config = state.parts.config;
  const auto& limits = config.limits;
  beast::flat_buffer buffer;
  bool first = true;
  for (;;) {
    if (!first) {
      // Between requests on a kept-alive connection. A connection accepted just before a stop
      // still has its first request read and answered (with Connection: close), and so has a
      // request that had already arrived when the stop began: it is in flight, not new.
      beast::error_code unknown;
      const bool arrived =
          buffer.size() != 0 || (state.stopping && tcp_layer(stream).available(unknown) != 0);
      if (state.stopping && !arrived) co_return;
      // Idle between requests: the keep-alive timeout until the next request starts.
      if (!arrived) {
        const deadline_guard idle(tcp_layer(stream), limits.keep_alive_timeout);
        auto [ec, n] = co_await stream.async_read_some(buffer.prepare(1024), use_tuple);
        if (ec) co_return;
        buffer.commit(n);
      }
    }
    first = false;
    busy_mark mark{&state.busy};
    mark.set();

    http::request_parser<http::string_body> parser;
    apply_limits(parser, limits);
    const auto started = std::chrono::steady_clock::now();
    beast::error_code read_error;
    {
      const deadline_guard deadline(tcp_layer(stream), limits.request_timeout);
      auto [ec, bytes] = co_await http::async_read(stream, buffer, parser, use_tuple);
      read_error = ec;
      if (deadline.expired()) read_error = make_error_code(beast::error::timeout);
    }
    const auto& ec = read_error;

    std::optional<response> early;
    if (ec == http::error::end_of_stream || ec == net::error::eof ||
        ec == net::error::connection_reset || ec == net::error::operation_aborted) {
      co_return;
    } else if (ec) {
      // Until the request line is complete the parser consumes nothing: the buffer holds it.
      const bool in_request_line = parser.get().target().empty();
      const std::string_view received(static_cast<const char*>(buffer.data().data()),
                                      buffer.size());
      early = refusal_for_read_error(ec, in_request_line ? received : std::string_view{}, limits);
    }
    if (early) {
      // The stream is out of step with the protocol: answer and close.
      {
        const deadline_guard writing(tcp_layer(stream), 5s);
        co_await write_response(stream, *early, 11, false, false);
      }
      state.parts.metrics.record_request(SIZE_MAX, early->status,
                                         std::chrono::steady_clock::now() - started);
      co_return;
    }

    auto& msg = parser.get();
    request req;
    std::string client;
    std::size_t route = SIZE_MAX;
    response res;
    if (auto refused = take_request(msg, peer, config, req, client)) {
      res = std::move(*refused);
    } else if (req.verb == method::options && !config.cors_allowed_origins.empty()) {
      res = preflight(config, req);
    } else {
      auto result = state.parts.routes.dispatch(req, route);
      if (auto* ready = std::get_if<response>(&result)) {
        res = std::move(*ready);
      } else {
        auto waiting = run_on_pool(state, std::move(std::get<deferred_response>(result)));
        auto answered = co_await std::move(waiting);
        res = answered ? std::move(*answered) : detail_response(503, "Server busy; retry later");
        if (!answered) res.header("Retry-After", "1");
      }
    }
    apply_cors(config, req, res);

    const bool keep_alive = msg.keep_alive() && !state.stopping;
    {
      const deadline_guard writing(tcp_layer(stream), limits.request_timeout);
      co_await write_response(stream, res, msg.version(), keep_alive, req.verb == method::head);
    }
    const auto elapsed = std::chrono::steady_clock::now() - started;
    state.parts.metrics.record_request(route, res.status, elapsed);
    if (access_log_enabled()) {
      log_event(
          log_level::info, "access",
          {{"method", std::string_view(msg.method_string().data(), msg.method_string().size())},
           {"path", req.path},
           {"status", res.status},
           {"client", client},
           {"ms", std::chrono::duration<double, std::milli>(elapsed).count()}});
    }
    mark.clear();
    if (!keep_alive) co_return;
  }
}

template <class Stream>
net::awaitable<void> run_connection(server_state& state, Stream stream, std::string peer) {
  auto serving = serve(state, stream, std::move(peer));
  co_await std::move(serving);
  beast::error_code ignored;
  tcp_layer(stream).shutdown(tcp::socket::shutdown_send, ignored);
  auto draining = drain_before_close(tcp_layer(stream));
  co_await std::move(draining);
  state.connections.fetch_sub(1);
}

net::awaitable<void> run_tls_connection(server_state& state, net::ssl::context& tls,
                                        tcp::socket plain, std::string peer) {
  net::ssl::stream<tcp::socket> stream(std::move(plain), tls);
  beast::error_code ec;
  {
    const deadline_guard handshake(stream.next_layer(), state.parts.config.limits.request_timeout);
    auto [handshake_error] =
        co_await stream.async_handshake(net::ssl::stream_base::server, use_tuple);
    ec = handshake_error;
  }
  if (ec) {
    state.connections.fetch_sub(1);
    co_return;
  }
  auto serving = run_connection(state, std::move(stream), std::move(peer));
  co_await std::move(serving);
}

net::awaitable<void> accept_loop(server_state& state, tcp::acceptor& acceptor,
                                 net::ssl::context* tls) {
  for (;;) {
    auto strand = net::make_strand(state.ioc);
    auto accepting = acceptor.async_accept(strand, use_tuple);
    auto [ec, socket] = co_await std::move(accepting);
    if (ec) {
      if (state.stopping || ec == net::error::operation_aborted) co_return;
      continue;  // e.g. out of file descriptors: keep serving the others
    }
    if (state.connections.load() >= state.parts.config.limits.max_connections) {
      beast::error_code ignored;
      socket.close(ignored);  // at the cap: refuse at once rather than queue
      continue;
    }
    state.connections.fetch_add(1);
    beast::error_code peer_ec;
    const auto remote = socket.remote_endpoint(peer_ec);
    std::string peer = peer_ec ? std::string("unknown") : remote.address().to_string();
    auto executor = socket.get_executor();
    tcp::socket stream(std::move(socket));
    if (tls != nullptr) {
      net::co_spawn(executor, run_tls_connection(state, *tls, std::move(stream), std::move(peer)),
                    net::detached);
    } else {
      net::co_spawn(executor, run_connection(state, std::move(stream), std::move(peer)),
                    net::detached);
    }
  }
}

std::optional<tcp::endpoint> parse_listen(const std::string& listen) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) return std::nullopt;
  std::string host = listen.substr(0, colon);
  if (host.size() > 1 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  beast::error_code ec;
  const auto address = net::ip::make_address(host == "localhost" ? "127.0.0.1" : host, ec);
  if (ec) return std::nullopt;
  unsigned port = 0;
  try {
    port = static_cast<unsigned>(std::stoul(listen.substr(colon + 1)));
  } catch (...) {
    return std::nullopt;
  }
  if (port > 65535) return std::nullopt;
  return tcp::endpoint(address, static_cast<unsigned short>(port));
}

}  // namespace

int run_http_server(http_server_parts parts) {
  const auto& config = parts.config;
  const auto endpoint = parse_listen(config.listen);
  if (!endpoint) {
    log_event(log_level::error, "bad_listen_address", {{"listen", config.listen}});
    return 1;
  }
  const std::size_t threads = config.io_threads != 0
                                  ? config.io_threads
                                  : std::max(1u, std::thread::hardware_concurrency());
  net::io_context ioc(static_cast<int>(threads));

  std::optional<net::ssl::context> tls;
  if (!config.tls_cert_file.empty()) {
    tls.emplace(net::ssl::context::tls_server);
    tls->set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 |
                     net::ssl::context::no_sslv3 | net::ssl::context::no_tlsv1 |
                     net::ssl::context::no_tlsv1_1);
    beast::error_code ec;
    tls->use_certificate_chain_file(config.tls_cert_file, ec);
    if (!ec) tls->use_private_key_file(config.tls_key_file, net::ssl::context::pem, ec);
    if (ec) {
      log_event(log_level::error, "tls_files_unreadable", {{"detail", ec.message()}});
      return 1;
    }
  }

  tcp::acceptor acceptor(ioc);
  beast::error_code ec;
  acceptor.open(endpoint->protocol(), ec);
  if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(*endpoint, ec);
  if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    log_event(log_level::error, "cannot_listen",
              {{"listen", config.listen}, {"detail", ec.message()}});
    return 1;
  }
  const auto bound = acceptor.local_endpoint();
  const std::string bound_text = (bound.address().is_v6() ? "[" + bound.address().to_string() + "]"
                                                          : bound.address().to_string()) +
                                 ":" + std::to_string(bound.port());

  server_state state{std::move(parts), ioc};
  net::signal_set signals(ioc, SIGINT, SIGTERM);
  // A stop: no new connections; requests in flight are answered (with Connection: close);
  // then the io_context stops. The wait is bounded by the request timeout plus a margin.
  net::steady_timer drain(ioc);
  std::chrono::steady_clock::time_point stop_began{};
  std::function<void(std::chrono::steady_clock::time_point)> wait_for_drain =
      [&](std::chrono::steady_clock::time_point give_up) {
        // A short grace first: connections accepted just before the stop get to send their
        // request and be counted as busy.
        const bool settled = std::chrono::steady_clock::now() > stop_began + 200ms;
        if ((settled && state.busy.load() == 0) || std::chrono::steady_clock::now() > give_up) {
          ioc.stop();
          return;
        }
        drain.expires_after(std::chrono::milliseconds(10));
        drain.async_wait([&, give_up](const beast::error_code&) { wait_for_drain(give_up); });
      };
  signals.async_wait([&](const beast::error_code& error, int signal) {
    if (error) return;
    log_event(log_level::info, "stopping", {{"signal", signal}});
    state.stopping = true;
    stop_began = std::chrono::steady_clock::now();
    beast::error_code ignored;
    acceptor.close(ignored);
    wait_for_drain(std::chrono::steady_clock::now() + config.limits.request_timeout +
                   std::chrono::seconds(5));
  });

  net::co_spawn(ioc, accept_loop(state, acceptor, tls ? &*tls : nullptr), net::detached);
  log_event(log_level::info, "listening",
            {{"address", bound_text}, {"tls", tls.has_value()}, {"io_threads", threads}});
  if (state.parts.on_listening) state.parts.on_listening(bound_text);

  std::vector<std::thread> workers;
  for (std::size_t i = 1; i < threads; ++i) workers.emplace_back([&ioc] { ioc.run(); });
  ioc.run();
  for (auto& w : workers) w.join();
  // Password checks still running will post their answers; the io_context must outlive them.
  state.parts.pool.wait_idle();
  log_event(log_level::info, "stopped");
  return 0;
}

}  // namespace tessera::server
