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


def serve(
    db_path: str, host: str = "127.0.0.1", port: int = 8080, threads: int = 4, secure_cookies: bool = False,
    proxies: int = 0,
) -> None:
    """Block serving the UI. Behind an HTTPS reverse proxy use ``secure_cookies=True, proxies=1``."""
    app = create_app(db_path, secure_cookies=secure_cookies, proxies=proxies)
    log.info("review_serving db=%s url=http://%s:%s/", db_path, host, port)
    waitress.serve(app, host=host, port=port, threads=threads, ident="defwatch")


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
    print(f"defwatch review on http://{args.host}:{args.port}/ (Ctrl+C to stop)")
    serve(args.db, args.host, args.port, args.threads, args.secure_cookies, args.proxies)


if __name__ == "__main__":
    main()
