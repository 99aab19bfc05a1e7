"""Request framing against request smuggling (RFC 9112 sections 2, 6 and 7), on the real server.

Each case sends one request whose body is itself a request (an authorized GET of
/secure-endpoint) and reads everything the server sends until it closes the connection. A
refused request gets exactly one answer, with its status, at once (not a 408 after the request
timeout), and the connection is closed: the request smuggled in its body is never answered. The
admitted cases are the control: the same reading sees the pipelined request's answer there."""

import os
import socket
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from harness import Service  # noqa: E402

# Much less than the request timeout (10 s): a refusal that came only after it would fail.
AT_ONCE = 3.0


def responses_until_close(port, data, timeout=AT_ONCE):
    """Sends `data` and reads until the server closes; returns (responses, closed, seconds).
    Each response is (status, headers, body)."""
    started = time.monotonic()
    raw = b""
    closed = False
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(data)
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    closed = True
                    break
                raw += chunk
        except (socket.timeout, ConnectionResetError):
            pass
    elapsed = time.monotonic() - started
    answers = []
    while raw:
        head, sep, rest = raw.partition(b"\r\n\r\n")
        if not sep:
            raise AssertionError(f"an answer cut short: {raw!r}")
        lines = head.split(b"\r\n")
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            headers[name.strip().lower().decode()] = value.strip().decode()
        length = int(headers.get("content-length", "0"))
        answers.append((int(lines[0].split(b" ")[1]), headers, rest[:length]))
        raw = rest[length:]
    return answers, closed, elapsed


