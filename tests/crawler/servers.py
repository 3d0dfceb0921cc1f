"""Small real HTTP servers for crawler tests: files with chosen headers, and misbehaving answers.

Each runs in a thread on 127.0.0.1, port 0, like Scrapy's own mock server; a test adds
routes (path -> Route) and reads back the requests it received, headers included.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    etag: bool = False  # answer If-None-Match with 304
    delay_s: float = 0.0  # before the headers (a slow or hanging server)
    drip_s: float = 0.0  # between body chunks of 100 bytes (a server that trickles)


@dataclass
class Seen:
    path: str
    headers: dict[str, str]


class _Httpd(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # the listen backlog: read when the socket is bound, so set here


class Server:
    def __init__(self) -> None:
        self.routes: dict[str, Route | Callable[[], Route]] = {}
        self.seen: list[Seen] = []
        self.lock = threading.Lock()
        self.in_flight = self.most_in_flight = 0  # requests being answered at once (politeness tests)
        self.httpd = _Httpd(("127.0.0.1", 0), _handler(self))
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def paths(self) -> list[str]:
        with self.lock:
            return [s.path for s in self.seen]

    def __enter__(self) -> Server:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def gzip_bomb(size: int) -> bytes:
    """A small gzip body that unpacks to `size` bytes of spaces inside a feed."""
    return gzip.compress(b"<rss><channel>" + b" " * size + b"</channel></rss>", compresslevel=9)


def _handler(server: Server) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            with server.lock:
                server.in_flight += 1
                server.most_in_flight = max(server.most_in_flight, server.in_flight)
            try:
                self._answer()
            finally:
                with server.lock:
                    server.in_flight -= 1

        def _answer(self) -> None:
            path = urlsplit(self.path).path
            with server.lock:
                server.seen.append(Seen(self.path, {k.lower(): v for k, v in self.headers.items()}))
            found = server.routes.get(path)
            route = found() if callable(found) else found
            if route is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if route.delay_s:
                time.sleep(route.delay_s)
            etag = '"' + hashlib.sha1(route.body).hexdigest() + '"' if route.etag else None
            if etag and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(route.status)
            for name, value in route.headers.items():
                self.send_header(name, value)
            if etag:
                self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            try:
                if route.drip_s:
                    for start in range(0, len(route.body), 100):
                        self.wfile.write(route.body[start : start + 100])
                        self.wfile.flush()
                        time.sleep(route.drip_s)
                else:
                    self.wfile.write(route.body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler
