"""robots.txt answers kept for a day across cycles, in one JSON file beside the database.

Every cycle is a fresh process, so without a cache each cycle would ask every site for its
robots.txt again: with a thousand feeds as many requests as the polls themselves, each poll
waiting behind its own. RFC 9309 lets a crawler use a cached robots.txt for up to 24 hours.
Server errors (5xx) are not kept; a 4xx means no robots.txt, no rules (RFC 9309 2.3.1.3),
kept as an empty file. The feed poller and Scrapy's middleware share this file.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import time
from typing import Any

TTL_S = 86400
MAX_BODY = 500_000  # Google reads the first 500 KiB of a robots.txt

log = logging.getLogger(__name__)


class RobotsCache:
    def __init__(self, path: str):
        self.path = path
        self.cached = _read(path, time.time() - TTL_S)
        self.fetched: dict[str, dict[str, Any]] = {}

    def body(self, netloc: str) -> str | None:
        """The cached robots.txt of a site (maybe empty: no rules), None when not cached."""
        entry = self.fetched.get(netloc) or self.cached.get(netloc)
        return str(entry["body"]) if entry is not None else None

    def remember(self, netloc: str, status: int, body: bytes) -> None:
        if status < 500:
            text = body[:MAX_BODY].decode("utf-8", "replace") if 200 <= status < 300 else ""
            self.fetched[netloc] = {"at": time.time(), "body": text}

    def save(self) -> None:
        """Merge what this process fetched into the file (another cycle's answers are kept)."""
        if not self.path or not self.fetched:
            return
        merged = _read(self.path, time.time() - TTL_S)
        merged.update(self.fetched)
        folder = os.path.dirname(os.path.abspath(self.path))
        try:
            handle, temporary = tempfile.mkstemp(dir=folder, prefix=".robots-", suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(merged, out)
            os.replace(temporary, self.path)
        except OSError as exc:  # a cache: losing it costs requests, not data
            log.warning("event=robots_cache_unwritable path=%s error=%r", self.path, str(exc))


def _read(path: str, not_before: float) -> dict[str, dict[str, Any]]:
    if not path:
        return {}
    try:
        with open(path, encoding="utf-8") as cache:
            data = json.load(cache)
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {
        netloc: entry for netloc, entry in data.items()
        if isinstance(entry, dict) and isinstance(entry.get("at"), int | float) and entry["at"] >= not_before
        and isinstance(entry.get("body"), str)
    }