class Framing(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.service = Service()
        cls.port = cls.service.port
        token = cls.service.login()["access_token"]
        cls.smuggled = (f"GET /secure-endpoint HTTP/1.1\r\nHost: x\r\n"
                        f"Authorization: Bearer {token}\r\n\r\n").encode()

    @classmethod
    def tearDownClass(cls):
        assert cls.service.stop() == 0

    def request(self, method, fields, body=b""):
        head = f"{method} /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        return (head + "".join(f + "\r\n" for f in fields) + "\r\n").encode() + body

    def assert_refused(self, name, data, status):
        answers, closed, elapsed = responses_until_close(self.port, data)
        self.assertEqual([a[0] for a in answers], [status], f"{name}: {answers}")
        self.assertTrue(closed, f"{name}: the connection was left open")
        self.assertLess(elapsed, AT_ONCE, name)
        self.assertEqual(answers[0][1].get("connection"), "close", name)
        self.assertIn(b'"detail"', answers[0][2], name)

    def test_transfer_encoding_other_than_chunked_alone_is_refused(self):
        cases = [
            ("unknown coding", ["Transfer-Encoding: xchunked"], 400),
            ("identity", ["Transfer-Encoding: identity"], 400),
            ("gzip", ["Transfer-Encoding: gzip"], 400),
            ("chunked not last", ["Transfer-Encoding: chunked, identity"], 400),
            ("chunked twice", ["Transfer-Encoding: chunked, chunked"], 400),
            ("a coding before chunked", ["Transfer-Encoding: gzip, chunked"], 501),
            ("empty element", ["Transfer-Encoding: ,chunked"], 400),
            ("trailing comma", ["Transfer-Encoding: chunked,"], 400),
            ("empty", ["Transfer-Encoding:"], 400),
            ("repeated", ["Transfer-Encoding: chunked", "Transfer-Encoding: chunked"], 400),
            ("split over two fields", ["Transfer-Encoding: gzip", "Transfer-Encoding: chunked"],
             400),
            ("with Content-Length", ["Transfer-Encoding: chunked", "Content-Length: 5"], 400),
            ("Content-Length first", ["Content-Length: 5", "Transfer-Encoding: chunked"], 400),
            ("unknown with Content-Length", ["Transfer-Encoding: xchunked", "Content-Length: 5"],
             400),
            ("space before the colon", ["Transfer-Encoding : chunked"], 400),
            ("folded", ["Transfer-Encoding: x", " chunked"], 400),
        ]
        for method in ("POST", "GET", "HEAD"):
            for name, fields, status in cases:
                with self.subTest(method=method, case=name):
                    self.assert_refused(f"{method} {name}",
                                        self.request(method, fields, self.smuggled), status)

    def test_transfer_encoding_in_http_10_is_refused(self):
        data = (b"POST /login HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
                + self.smuggled)
        self.assert_refused("HTTP/1.0 chunked", data, 400)

    def test_content_length_other_than_one_number_is_refused(self):
        cases = [
            ("sign", ["Content-Length: +2"], 400),
            ("negative", ["Content-Length: -2"], 400),
            ("list", ["Content-Length: 2, 2"], 400),
            ("repeated, same value", ["Content-Length: 2", "Content-Length: 2"], 400),
            ("repeated", ["Content-Length: 2", "Content-Length: 3"], 400),
            ("not a number", ["Content-Length: two"], 400),
            ("hex", ["Content-Length: 0x2"], 400),
            ("empty", ["Content-Length:"], 400),
            ("beyond 64 bits", ["Content-Length: 184467440737095516160"], 413),
            ("over the limit", ["Content-Length: 100000"], 413),
        ]
        for name, fields, status in cases:
            with self.subTest(case=name):
                self.assert_refused(name, self.request("POST", fields, b"{}" + self.smuggled),
                                    status)

    def test_bare_cr_lf_and_obs_fold_are_refused_at_once(self):
        cases = [
            ("bare LF in the head", b"GET /healthz HTTP/1.1\r\nHost: x\nX-A: b\r\n\r\n"),
            ("bare LF ends the head", b"GET /healthz HTTP/1.1\r\nHost: x\n\n"),
            ("bare CR in the head", b"GET /healthz HTTP/1.1\r\nHost: x\rX-A: b\r\n\r\n"),
            ("obs-fold", b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: b\r\n c\r\n\r\n"),
            ("obs-fold with a tab", b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: b\r\n\tc\r\n\r\n"),
        ]
        chunked = b"POST /login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        cases += [
            ("bare LF after a chunk size", chunked + b"2\n{}\r\n0\r\n\r\n"),
            ("bare CR after a chunk size", chunked + b"2\r{}\r\n0\r\n\r\n"),
            ("bare LF after the last chunk", chunked + b"0\n\n"),
            ("bare LF after chunk data", chunked + b"2\r\n{}\n0\r\n\r\n"),
            ("chunk data longer than its size", chunked + b"2\r\n{}xx\r\n0\r\n\r\n"),
            ("bad chunk size", chunked + b"zz\r\n{}\r\n0\r\n\r\n"),
            ("bare LF in a trailer", chunked + b"0\r\nX-T: 1\n\r\n"),
        ]
        for name, data in cases:
            with self.subTest(case=name):
                self.assert_refused(name, data + self.smuggled, 400)

    def test_admitted_framing_answers_the_pipelined_request_too(self):
        # The control: a well-framed request, then the next one; both are answered in order,
        # so the refusals above are not an artefact of how the answers are read.
        body = b'{"username": "test", "password": "wrong"}'
        chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
        cases = [
            ("Content-Length", ["Content-Length: %d" % len(body)], body),
            ("chunked", ["Transfer-Encoding: chunked"], chunked),
            ("chunked in capitals, spaced", ["Transfer-Encoding:  CHUNKED "], chunked),
            ("chunked with an extension and a trailer", ["Transfer-Encoding: chunked"],
             b"%x;a=b\r\n%s\r\n0\r\nX-T: 1\r\n\r\n" % (len(body), body)),
        ]
        for name, fields, payload in cases:
            with self.subTest(case=name):
                data = self.request("POST", fields, payload) + self.smuggled[:-2] + (
                    b"Connection: close\r\n\r\n")
                answers, closed, _ = responses_until_close(self.port, data)
                self.assertEqual([a[0] for a in answers], [401, 200], f"{name}: {answers}")
                self.assertTrue(closed, name)

    def test_host_is_required_once(self):
        for name, data, status in [
            ("missing", b"GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n", 400),
            ("twice", b"GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n",
             400),
            ("HTTP/1.0 without", b"GET /healthz HTTP/1.0\r\n\r\n", 200),
        ]:
            with self.subTest(case=name):
                answers, _, _ = responses_until_close(self.port, data)
                self.assertEqual([a[0] for a in answers], [status], name)

    def test_absolute_form_target_is_served(self):
        data = (f"GET http://127.0.0.1:{self.port}/healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                f"Connection: close\r\n\r\n").encode()
        answers, _, _ = responses_until_close(self.port, data)
        self.assertEqual([a[0] for a in answers], [200])
        self.assertIn(b'"ok"', answers[0][2])


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=2).result
    sys.exit(0 if result.wasSuccessful() and result.testsRun > 0 else 1)
