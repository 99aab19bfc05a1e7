"""A JWK Set server for the jwks_client tests, on 127.0.0.1 and a free port.

Usage: jwks_test_server.py DIR

The test controls it through files in DIR:
  config.json   read on every request: {"status": 200, "body": "...", "cache_control": "max-age=1"
                or null, "delay": seconds before answering, "pad_to": pad the body with spaces to
                this many bytes, "no_length": true to send no Content-Length (close instead)}
and reads back:
  port          the port it listens on (written once, when ready)
  count         how many requests it has answered (written after each response is sent)
  last_headers.json  the request headers of the last request, names lowercased

It exits when its parent process goes away, and after two minutes at the latest, so a failed
test never leaves it behind.
"""

import http.server
import json
import os
import sys
import threading
import time


def write_atomic(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def main():
    directory = sys.argv[1]
    parent = os.getppid()
    config_path = os.path.join(directory, "config.json")
    lock = threading.Lock()
    state = {"count": 0}

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format, *args):  # noqa: A002 (BaseHTTPRequestHandler's name)
            pass

        def do_GET(self):  # noqa: N802 (BaseHTTPRequestHandler's name)
            with lock:
                write_atomic(os.path.join(directory, "last_headers.json"),
                             json.dumps({k.lower(): v for k, v in self.headers.items()}))
            try:
                with open(config_path, encoding="utf-8") as f:
                    config = json.load(f)
            except (OSError, ValueError):
                config = {"status": 500, "body": "no configuration"}
            delay = float(config.get("delay", 0))
            if delay > 0:
                time.sleep(delay)
            body = config.get("body", "").encode("utf-8")
            pad_to = int(config.get("pad_to", 0))
            if len(body) < pad_to:
                body += b" " * (pad_to - len(body))
            no_length = bool(config.get("no_length", False))
            try:
                self.send_response(int(config.get("status", 200)))
                self.send_header("Content-Type", "application/json")
                if no_length:
                    self.send_header("Connection", "close")
                    self.close_connection = True
                else:
                    self.send_header("Content-Length", str(len(body)))
                cache_control = config.get("cache_control")
                if cache_control is not None:
                    self.send_header("Cache-Control", cache_control)
                self.end_headers()
                self.wfile.write(body)
                self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass
            with lock:
                state["count"] += 1
                write_atomic(os.path.join(directory, "count"), str(state["count"]))

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True

    def watchdog():
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and os.getppid() == parent:
            time.sleep(0.2)
        os._exit(0)

    threading.Thread(target=watchdog, daemon=True).start()
    write_atomic(os.path.join(directory, "port"), str(server.server_address[1]))
    server.serve_forever()


if __name__ == "__main__":
    main()
