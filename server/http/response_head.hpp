// The status line and header fields of an answer, written by hand into a buffer the connection
// reuses, so that sending an answer copies nothing but its head (the body goes out from the
// response itself).
#pragma once

#include <string>

#include "http/message.hpp"

namespace tessera::server {

/// Whether an answer with `status` has no body and no Content-Length (RFC 9110 section 6.4.1).
[[nodiscard]] bool is_bodiless(int status) noexcept;

/// Replaces `out` with the head of `res` for HTTP `version` (11 for 1.1): the status line, then
/// Server, Content-Type, the handler's fields, Connection when it differs from the version's
/// default, Content-Length (a HEAD answer announces the body it leaves out), and the blank line.
/// The form and order are those of Beast's serializer, which wrote these answers before.
void write_response_head(std::string& out, const response& res, unsigned version, bool keep_alive,
                         bool head);

}  // namespace tessera::server
