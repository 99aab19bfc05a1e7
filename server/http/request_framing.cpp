#include "http/request_framing.hpp"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <string_view>

#include <boost/beast/core/string.hpp>

namespace tessera::server {
namespace {

constexpr std::string_view crlf = "\r\n";

bool is_space(char c) noexcept { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// RFC 9110 section 5.6.2.
bool is_tchar(char c) noexcept {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_token(std::string_view s) noexcept {
  return !s.empty() && std::ranges::all_of(s, is_tchar);
}

// Where the next CR or LF is in `text` from `from`, or text.size(). memchr finds each in a few
// instructions per 16 bytes, where a loop over the bytes took as long as Beast's whole parse.
std::size_t next_line_break(std::string_view text, std::size_t from) noexcept {
  const auto* start = text.data() + from;
  const auto* cr = static_cast<const char*>(std::memchr(start, '\r', text.size() - from));
  // An LF before the first CR is what counts; past it, the CR comes first.
  const auto lf_span = cr == nullptr ? text.size() - from : static_cast<std::size_t>(cr - start);
  const auto* lf = static_cast<const char*>(std::memchr(start, '\n', lf_span));
  const auto* found = lf != nullptr ? lf : cr;
  return found == nullptr ? text.size() : static_cast<std::size_t>(found - text.data());
}

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The framing fields of a head, as sent.
struct framing_fields {
  std::string_view version;
  std::string_view transfer_encoding;
  std::string_view content_length;
  std::size_t transfer_encodings = 0;
  std::size_t content_lengths = 0;
};

// `head` is the request line and the field lines, each ending in CRLF, then the empty line. Lines
// without a colon are left to the parser, which refuses them.
framing_fields read_framing_fields(std::string_view head) noexcept {
  framing_fields fields;
  auto eol = head.find(crlf);
  const auto request_line = head.substr(0, eol);
  fields.version = request_line.substr(request_line.rfind(' ') + 1);
  for (auto start = eol + 2; start < head.size(); start = eol + 2) {
    eol = head.find(crlf, start);
    const auto line = head.substr(start, eol - start);
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const auto name = line.substr(0, colon);
    const auto value = trim(line.substr(colon + 1));
    if (boost::beast::iequals(name, "transfer-encoding")) {
      ++fields.transfer_encodings;
      fields.transfer_encoding = value;
    } else if (boost::beast::iequals(name, "content-length")) {
      ++fields.content_lengths;
      fields.content_length = value;
    }
  }
  return fields;
}

}  // namespace

request_framer::verdict request_framer::refuse(int status, std::string_view detail) noexcept {
  phase_ = phase::failed;
  refusal_ = {status, detail};
  return verdict::refused;
}

request_framer::verdict request_framer::scan(std::string_view received) noexcept {
  switch (phase_) {
    case phase::head:
      return scan_head(received);
    case phase::fixed_body: {
      const auto arrived = std::min(received.size() - pos_, remaining_);
      pos_ += arrived;
      remaining_ -= arrived;
      if (remaining_ != 0) return verdict::need_more;
      message_end_ = pos_;
      phase_ = phase::done;
      return verdict::complete;
    }
    case phase::done:
      return verdict::complete;
    case phase::failed:
      return verdict::refused;
    default:
      return scan_chunked(received);
  }
}

request_framer::verdict request_framer::scan_head(std::string_view received) noexcept {
  // The limit counts the skipped empty lines too, so that no stream of them grows the buffer. The
  // byte after the limit may be looked at: it is the LF of a CRLF that ends the head there.
  const auto end = std::min(received.size(), limits_.max_head_bytes + 1);
  auto i = pos_;
  while (i < end) {
    if (i == line_start_ && i != message_start_ && is_space(received[i])) {
      return refuse(400, "Obsolete line folding in the request head");
    }
    i = next_line_break(received.substr(0, end), i);
    if (i == end) break;
    if (received[i] == '\n') return refuse(400, "Bare LF in the request head");
    if (i + 1 == received.size()) break;  // its LF has not arrived yet
    if (received[i + 1] != '\n') return refuse(400, "Bare CR in the request head");
    const auto line = line_start_;
    i += 2;
    line_start_ = i;
    if (line != i - 2) continue;  // a line with something on it
    if (line == message_start_) {
      message_start_ = i;  // an empty line before the request line: skipped
      continue;
    }
    pos_ = i;
    if (frame_body(received.substr(message_start_, i - message_start_)) == verdict::refused) {
      return verdict::refused;
    }
    return scan(received);
  }
  pos_ = i;
  if (i <= limits_.max_head_bytes) return verdict::need_more;
  // Over the limit: a long URL when the request line is still unfinished and its target alone
  // is over the URL limit, else too many or too large fields.
  if (line_start_ == message_start_) {
    const auto line = received.substr(message_start_, i - message_start_);
    const auto target_start = line.find(' ');
    if (target_start != std::string_view::npos) {
      const auto target_end = line.find(' ', target_start + 1);
      const auto target_size =
          (target_end == std::string_view::npos ? line.size() : target_end) - target_start - 1;
      if (target_size > limits_.max_url_bytes) return refuse(414, "Request URL too long");
    }
  }
  return refuse(431, "Request header fields too large");
}

request_framer::verdict request_framer::frame_body(std::string_view head) noexcept {
  const auto fields = read_framing_fields(head);
  if (fields.transfer_encodings != 0) {
    if (fields.transfer_encodings > 1) return refuse(400, "Repeated Transfer-Encoding header");
    if (fields.content_lengths != 0) {
      return refuse(400, "Both Transfer-Encoding and Content-Length");
    }
    if (fields.version != "HTTP/1.1") {
      return refuse(400, "Transfer-Encoding in a request before HTTP/1.1");
    }
    std::size_t codings = 0;
    std::size_t chunked = 0;
    bool last_is_chunked = false;
    std::string_view rest = fields.transfer_encoding;
    for (;;) {
      const auto comma = rest.find(',');
      const auto coding = trim(rest.substr(0, comma));
      if (!is_token(coding)) return refuse(400, "Malformed Transfer-Encoding");
      ++codings;
      last_is_chunked = boost::beast::iequals(coding, "chunked");
      if (last_is_chunked) ++chunked;
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
    if (!last_is_chunked) return refuse(400, "Transfer-Encoding must end in chunked");
    if (chunked > 1) return refuse(400, "Transfer-Encoding applies chunked more than once");
    if (codings > 1) return refuse(501, "Transfer coding not implemented; only chunked is");
    phase_ = phase::chunk_size_line;
    line_start_ = pos_;
    return verdict::need_more;
  }
  if (fields.content_lengths > 1) return refuse(400, "Repeated Content-Length header");
  if (fields.content_lengths == 1) {
    const auto digits = fields.content_length;
    if (digits.empty() ||
        !std::ranges::all_of(digits, [](char c) { return c >= '0' && c <= '9'; })) {
      return refuse(400, "Malformed Content-Length");
    }
    std::size_t length = 0;
    for (const char c : digits) {
      length = length * 10 + static_cast<std::size_t>(c - '0');
      if (length > limits_.max_body_bytes) return refuse(413, "Request body too large");
    }
    remaining_ = length;
  }
  phase_ = phase::fixed_body;
  return verdict::need_more;
}

bool request_framer::take_line(std::string_view received, std::string_view& line) noexcept {
  auto i = pos_;
  while (i < received.size()) {
    const char c = received[i];
    if (c == '\n') {
      refuse(400, "Bare LF in a chunk line");
      return false;
    }
    if (c != '\r') {
      ++i;
      continue;
    }
    if (i + 1 == received.size()) break;
    if (received[i + 1] != '\n') {
      refuse(400, "Bare CR in a chunk line");
      return false;
    }
    line = received.substr(line_start_, i - line_start_);
    pos_ = line_start_ = i + 2;
    return true;
  }
  pos_ = i;
  if (pos_ - line_start_ > limits_.max_head_bytes) refuse(431, "Chunk line too long");
  return false;
}

request_framer::verdict request_framer::scan_chunked(std::string_view received) noexcept {
  for (;;) {
    switch (phase_) {
      case phase::chunk_size_line: {
        std::string_view line;
        if (!take_line(received, line))
          return phase_ == phase::failed ? verdict::refused : verdict::need_more;
        std::size_t digits = 0;
        std::size_t size = 0;
        for (; digits < line.size() && hex_value(line[digits]) >= 0; ++digits) {
          size = size * 16 + static_cast<std::size_t>(hex_value(line[digits]));
          if (size > limits_.max_body_bytes - body_size_) {
            return refuse(413, "Request body too large");
          }
        }
        if (digits == 0) return refuse(400, "Malformed chunk size");
        // Then nothing, or extensions (their syntax is the parser's to check).
        const auto after = line.substr(digits);
        const auto extension = after.find_first_not_of(" \t");
        if (extension != std::string_view::npos && after[extension] != ';') {
          return refuse(400, "Malformed chunk size");
        }
        body_size_ += size;
        remaining_ = size;
        phase_ = size == 0 ? phase::trailers : phase::chunk_data;
        break;
      }
      case phase::chunk_data: {
        const auto arrived = std::min(received.size() - pos_, remaining_);
        pos_ += arrived;
        remaining_ -= arrived;
        if (remaining_ != 0) return verdict::need_more;
        phase_ = phase::chunk_data_end;
        break;
      }
      case phase::chunk_data_end:
        if (received.size() < pos_ + 2) {
          if (received.size() > pos_ && received[pos_] != '\r') {
            return refuse(400, "Chunk data longer than its size");
          }
          return verdict::need_more;
        }
        if (received.substr(pos_, 2) != crlf) return refuse(400, "Chunk data longer than its size");
        pos_ += 2;
        line_start_ = pos_;
        phase_ = phase::chunk_size_line;
        break;
      case phase::trailers: {
        std::string_view line;
        if (!take_line(received, line))
          return phase_ == phase::failed ? verdict::refused : verdict::need_more;
        if (line.empty()) {
          message_end_ = pos_;
          phase_ = phase::done;
          return verdict::complete;
        }
        if (is_space(line.front())) {
          return refuse(400, "Obsolete line folding in the trailer section");
        }
        trailer_size_ += line.size() + 2;
        if (trailer_size_ > limits_.max_head_bytes) {
          return refuse(431, "Request header fields too large");
        }
        break;
      }
      default:
        return scan(received);
    }
  }
}

}  // namespace tessera::server
