// The HTTP layer's one translation unit (Asio and Beast are slow to compile, so the handlers
// only ever see http/message.hpp): accepting, reading requests within the limits, dispatching
// them, answering, and the graceful stop.
//
// Threading: one io_context per I/O thread, each run by its own thread alone. A connection lives
// on one context from accept to close, so its socket, its timer and its coroutine never meet
// another thread, and need no strand. The hashing pool's answers are posted back to the
// connection's context. Accepting, the signals and a reload all run on the first context.
#include "http/server.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <expected>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "http/asio_types.hpp"
#include "http/connection.hpp"
#include "http/cors.hpp"
#include "http/request_framing.hpp"
#include "http/request_intake.hpp"
#include "http/responses.hpp"
#include "observability/log.hpp"
#include "observability/systemd_notify.hpp"

namespace tessera::server::http_layer {
namespace {

// How much a read asks for at a time while a request arrives.
constexpr std::size_t read_chunk_bytes = 8192;

// How long accepting waits after it failed (out of file descriptors, say) before it tries again.
constexpr auto accept_retry_pause = std::chrono::milliseconds(50);

// A TLS listener's context and what its answers send as Strict-Transport-Security (empty:
// nothing). A reload replaces it whole; each connection keeps the one it was accepted with.
struct tls_setup {
  net::ssl::context context{net::ssl::context::tls_server};
  std::string strict_transport_security;
};

// Loads a certificate chain and its key; the reason when they do not load or do not match.
std::expected<std::shared_ptr<tls_setup>, std::string> load_tls(const tls_files& files) {
  auto setup = std::make_shared<tls_setup>();
  setup->context.set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 |
                             net::ssl::context::no_sslv3 | net::ssl::context::no_tlsv1 |
                             net::ssl::context::no_tlsv1_1);
  beast::error_code ec;
  (void)setup->context.use_certificate_chain_file(files.cert_file, ec);
  if (!ec) {
    (void)setup->context.use_private_key_file(files.key_file, net::ssl::context::pem, ec);
  }
  if (ec) return std::unexpected(ec.message());
  if (files.hsts_max_age.count() > 0) {
    setup->strict_transport_security = "max-age=" + std::to_string(files.hsts_max_age.count());
  }
  return setup;
}

// An accept error in words. For an errno (all that accept gives on Linux) the C library's text
// rather than ec.message(): that is a virtual call into an error category perhaps never used
// before, which UBSan's vptr check cannot verify while the process is out of descriptors.
std::string system_error_text(const beast::error_code& ec) {
  if (ec.category() != boost::system::system_category()) return ec.message();
  const char* text = strerrordesc_np(ec.value());
  return text != nullptr ? text : "error " + std::to_string(ec.value());
}

// Shared by every connection.
struct server_state {
  explicit server_state(http_server_parts p) : parts(std::move(p)) {}

  http_server_parts parts;
  // A TLS listener's current setup and the files it came from; null for plain HTTP. Read by
  // the accept loop and replaced by a reload, both on the first context.
  std::shared_ptr<tls_setup> tls;
  tls_files tls_source;
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

    // The framer finds where the request ends (or refuses it) before the parser sees a byte.
    request_framer framer{framing_limits_for(limits)};
    const auto started = steady_clock::now();
    const auto received = [&buffer] {
      return std::string_view(static_cast<const char*>(buffer.data().data()), buffer.size());
    };
    auto framing = framer.scan(received());
    beast::error_code read_error;
    if (framing == request_framer::verdict::need_more) {
      conn.start(limits.request_timeout);
      while (framing == request_framer::verdict::need_more) {
        auto reading = stream.async_read_some(buffer.prepare(read_chunk_bytes), use_tuple);
        auto [ec, n] = co_await std::move(reading);
        if (ec) {
          read_error = ec;
          break;
        }
        buffer.commit(n);
        framing = framer.scan(received());
      }
      if (conn.expired()) read_error = make_error_code(beast::error::timeout);
      conn.stop();
    }

