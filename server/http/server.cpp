// The one translation unit that includes Boost.Asio and Boost.Beast: they are slow to compile,
// so the handlers only ever see http/message.hpp.
//
// Threading: one io_context per I/O thread, each run by its own thread alone. A connection lives
// on one context from accept to close, so its socket, its timer and its coroutine never meet
// another thread, and need no strand. The hashing pool's answers are posted back to the
// connection's context.
#include "http/server.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <thread>
#include <vector>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "http/request_intake.hpp"
#include "http/response_head.hpp"
#include "http/responses.hpp"
#include "observability/log.hpp"

namespace tessera::server {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;
using steady_clock = std::chrono::steady_clock;

// The concrete executor of an io_context rather than the type-erased any_io_executor: every
// operation and every coroutine step goes through it.
using executor = net::io_context::executor_type;
using socket_type = net::basic_stream_socket<tcp, executor>;
using tls_stream = net::ssl::stream<socket_type>;
using acceptor_type = net::basic_socket_acceptor<tcp, executor>;
using timer_type =
    net::basic_waitable_timer<steady_clock, net::wait_traits<steady_clock>, executor>;
template <class T>
using task = net::awaitable<T, executor>;

constexpr auto use_tuple = net::as_tuple(net::use_awaitable_t<executor>{});

bool contains(const std::vector<std::string>& list, std::string_view item) {
  for (const auto& s : list) {
    if (s == item) return true;
  }
  return false;
}

// Shared by every connection.
struct server_state {
  explicit server_state(http_server_parts p) : parts(std::move(p)) {}

  http_server_parts parts;
  std::atomic<std::size_t> connections{0};
  std::atomic<bool> stopping{false};

