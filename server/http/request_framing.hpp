// Where a request ends, decided before any parser reads it (RFC 9112 sections 2, 5, 6 and 7).
//
// A request whose framing two readers could see differently is the start of request smuggling:
// a proxy in front and this server would disagree on where the next request begins. So the
// server reads each request through this framer first, which admits only one reading of the
// bytes and refuses everything else, and only then hands the whole message to Beast's parser
// (which must agree on its length). A refused request is answered and its connection closed:
// no byte of it is ever read as a request.
//
// The rules:
// - The head: lines end in CRLF; a bare CR or a bare LF, an obs-fold (a line that starts with
//   a space or tab), and a head over the size limit are refused. Empty lines before the request
//   line are skipped (section 2.2: some clients send a CRLF after a body).
// - Transfer-Encoding: one field, HTTP/1.1 only, no Content-Length beside it, a list of tokens
//   without empty elements whose last element is `chunked`, and `chunked` only once (else 400);
//   any other coding before it is not implemented (501).
// - Content-Length: one field of decimal digits (no sign, no list); above the body limit, 413.
// - Chunked bodies: chunk-size lines of hex digits (with optional extensions) and the CRLF after
//   each chunk's data exactly; trailer lines as strict as the head's; the decoded size within
//   the body limit.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace tessera::server {

/// The sizes a request may have.
struct framing_limits {
  std::size_t max_head_bytes = 0;  ///< request line and header fields, with their CRLFs
  std::size_t max_url_bytes = 0;   ///< the target alone: over it (in a head too large), 414
  std::size_t max_body_bytes = 0;  ///< the body as decoded
};

/// Why a request cannot be read: the status to answer with (400, 413, 414, 431 or 501) and a
/// short detail for the client. The connection is closed after it.
struct framing_refusal {
  int status = 0;
  std::string_view detail;
};

/**
 * Finds the end of one request in the bytes a connection has received. Feed it the bytes from the
 * request's first one, all of them each time (the buffer it reads grows as more arrive): it goes
 * on from where it stopped. One framer per request.
 */
class request_framer {
 public:
  enum class verdict : std::uint8_t { need_more, complete, refused };

  explicit request_framer(framing_limits limits) noexcept : limits_(limits) {}

  /// Reads `received` (the request's bytes so far, and maybe more after it) as far as it goes.
  [[nodiscard]] verdict scan(std::string_view received) noexcept;

  /// Where the request line starts: after the empty lines skipped before it.
  [[nodiscard]] std::size_t message_start() const noexcept { return message_start_; }
  /// How many bytes the request takes, from the first byte fed (the skipped empty lines
  /// included) to the end of its body, once `scan` said `complete`.
  [[nodiscard]] std::size_t message_end() const noexcept { return message_end_; }
  /// Why, once `scan` said `refused`.
  [[nodiscard]] const framing_refusal& refusal() const noexcept { return refusal_; }

 private:
  enum class phase : std::uint8_t {
    head,
    fixed_body,
    chunk_size_line,
    chunk_data,
    chunk_data_end,
    trailers,
    done,
    failed
  };

  verdict refuse(int status, std::string_view detail) noexcept;
  verdict scan_head(std::string_view received) noexcept;
  // Reads the framing fields of the complete head and sets the body's phase.
  verdict frame_body(std::string_view head) noexcept;
  verdict scan_chunked(std::string_view received) noexcept;
  // Reads one CRLF-terminated line from pos_; returns false when it has not all arrived. A bare
  // CR or LF in it is a refusal (the phase is then `failed`).
  bool take_line(std::string_view received, std::string_view& line) noexcept;

  framing_limits limits_;
  phase phase_ = phase::head;
  std::size_t pos_ = 0;           // how far the bytes have been read
  std::size_t line_start_ = 0;    // where the line being read starts
  std::size_t remaining_ = 0;     // of the fixed body or of the current chunk
  std::size_t body_size_ = 0;     // decoded so far (chunked)
  std::size_t trailer_size_ = 0;  // bytes of trailer lines so far
  std::size_t message_start_ = 0;
  std::size_t message_end_ = 0;
  framing_refusal refusal_{};
};

}  // namespace tessera::server