    http::request_parser<http::string_body> parser;
    std::optional<response> early;
    if (read_error == beast::error::timeout) {
      early = refusal_for_read_error(read_error);
    } else if (read_error) {
      co_return;  // the client closed the connection or reset it
    } else if (framing == request_framer::verdict::refused) {
      early = refusal_for_framing(framer.refusal());
    } else {
      const auto message =
          received().substr(framer.message_start(), framer.message_end() - framer.message_start());
      beast::error_code parse_error;
      parse_framed(parser, message, parse_error);
      // The parser has copied what it keeps: the request's bytes leave the buffer, and what
      // follows them (a pipelined request) is the start of the next one.
      buffer.consume(framer.message_end());
      if (parse_error) early = refusal_for_read_error(parse_error);
    }
    if (early) {
      // The stream is out of step with the protocol: answer and close.
      conn.start(5s);
      auto writing =
          write_response(conn, *early, {.version = 11, .keep_alive = false, .head_request = false});
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
    } else if (req.verb == method::options && answers_preflights(config)) {
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
      auto writing = write_response(conn, res,
                                    {.version = msg.version(),
                                     .keep_alive = keep_alive,
                                     .head_request = req.verb == method::head});
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
                       const std::vector<std::unique_ptr<net::io_context>>& contexts) {
  const auto& limits = state.parts.config.limits;
  const auto period =
      std::min<steady_clock::duration>(limits.request_timeout, limits.keep_alive_timeout);
  std::size_t next = 0;
  bool failing = false;  // the last accept failed: logged once, until one succeeds
  for (;;) {
    auto& context = *contexts[next];
    next = (next + 1) % contexts.size();
    auto accepting = acceptor.async_accept(context.get_executor(), use_tuple);
    auto [ec, socket] = co_await std::move(accepting);
    if (ec) {
      if (state.stopping || ec == net::error::operation_aborted) co_return;
      // E.g. out of file descriptors: keep serving the connections open, and try again after a
      // pause rather than at once (the error would repeat in a loop that takes a core).
      if (!failing) {
        log_event(log_level::error, "accept_failed",
                  {{"detail", system_error_text(ec)},
                   {"connections", state.connections.load()},
                   {"retry_ms", accept_retry_pause.count()}});
        failing = true;
      }
      timer_type pause(acceptor.get_executor());
      pause.expires_after(accept_retry_pause);
      auto pausing = pause.async_wait(use_tuple);
      co_await std::move(pausing);
      continue;
    }
    if (failing) {
      log_event(log_level::info, "accept_resumed", {{"connections", state.connections.load()}});
      failing = false;
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
    if (state.tls) {
      const auto& tls = state.tls;
      auto conn = std::make_shared<connection<tls_stream>>(period, std::move(socket), tls->context);
      // (OpenSSL holds the context for the stream; this holds the rest of the setup.)
      conn->strict_transport_security =
          std::shared_ptr<const std::string>(tls, &tls->strict_transport_security);
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

// SIGHUP: the configuration (through the service's hooks) and the TLS files read again. All of
// it applies, or nothing: a failure is logged and the service goes on as it was.
void reload(server_state& state) {
  notify_service_manager("RELOADING=1\nSTATUS=reloading");
  const auto failed = [](std::string_view error, std::string_view detail) {
    log_event(log_level::error, "reload_failed", {{"error", error}, {"detail", detail}});
    notify_service_manager("READY=1\nSTATUS=serving; the last reload failed (see the log)");
  };
  tls_files files = state.tls_source;
  if (state.parts.reload.prepare) {
    auto prepared = state.parts.reload.prepare();
    if (!prepared) return failed(prepared.error().name(), prepared.error().message());
    if (!prepared->cert_file.empty()) files = std::move(*prepared);
  }
  std::shared_ptr<tls_setup> tls;
  if (state.tls) {
    auto loaded = load_tls(files);
    if (!loaded) return failed("tls_files_unreadable", loaded.error());
    tls = std::move(*loaded);
  }
  if (tls) {
    state.tls = std::move(tls);
    state.tls_source = std::move(files);
    log_event(log_level::info, "tls_reloaded", {{"cert_file", state.tls_source.cert_file}});
  }
  if (state.parts.reload.commit) state.parts.reload.commit();
  notify_service_manager("READY=1\nSTATUS=serving");
}

// Listens, serves until SIGINT or SIGTERM, then stops gracefully: run_http_server.
int listen_and_serve(http_server_parts parts) {
  const auto& config = parts.config;
  const auto endpoint = parse_listen(config.listen);
  if (!endpoint) {
    log_event(log_level::error, "bad_listen_address", {{"listen", config.listen}});
    return 1;
  }
  const std::size_t threads = config.io_threads != 0
                                  ? config.io_threads
                                  : std::max(1u, std::thread::hardware_concurrency());

  // Declared before the contexts: the coroutines that a stop leaves suspended refer to it and
  // to the TLS setups, and are destroyed with the contexts.
  server_state state{std::move(parts)};
  if (!config.tls_cert_file.empty()) {
    state.tls_source = {.cert_file = config.tls_cert_file,
                        .key_file = config.tls_key_file,
                        .hsts_max_age = config.hsts_max_age};
    auto loaded = load_tls(state.tls_source);
    if (!loaded) {
      log_event(log_level::error, "tls_files_unreadable", {{"detail", loaded.error()}});
      return 1;
    }
    state.tls = std::move(*loaded);
  }
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
    notify_service_manager("STOPPING=1");
    state.stopping = true;
    stop_began = steady_clock::now();
    beast::error_code ignored;
    (void)acceptor.close(ignored);
    wait_for_drain(steady_clock::now() + state.parts.config.limits.request_timeout +
                   std::chrono::seconds(5));
  });

  net::signal_set hangups(first, SIGHUP);
  std::function<void()> wait_for_hangup = [&] {
    hangups.async_wait([&](const beast::error_code& error, int) {
      if (error || state.stopping) return;
      reload(state);
      wait_for_hangup();
    });
  };
  wait_for_hangup();

  net::co_spawn(first, accept_loop(state, acceptor, contexts), net::detached);
  log_event(log_level::info, "listening",
            {{"address", bound_text}, {"tls", state.tls != nullptr}, {"io_threads", threads}});
  if (state.parts.on_listening) state.parts.on_listening(bound_text);
  notify_service_manager("READY=1\nSTATUS=listening on " + bound_text);

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

}  // namespace
}  // namespace tessera::server::http_layer

namespace tessera::server {

int run_http_server(http_server_parts parts) {
  return http_layer::listen_and_serve(std::move(parts));
}

}  // namespace tessera::server
