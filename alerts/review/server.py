"""Serve the review UI with waitress (a production WSGI server, multi-threaded).

Each serving thread has its own SQLite connection (``auth.request_db``), so the threads never
share a transaction; WAL lets them read while the daemon writes. Four threads by default:
rendering holds the GIL, and on the 2-core target more threads only interleave requests and
lengthen the tail (benchmarks/review_load.py: p95 roughly halved going from 8 threads to 4).
"""

from __future__ import annotations

import argparse
import logging

import waitress

from alerts.review.app import create_app

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())


class ReviewServer:
    """The UI bound to its socket but not yet serving, so callers can print the real URL
    (port 0 picks a free port) only once a browser can connect to it."""

    def __init__(
        self, db_path: str, host: str = "127.0.0.1", port: int = 8080, threads: int = 4,
        secure_cookies: bool = False, proxies: int = 0,
    ) -> None:
        app = create_app(db_path, secure_cookies=secure_cookies, proxies=proxies)
        self._server = waitress.create_server(app, host=host, port=port, threads=threads, ident="defwatch")
        bound = getattr(self._server, "effective_port", port)  # several sockets (a name with v4 and v6)
        self.url = f"http://{host}:{bound}/"
        self.db_path = db_path

    def run(self) -> None:
        """Block serving until the process is interrupted."""
        log.info("review_serving db=%s url=%s", self.db_path, self.url)
        self._server.print_listen("Serving on http://{}:{}")  # waitress's own line, as waitress.serve logs it
        try:
            self._server.run()
        finally:
            self._server.close()


def serve(
    db_path: str, host: str = "127.0.0.1", port: int = 8080, threads: int = 4, secure_cookies: bool = False,
    proxies: int = 0,
) -> None:
    """Block serving the UI. Behind an HTTPS reverse proxy use ``secure_cookies=True, proxies=1``."""
    ReviewServer(db_path, host, port, threads, secure_cookies, proxies).run()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve the defwatch review UI.")
    parser.add_argument("--db", default="defwatch.db", help="database file (default: ./defwatch.db)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--secure-cookies", action="store_true", help="mark cookies Secure (HTTPS)")
    parser.add_argument("--proxies", type=int, default=0, help="reverse proxies in front (X-Forwarded-*)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    server = ReviewServer(args.db, args.host, args.port, args.threads, args.secure_cookies, args.proxies)
    print(f"defwatch review on {server.url} (Ctrl+C to stop)", flush=True)
    server.run()


if __name__ == "__main__":
    main()
