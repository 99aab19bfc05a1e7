#include "http/request_framing.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

namespace tessera::server {
namespace {

using verdict = request_framer::verdict;

constexpr framing_limits limits{.max_head_bytes = 1024, .max_url_bytes = 256, .max_body_bytes = 64};

// What the framer makes of `bytes`: fed at once, and fed one byte more at a time (the two must
// agree, however the bytes arrive).
struct outcome {
  verdict result = verdict::need_more;
  int status = 0;         // when refused
  std::size_t end = 0;    // when complete
  std::size_t start = 0;  // when complete
};

outcome frame(std::string_view bytes) {
  request_framer whole{limits};
  outcome out;
  out.result = whole.scan(bytes);
  if (out.result == verdict::refused) out.status = whole.refusal().status;
  if (out.result == verdict::complete) {
    out.end = whole.message_end();
    out.start = whole.message_start();
  }
  request_framer piecewise{limits};
  auto v = verdict::need_more;
  for (std::size_t size = 0; size <= bytes.size() && v == verdict::need_more; ++size) {
    v = piecewise.scan(bytes.substr(0, size));
  }
  EXPECT_EQ(v, out.result) << "fed byte by byte: " << bytes;
  if (v == verdict::complete) {
    EXPECT_EQ(piecewise.message_end(), out.end) << bytes;
  }
  if (v == verdict::refused) {
    EXPECT_EQ(piecewise.refusal().status, out.status) << bytes;
  }
  return out;
}

const std::string next_request = "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n";

struct refused_case {
  std::string_view name;
  std::string head;  // the request's head, then the smuggled request as its body
  int status;
};

TEST(RequestFraming, RefusesEveryTransferEncodingButChunkedAlone) {
  const std::vector<refused_case> cases = {
      {"unknown coding", "Transfer-Encoding: xchunked", 400},
      {"identity", "Transfer-Encoding: identity", 400},
      {"gzip alone", "Transfer-Encoding: gzip", 400},
      {"chunked not last", "Transfer-Encoding: chunked, identity", 400},
      {"chunked twice", "Transfer-Encoding: chunked, chunked", 400},
      {"coding before chunked", "Transfer-Encoding: gzip, chunked", 501},
      {"empty element", "Transfer-Encoding: , chunked", 400},
      {"trailing comma", "Transfer-Encoding: chunked,", 400},
      {"empty value", "Transfer-Encoding: ", 400},
      {"parameter", "Transfer-Encoding: chunked;q=1", 400},
      {"quoted", "Transfer-Encoding: \"chunked\"", 400},
      {"two fields", "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked", 400},
      {"gzip then chunked fields", "Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked", 400},
      {"with Content-Length", "Transfer-Encoding: chunked\r\nContent-Length: 3", 400},
      {"with Content-Length first", "Content-Length: 3\r\nTransfer-Encoding: chunked", 400},
      {"unknown with Content-Length", "Transfer-Encoding: xchunked\r\nContent-Length: 3", 400},
  };
  for (const auto& c : cases) {
    for (const std::string_view verb : {"POST", "GET", "HEAD"}) {
      const auto request = std::string(verb) + " /login HTTP/1.1\r\nHost: x\r\n" + c.head +
                           "\r\n\r\n" + next_request;
      const auto out = frame(request);
      EXPECT_EQ(out.result, verdict::refused) << c.name << ' ' << verb;
      EXPECT_EQ(out.status, c.status) << c.name << ' ' << verb;
    }
  }
}

TEST(RequestFraming, ReadsChunkedInAnyCaseAndSpacing) {
  for (const std::string_view value :
       {"chunked", "Chunked", "CHUNKED", "  chunked", "chunked  ", "\tchunked\t"}) {
    const auto body = std::string("3\r\nabc\r\n0\r\n\r\n");
    const auto request =
        "POST /login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding:" + std::string(value) + "\r\n\r\n";
    const auto out = frame(request + body + next_request);
    ASSERT_EQ(out.result, verdict::complete) << value;
    EXPECT_EQ(out.end, request.size() + body.size()) << value;
  }
  // The field name in any case too.
  const std::string request =
      "POST / HTTP/1.1\r\nHost: x\r\ntransfer-ENCODING: chunked\r\n\r\n0\r\n\r\n";
  EXPECT_EQ(frame(request + next_request).end, request.size());
}

TEST(RequestFraming, RefusesTransferEncodingBeforeHttp11) {
  const auto out = frame("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
  EXPECT_EQ(out.result, verdict::refused);
  EXPECT_EQ(out.status, 400);
}

TEST(RequestFraming, AcceptsOnlyOneContentLengthOfDigits) {
  const std::vector<refused_case> cases = {
      {"sign", "Content-Length: +3", 400},
      {"negative", "Content-Length: -3", 400},
      {"list", "Content-Length: 3, 3", 400},
      {"two fields, same value", "Content-Length: 3\r\nContent-Length: 3", 400},
      {"two fields", "Content-Length: 3\r\nContent-Length: 4", 400},
      {"empty", "Content-Length: ", 400},
      {"hex", "Content-Length: 0x3", 400},
      {"inner space", "Content-Length: 1 2", 400},
      {"over the body limit", "Content-Length: 65", 413},
      {"beyond 64 bits", "Content-Length: 99999999999999999999999999", 413},
  };
  for (const auto& c : cases) {
    const auto out =
        frame("POST /login HTTP/1.1\r\nHost: x\r\n" + c.head + "\r\n\r\nabc" + next_request);
    EXPECT_EQ(out.result, verdict::refused) << c.name;
    EXPECT_EQ(out.status, c.status) << c.name;
  }
  for (const std::string_view value : {"3", " 3 ", "003", "\t3"}) {
    const auto request =
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length:" + std::string(value) + "\r\n\r\nabc";
    const auto out = frame(request + next_request);
    ASSERT_EQ(out.result, verdict::complete) << value;
    EXPECT_EQ(out.end, request.size()) << value;
  }
  // Exactly at the limit.
  const auto at_limit = "POST / HTTP/1.1\r\nContent-Length: 64\r\n\r\n" + std::string(64, 'x');
  EXPECT_EQ(frame(at_limit).end, at_limit.size());
}

TEST(RequestFraming, EndsARequestWithoutFramingFieldsAtItsHead) {
  const std::string request = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  const auto out = frame(request + next_request);
  ASSERT_EQ(out.result, verdict::complete);
  EXPECT_EQ(out.end, request.size());
  EXPECT_EQ(frame(request.substr(0, request.size() - 1)).result, verdict::need_more);
}

TEST(RequestFraming, RefusesBareCrLfAndObsFoldInTheHeadAtOnce) {
  const std::vector<std::string> heads = {
      "GET / HTTP/1.1\nHost: x\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: x\n\n",
      "GET / HTTP/1.1\r\nHost: x\rX-A: b\r\n\r\n",
      "GET / HTTP/1.1\rHost: x\r\n\r\n",
      "GET / HTTP/1.1\r\nX-A: b\r\n c\r\n\r\n",
      "GET / HTTP/1.1\r\nX-A: b\r\n\tc\r\n\r\n",
      "GET / HTTP/1.1\r\n Host: x\r\n\r\n",
      "POST / HTTP/1.1\r\nTransfer-Encoding: x\r\n chunked\r\n\r\n0\r\n\r\n",
  };
  for (const auto& head : heads) {
    const auto out = frame(head);
    EXPECT_EQ(out.result, verdict::refused) << head;
    EXPECT_EQ(out.status, 400) << head;
  }
  // Refused as soon as the offending byte is there, without waiting for the rest.
  EXPECT_EQ(frame("GET / HTTP/1.1\nHo").result, verdict::refused);
  EXPECT_EQ(frame("GET / HTTP/1.1\r\nX-A: b\r\n ").result, verdict::refused);
}

TEST(RequestFraming, SkipsEmptyLinesBeforeTheRequestLine) {
  const std::string request = "\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n";
  const auto out = frame(request);
  ASSERT_EQ(out.result, verdict::complete);
  EXPECT_EQ(out.start, 4u);
  EXPECT_EQ(out.end, request.size());
  // But not without bound: they count toward the head's limit.
  EXPECT_EQ(frame(std::string(2000, '\r').replace(1, 1, "\n")).result, verdict::refused);
  std::string many;
  for (int i = 0; i < 600; ++i) many += "\r\n";
  const auto flood = frame(many);
  EXPECT_EQ(flood.result, verdict::refused);
  EXPECT_EQ(flood.status, 431);
}

TEST(RequestFraming, TellsALongUrlFromLargeHeaders) {
  const auto long_url = frame("GET /" + std::string(2000, 'a') + " HTTP/1.1\r\n");
  EXPECT_EQ(long_url.result, verdict::refused);
  EXPECT_EQ(long_url.status, 414);
  const auto large_fields = frame("GET / HTTP/1.1\r\nX-A: " + std::string(2000, 'a') + "\r\n\r\n");
  EXPECT_EQ(large_fields.result, verdict::refused);
  EXPECT_EQ(large_fields.status, 431);
}

TEST(RequestFraming, ReadsChunksStrictly) {
  const std::string head = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  struct body_case {
    std::string_view name;
    std::string body;
    int status;  // 0: complete, at the body's end
  };
  const std::vector<body_case> cases = {
      {"two chunks", "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n", 0},
      {"hex in both cases", "a\r\n0123456789\r\nA\r\n0123456789\r\n0\r\n\r\n", 0},
      {"extension", "3;name=value\r\nabc\r\n0\r\n\r\n", 0},
      {"trailer", "3\r\nabc\r\n0\r\nX-T: 1\r\n\r\n", 0},
      {"leading zeros", "0003\r\nabc\r\n00\r\n\r\n", 0},
      {"bare LF after the size", "3\nabc\r\n0\r\n\r\n", 400},
      {"bare CR after the size", "3\rabc\r\n0\r\n\r\n", 400},
      {"bare LF after the last chunk", "0\n\n", 400},
      {"bare LF after the data", "3\r\nabc\n0\r\n\r\n", 400},
      {"data longer than its size", "3\r\nabcdef\r\n0\r\n\r\n", 400},
      {"no size", "\r\nabc\r\n0\r\n\r\n", 400},
      {"not hex", "zz\r\nabc\r\n0\r\n\r\n", 400},
      {"size then junk", "3 x\r\nabc\r\n0\r\n\r\n", 400},
      {"negative", "-3\r\nabc\r\n0\r\n\r\n", 400},
      {"bare LF in a trailer", "0\r\nX-T: 1\n\r\n", 400},
      {"folded trailer", "0\r\nX-T: 1\r\n 2\r\n\r\n", 400},
      {"over the body limit", "41\r\n" + std::string(65, 'x') + "\r\n0\r\n\r\n", 413},
      {"over the limit in sum", "40\r\n" + std::string(64, 'x') + "\r\n1\r\nx\r\n0\r\n\r\n", 413},
      {"a huge size", "ffffffffffffffffffff\r\n", 413},
  };
  for (const auto& c : cases) {
    const auto out = frame(head + c.body + next_request);
    if (c.status == 0) {
      ASSERT_EQ(out.result, verdict::complete) << c.name;
      EXPECT_EQ(out.end, head.size() + c.body.size()) << c.name;
    } else {
      EXPECT_EQ(out.result, verdict::refused) << c.name;
      EXPECT_EQ(out.status, c.status) << c.name;
    }
  }
  // An unfinished chunked body waits for the rest.
  EXPECT_EQ(frame(head + "3\r\nab").result, verdict::need_more);
  EXPECT_EQ(frame(head + "3\r\nabc\r\n0\r\n").result, verdict::need_more);
}

}  // namespace
}  // namespace tessera::server
