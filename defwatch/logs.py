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


def configure_logging(verbosity: int) -> None:
    """verbosity: -1 quiet (errors), 0 warnings and our info, 1 info, 2 debug."""
    level = {-1: logging.ERROR, 0: logging.INFO, 1: logging.INFO}.get(verbosity, logging.DEBUG)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(KeyValueFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    if verbosity <= 0:
        for noisy in ("scrapy", "twisted", "trafilatura", "htmldate", "courlan", "py.warnings", "waitress",
                      "apscheduler", "filelock", "asyncio"):
            logging.getLogger(noisy).setLevel(logging.WARNING if verbosity == 0 else logging.ERROR)