  // Requests being read, handled or answered. A stop waits for this to reach zero, then
  // stops the io_contexts: idle keep-alive connections are simply closed, and nothing is
  // cancelled from outside its own connection.
  std::atomic<std::size_t> busy{0};
};

// Runs a deferred handler on the hashing pool and resumes on `home`, the connection's executor.
// (Passed in rather than read from this_coro::executor, which clang-analyzer follows into the
// coroutine frame and misreads as an uninitialized pointer.)
task<std::optional<response>> run_on_pool(server_state& state, executor home,
                                          deferred_response job) {
  // Temporaries inside a co_await expression are destroyed twice by g++ 12 (GCC PR 99576 and
  // relatives), which breaks reference counts: every awaitable here is built first, as a named
  // object, and then awaited.
  auto initiation = [&state, home](auto handler, deferred_response work) {
    // Shared so that a refusal by a full pool can still answer through the handler.
    auto holder = std::make_shared<std::optional<decltype(handler)>>(std::move(handler));
    // No work guard: while a request waits here the connection counts as busy, and a stop
    // keeps the io_contexts running until no request is busy (see run_http_server).
    std::move_only_function<void()> on_pool = [work = std::move(work), holder, home]() mutable {
      std::optional<response> r = work();
      net::post(home, [holder = std::move(holder), r = std::move(r)]() mutable {
        std::move (**holder)(std::move(r));
      });
    };
    if (!state.parts.pool.submit(std::move(on_pool))) {
      net::post(home, [holder] { std::move (**holder)(std::optional<response>{}); });
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

socket_type& tcp_layer(socket_type& s) { return s; }
socket_type& tcp_layer(tls_stream& s) { return s.next_layer(); }

// The deadline of a connection's current operation (the wait for the next request, a request's
// read, an answer's write, the TLS handshake, the lingering close), kept by one timer for the
// whole connection. Starting an operation only stores its deadline: no timer is armed or
// cancelled per operation and nothing is allocated. Our own timer, not beast::tcp_stream's: an
// expired tcp_stream closes its socket, and the client is owed a 408.
//
// The timer has one wait outstanding while an operation is bounded, never later than `period`
// after it was armed (the shortest of the request and keep-alive timeouts), so a later deadline
// of those timeouts can never fall before it; a shorter one (the lingering close) re-arms it.
// When the wait ends before the deadline, it waits again; after it, it cancels the socket's
// pending operations. A cancel reaches only an operation that is pending: a composed operation
// (http::async_read) is a chain of reads, and when the deadline falls between two of them (one
// read complete, its handler still queued) the cancel finds nothing and the next read would run
// unbounded, so a client trickling bytes could outlive the timeout. Once expired, the timer
// therefore cancels again every few milliseconds until the operation has ended.
//
// Everything here runs on the connection's own io_context, one thread: nothing is locked.
class connection_deadline : public std::enable_shared_from_this<connection_deadline> {
 public:
  connection_deadline(const executor& ex, steady_clock::duration period)
      : timer_(ex), period_(std::max<steady_clock::duration>(period, 10ms)) {}
  connection_deadline(const connection_deadline&) = delete;
  connection_deadline& operator=(const connection_deadline&) = delete;
  connection_deadline(connection_deadline&&) = delete;
  connection_deadline& operator=(connection_deadline&&) = delete;
  ~connection_deadline() = default;

  // Bounds the operation about to start by `limit` from now.
  void start(steady_clock::duration limit) {
    const auto now = steady_clock::now();
    deadline_ = now + limit;
    expired_ = false;
    if (waits_ == 0) {
      arm(std::min(deadline_, now + period_));
    } else if (timer_.expiry() > deadline_) {
      arm(deadline_);
    }
  }
  // The operation has ended: nothing is bounded until the next start.
  void stop() noexcept { deadline_ = steady_clock::time_point::max(); }
  // Whether the deadline of the last operation started passed while it ran.
  [[nodiscard]] bool expired() const noexcept { return expired_; }
  // The connection is over: closes the socket; the wait outstanding ends at once.
  void close() {
    deadline_ = steady_clock::time_point::max();
    closed_ = true;
    beast::error_code ignored;
    (void)socket_->close(ignored);
    (void)timer_.cancel();
  }

 protected:
  void watch(socket_type& socket) noexcept { socket_ = &socket; }

 private:
  // Replaces the wait outstanding, if any (its handler then sees operation_aborted).
  void arm(steady_clock::time_point at) {
    (void)timer_.expires_at(at);
    ++waits_;
    timer_.async_wait(
        [self = shared_from_this()](const beast::error_code& error) { self->on_timer(error); });
  }

  void on_timer(const beast::error_code& error) {
    --waits_;
    if (error || closed_ || deadline_ == steady_clock::time_point::max()) return;
    const auto now = steady_clock::now();
    if (now < deadline_) {
      arm(std::min(deadline_, now + period_));
      return;
    }
    expired_ = true;
    beast::error_code ignored;
    (void)socket_->cancel(ignored);
    arm(now + 10ms);
  }

  timer_type timer_;
  socket_type* socket_ = nullptr;
  steady_clock::duration period_;
  steady_clock::time_point deadline_ = steady_clock::time_point::max();
  std::size_t waits_ = 0;  // waits not yet completed, a replaced one included
  bool expired_ = false;
  bool closed_ = false;
};

// One connection's state, shared by its coroutine and its timer's wait (the wait may end after
// the coroutine, and keeps it alive until then).
template <class Stream>
class connection final : public connection_deadline {
 public:
  template <class... Args>
  connection(steady_clock::duration period, socket_type socket, Args&&... args)
      : connection_deadline(socket.get_executor(), period),
        stream(std::move(socket), std::forward<Args>(args)...) {
    watch(tcp_layer(stream));
  }

  Stream stream;
  beast::flat_buffer buffer;  // what the client sent and the parser has not consumed yet
  std::string head;           // an answer's status line and header fields, reused
};

template <class Stream>
task<void> write_response(connection<Stream>& conn, const response& res, unsigned version,
                          bool keep_alive, bool head) {
  write_response_head(conn.head, res, version, keep_alive, head);
  const bool with_body = !head && !is_bodiless(res.status);
  const std::array<net::const_buffer, 2> buffers{
      net::buffer(conn.head), with_body ? net::buffer(res.body) : net::const_buffer{}};
  auto writing = net::async_write(conn.stream, buffers, use_tuple);
  co_await std::move(writing);
}

// After the last answer, reads and discards what the client still sends, for a bounded time and
// size: closing a socket with unread data resets the connection, and the reset can destroy the
// answer (a 413, say) before the client has read it (RFC 9112 section 9.6).
template <class Stream>
task<void> drain_before_close(connection<Stream>& conn) {
  constexpr std::size_t max_bytes = std::size_t{16} * 1024 * 1024;
  auto& socket = tcp_layer(conn.stream);
  conn.start(2s);
  std::array<char, 4096> sink{};
  std::size_t total = 0;
  while (total < max_bytes) {
    auto reading = socket.async_read_some(net::buffer(sink), use_tuple);
    auto [ec, n] = co_await std::move(reading);
    if (ec) break;
    total += n;
  }
  conn.stop();
}

// Counts a connection as busy for as long as a request is in flight.
class busy_mark {
 public:
  explicit busy_mark(std::atomic<std::size_t>& busy) noexcept : counter_(&busy) {
    counter_->fetch_add(1);
  }
  busy_mark(const busy_mark&) = delete;
  busy_mark& operator=(const busy_mark&) = delete;
  busy_mark(busy_mark&&) = delete;
  busy_mark& operator=(busy_mark&&) = delete;
  ~busy_mark() { clear(); }
  void clear() noexcept {
    if (counter_ == nullptr) return;
    counter_->fetch_sub(1);
    counter_ = nullptr;
  }

 private:
  std::atomic<std::size_t>* counter_;
};

// One connection: read a request within the limits, answer it, repeat while kept alive.
template <class Stream>
task<void> serve(server_state& state, connection<Stream>& conn, const std::string& peer) {
  const auto& config = state.parts.config;
  const auto& limits = config.limits;
  auto& stream = conn.stream;
  auto& buffer = conn.buffer;
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
        conn.start(limits.keep_alive_timeout);
        auto waiting = stream.async_read_some(buffer.prepare(1024), use_tuple);
        auto [ec, n] = co_await std::move(waiting);
        conn.stop();
        if (ec) co_return;
        buffer.commit(n);
      }
    }
    first = false;
    busy_mark mark{state.busy};

    http::request_parser<http::string_body> parser;
    apply_limits(parser, limits);
    const auto started = steady_clock::now();
    beast::error_code read_error;
    {
      conn.start(limits.request_timeout);
      auto reading = http::async_read(stream, buffer, parser, use_tuple);
      auto [ec, bytes] = co_await std::move(reading);
      read_error = ec;
      if (conn.expired()) read_error = make_error_code(beast::error::timeout);
      conn.stop();
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
      conn.start(5s);
      auto writing = write_response(conn, *early, 11, false, false);
      co_await std::move(writing);
      conn.stop();
      state.parts.metrics.record_request(SIZE_MAX, early->status, steady_clock::now() - started);
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
        auto waiting = run_on_pool(state, stream.get_executor(),
                                   std::move(std::get<deferred_response>(result)));
        auto answered = co_await std::move(waiting);
        res = answered ? std::move(*answered) : detail_response(503, "Server busy; retry later");
        if (!answered) res.header("Retry-After", "1");
      }
    }
    apply_cors(config, req, res);

    const bool keep_alive = msg.keep_alive() && !state.stopping;
    {
      conn.start(limits.request_timeout);
      auto writing = write_response(conn, res, msg.version(), keep_alive, req.verb == method::head);
      co_await std::move(writing);
      conn.stop();
    }
    const auto elapsed = steady_clock::now() - started;
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
task<void> run_connection(server_state& state, std::shared_ptr<connection<Stream>> conn,
                          std::string peer) {
  auto serving = serve(state, *conn, peer);
  co_await std::move(serving);
  beast::error_code ignored;
  (void)tcp_layer(conn->stream).shutdown(tcp::socket::shutdown_send, ignored);
  auto draining = drain_before_close(*conn);
  co_await std::move(draining);
  conn->close();
  state.connections.fetch_sub(1);
}

task<void> run_tls_connection(server_state& state, std::shared_ptr<connection<tls_stream>> conn,
                              std::string peer) {
  conn->start(state.parts.config.limits.request_timeout);
  auto handshaking = conn->stream.async_handshake(net::ssl::stream_base::server, use_tuple);
  auto [ec] = co_await std::move(handshaking);
  conn->stop();
  if (ec) {
    conn->close();
    state.connections.fetch_sub(1);
    co_return;
  }
  auto serving = run_connection(state, std::move(conn), std::move(peer));
  co_await std::move(serving);
}

// Accepts on the first context and hands the connections to the contexts in turn.
task<void> accept_loop(server_state& state, acceptor_type& acceptor,
                       const std::vector<std::unique_ptr<net::io_context>>& contexts,
                       net::ssl::context* tls) {
  const auto& limits = state.parts.config.limits;
  const auto period =
      std::min<steady_clock::duration>(limits.request_timeout, limits.keep_alive_timeout);
  std::size_t next = 0;
  for (;;) {
    auto& context = *contexts[next];
    next = (next + 1) % contexts.size();
    auto accepting = acceptor.async_accept(context.get_executor(), use_tuple);
    auto [ec, socket] = co_await std::move(accepting);
    if (ec) {
      if (state.stopping || ec == net::error::operation_aborted) co_return;
      continue;  // e.g. out of file descriptors: keep serving the others
    }
    if (state.connections.load() >= limits.max_connections) {
      beast::error_code ignored;
      (void)socket.close(ignored);  // at the cap: refuse at once rather than queue
      continue;
    }
    state.connections.fetch_add(1);
    beast::error_code peer_ec;
    const auto remote = socket.remote_endpoint(peer_ec);
    std::string peer = peer_ec ? std::string("unknown") : remote.address().to_string();
    const auto ex = context.get_executor();
    if (tls != nullptr) {
      auto conn = std::make_shared<connection<tls_stream>>(period, std::move(socket), *tls);
      net::co_spawn(ex, run_tls_connection(state, std::move(conn), std::move(peer)), net::detached);
    } else {
      auto conn = std::make_shared<connection<socket_type>>(period, std::move(socket));
      net::co_spawn(ex, run_connection(state, std::move(conn), std::move(peer)), net::detached);
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

  std::optional<net::ssl::context> tls;
  if (!config.tls_cert_file.empty()) {
    tls.emplace(net::ssl::context::tls_server);
    tls->set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 |
                     net::ssl::context::no_sslv3 | net::ssl::context::no_tlsv1 |
                     net::ssl::context::no_tlsv1_1);
    beast::error_code ec;
    (void)tls->use_certificate_chain_file(config.tls_cert_file, ec);
    if (!ec) (void)tls->use_private_key_file(config.tls_key_file, net::ssl::context::pem, ec);
    if (ec) {
      log_event(log_level::error, "tls_files_unreadable", {{"detail", ec.message()}});
      return 1;
    }
  }

  // Declared before the contexts: the coroutines that a stop leaves suspended refer to it and
  // to the TLS context, and are destroyed with the contexts.
  server_state state{std::move(parts)};
  std::vector<std::unique_ptr<net::io_context>> contexts;
  contexts.reserve(threads);
  for (std::size_t i = 0; i < threads; ++i)
    contexts.push_back(std::make_unique<net::io_context>(1));
  auto& first = *contexts.front();
  const auto stop_all = [&contexts] {
    for (auto& context : contexts) context->stop();
  };

  acceptor_type acceptor(first.get_executor());
  beast::error_code ec;
  (void)acceptor.open(endpoint->protocol(), ec);
  if (!ec) (void)acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) (void)acceptor.bind(*endpoint, ec);
  if (!ec) (void)acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    log_event(log_level::error, "cannot_listen",
              {{"listen", config.listen}, {"detail", ec.message()}});
    return 1;
  }
  const auto bound = acceptor.local_endpoint();
  // Appended piece by piece: g++ 12 misreads a chain of operator+ here as an overlapping copy
  // (-Werror=restrict, GCC PR 105329).
  std::string bound_text = bound.address().to_string();
  if (bound.address().is_v6()) {
    bound_text.insert(0, 1, '[');
    bound_text.push_back(']');
  }
  bound_text.push_back(':');
  bound_text.append(std::to_string(bound.port()));

  net::signal_set signals(first, SIGINT, SIGTERM);
  // A stop: no new connections; requests in flight are answered (with Connection: close);
  // then every io_context stops. The wait is bounded by the request timeout plus a margin.
  net::steady_timer drain(first);
  steady_clock::time_point stop_began{};
  std::function<void(steady_clock::time_point)> wait_for_drain =
      [&](steady_clock::time_point give_up) {
        // A short grace first: connections accepted just before the stop get to send their
        // request and be counted as busy.
        const bool settled = steady_clock::now() > stop_began + 200ms;
        if ((settled && state.busy.load() == 0) || steady_clock::now() > give_up) {
          stop_all();
          return;
        }
        drain.expires_after(std::chrono::milliseconds(10));
        drain.async_wait([&, give_up](const beast::error_code&) { wait_for_drain(give_up); });
      };
  signals.async_wait([&](const beast::error_code& error, int signal) {
    if (error) return;
    log_event(log_level::info, "stopping", {{"signal", signal}});
    state.stopping = true;
    stop_began = steady_clock::now();
    beast::error_code ignored;
    (void)acceptor.close(ignored);
    wait_for_drain(steady_clock::now() + state.parts.config.limits.request_timeout +
                   std::chrono::seconds(5));
  });

  net::co_spawn(first, accept_loop(state, acceptor, contexts, tls ? &*tls : nullptr),
                net::detached);
  log_event(log_level::info, "listening",
            {{"address", bound_text}, {"tls", tls.has_value()}, {"io_threads", threads}});
  if (state.parts.on_listening) state.parts.on_listening(bound_text);

  // Each context runs until a stop, with or without connections.
  std::vector<net::executor_work_guard<executor>> keep_running;
  keep_running.reserve(contexts.size());
  for (auto& context : contexts) keep_running.push_back(net::make_work_guard(*context));
  std::vector<std::thread> workers;
  for (std::size_t i = 1; i < threads; ++i) {
    workers.emplace_back([&context = *contexts[i]] { context.run(); });
  }
  first.run();
  for (auto& w : workers) w.join();
  // Password checks still running will post their answers; the contexts must outlive them.
  state.parts.pool.wait_idle();
  log_event(log_level::info, "stopped");
  return 0;
}

}  // namespace tessera::server
