// The Asio and Beast types of the HTTP layer. Included only by the units that run connections:
// these headers are slow to compile, so the handlers only ever see http/message.hpp.
#pragma once

#include <chrono>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

namespace tessera::server::http_layer {

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

}  // namespace tessera::server::http_layer
