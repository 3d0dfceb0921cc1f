"""Serve a folder of fixture pages on 127.0.0.1, as a web server and as an HTTP proxy.

The bundled sample site (and test fixture sites) write their links as `{{BASE}}/...`.
Served through the proxy, `{{BASE}}` becomes a fixed virtual host, so article URLs stay
the same from one run to the next whatever port the server got; requested directly,
it becomes this server's own address.
"""

from __future__ import annotations

import hashlib
import mimetypes
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

SAMPLE_HOST = "news.defwatch-demo.test"
TOKEN = b"{{BASE}}"
_TEXT_SUFFIXES = {".html", ".htm", ".xml", ".rss", ".atom", ".json", ".txt"}
_TYPES = {".rss": "application/rss+xml", ".atom": "application/atom+xml", ".json": "application/feed+json"}


class SampleSite:
    """A running server; use as a context manager or call stop()."""

    def __init__(self, root: Path, host: str = "127.0.0.1", port: int = 0, virtual_host: str = SAMPLE_HOST):
        self.root = root.resolve()
        self.virtual_host = virtual_host
        handler = _make_handler(self)
        self.server = ThreadingHTTPServer((host, port), handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, name="sample-site", daemon=True)
        self.requests: list[str] = []

    @property
    def address(self) -> str:
        host, port = self.server.server_address[:2]
        if isinstance(host, bytes):  # typeshed allows it (AF_UNIX); never the case for TCP
            host = host.decode()
        return f"http://{host}:{port}"

    @property
    def base(self) -> str:
        """The base URL the site's links use when reached through the proxy."""
        return f"http://{self.virtual_host}"

    def start(self) -> SampleSite:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> SampleSite:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def body_for(self, path: str, base: str) -> tuple[bytes, str] | None:
        relative = unquote(path.split("?", 1)[0]).lstrip("/")
        target = (self.root / relative).resolve()
        if target != self.root and self.root not in target.parents:
            return None
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            return None
        data = target.read_bytes()
        if target.suffix in _TEXT_SUFFIXES:
            data = data.replace(TOKEN, base.encode())
        ctype = (
            _TYPES.get(target.suffix) or mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        )
        if ctype.startswith("text/") or ctype.endswith(("xml", "json")):
            ctype += "; charset=utf-8"
        return data, ctype


def _make_handler(site: SampleSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "defwatch-sample-site"

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            parts = urlsplit(self.path)
            if parts.scheme and parts.netloc:  # a proxy request: absolute URL
                if parts.hostname != site.virtual_host:
                    self.send_error(502, "this proxy only serves the sample site")
                    return
                base = site.base
            else:
                base = site.address
            site.requests.append(parts.path)
            found = site.body_for(parts.path or "/", base)
            if found is None:
                self.send_error(404)
                return
            data, ctype = found
            etag = '"' + hashlib.sha1(data).hexdigest() + '"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("ETag", etag)
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler
