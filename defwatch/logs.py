"""Structured logs: one line per event, key=value, to stderr. Only the CLI configures handlers."""

from __future__ import annotations

import json
import logging
import sys
import time


class KeyValueFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
        message = record.getMessage()
        if "=" not in message.split(" ", 1)[0]:
            message = "msg=" + json.dumps(message, ensure_ascii=False)
        line = f"ts={stamp}Z level={record.levelname.lower()} logger={record.name} {message}"
        if record.exc_info:
            line += " exc=" + json.dumps(self.formatException(record.exc_info), ensure_ascii=False)
        return line


NOISY_LIBRARIES = frozenset({
    "scrapy", "twisted", "trafilatura", "htmldate", "courlan", "py.warnings", "waitress", "apscheduler",
    "filelock", "asyncio",
})


class LibraryLevelFilter(logging.Filter):
    """Hold libraries' chatter to their own threshold, whatever level they set on their loggers.

    Scrapy resets its loggers (to DEBUG) each time a crawler process starts, which would print
    every scraped item, article text included; filtering at our handler cannot be undone that way.
    """

    def __init__(self, level: int) -> None:
        super().__init__()
        self.level = level

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= self.level or record.name.split(".", 1)[0] not in NOISY_LIBRARIES


def configure_logging(verbosity: int) -> None:
    """verbosity: -1 quiet (errors), 0 warnings and our info, 1 info, 2 debug."""
    level = {-1: logging.ERROR, 0: logging.INFO, 1: logging.INFO}.get(verbosity, logging.DEBUG)
    library_level = {-1: logging.ERROR, 0: logging.WARNING, 1: logging.INFO}.get(verbosity, logging.DEBUG)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(KeyValueFormatter())
    handler.addFilter(LibraryLevelFilter(library_level))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
