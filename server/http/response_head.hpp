// The status line and header fields of an answer, written by hand into a buffer the connection
// reuses, so that sending an answer copies nothing but its head (the body goes out from the
// response itself).
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "http/message.hpp"

namespace tessera::server {

/// Whether an answer with `status` has no body and no Content-Length (RFC 9110 section 6.4.1).
[[nodiscard]] bool is_bodiless(int status) noexcept;

/// The IMF-fixdate of `now` (RFC 9110 section 5.6.7), for the Date field. Formatted once a second
/// per thread: the view stays valid on this thread until the next call.
[[nodiscard]] std::string_view http_date(std::chrono::system_clock::time_point now);

/// Fields every answer of a connection carries besides its own.
struct common_fields {
  std::string_view date;                       ///< the Date field's value
  std::string_view strict_transport_security;  ///< its value over TLS; empty: no such field
};

/// How an answer goes on the wire.
struct answer_framing {
  unsigned version = 11;      ///< the request's HTTP version: 11 for 1.1, 10 for 1.0
  bool keep_alive = true;     ///< the connection stays open after the answer
  bool head_request = false;  ///< the request was HEAD: the body is announced, not sent
};

/// Replaces `out` with the head of `res`: the status line, then Server, Date, Content-Type,
/// X-Content-Type-Options: nosniff, Strict-Transport-Security (when given), the handler's
/// fields, Connection when it differs from the version's default, Content-Length (a HEAD answer
/// announces the body it leaves out), and the blank line.
void write_response_head(std::string& out, const response& res, const answer_framing& framing,
                         const common_fields& common);

}  // namespace tessera::server
