// A connection of the HTTP layer: its stream, its buffers and the one timer that bounds whatever
// it is doing; and the writes and the lingering close that every connection does the same way.
#pragma once

#include <algorithm>
#include <array>
#include <memory>
#include <string>
#include <string_view>

#include "http/asio_types.hpp"
#include "http/message.hpp"
#include "http/response_head.hpp"

namespace tessera::server::http_layer {

inline socket_type& tcp_layer(socket_type& s) { return s; }
inline socket_type& tcp_layer(tls_stream& s) { return s.next_layer(); }

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
  // Over TLS, the Strict-Transport-Security value of the setup the connection was accepted
  // with; it shares ownership of that setup, which a reload cannot free under the connection.
  // Null otherwise.
  std::shared_ptr<const std::string> strict_transport_security;
};

template <class Stream>
// `framing` by value: a coroutine's reference parameter would outlive the caller's temporary.
task<void> write_response(connection<Stream>& conn, const response& res, answer_framing framing) {
  write_response_head(
      conn.head, res, framing,
      {.date = http_date(std::chrono::system_clock::now()),
       .strict_transport_security =
           conn.strict_transport_security ? *conn.strict_transport_security : std::string_view{}});
  const bool with_body = !framing.head_request && !is_bodiless(res.status);
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
  // What is read here is thrown away, so the closing connections of a thread share one buffer:
  // they all run on that thread, one read at a time. In each connection's coroutine frame it
  // would be 4 KiB more per closing client, allocated at once when many leave together.
  thread_local std::array<char, 4096> sink{};
  std::size_t total = 0;
  while (total < max_bytes) {
    auto reading = socket.async_read_some(net::buffer(sink), use_tuple);
    auto [ec, n] = co_await std::move(reading);
    if (ec) break;
    total += n;
  }
  conn.stop();
}

}  // namespace tessera::server::http_layer
