"""JSON Feed 1.x, which feedparser 6.0 does not read, as feedparser-like entries.

The entries carry the keys `crawler.entries.entry_item` reads from feedparser
(link, id, title, summary, authors, published_parsed), so one code path stores both.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from typing import Any


class NotJsonFeed(ValueError):
    """The body is not a JSON Feed document."""


def looks_like_json(body: bytes, content_type: str) -> bool:
    """The server says JSON, or the body opens like a JSON object (a byte-order mark allowed)."""
    return "json" in content_type.lower() or body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{"


def parse_json_feed(body: bytes) -> list[dict[str, Any]]:
    try:
        document = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise NotJsonFeed(f"invalid JSON: {exc}") from exc
    except RecursionError as exc:  # hostile input: arrays nested thousands deep
        raise NotJsonFeed("invalid JSON: nested too deeply") from exc
    if not isinstance(document, dict) or "jsonfeed.org/version/" not in str(document.get("version", "")):
        raise NotJsonFeed("JSON without a jsonfeed.org version: not a JSON Feed")
    items = document.get("items")
    if not isinstance(items, list):
        raise NotJsonFeed("JSON Feed without an items list")
    return [_entry(item) for item in items if isinstance(item, dict)]


def _entry(item: dict[str, Any]) -> dict[str, Any]:
    authors = item.get("authors") or ([item["author"]] if isinstance(item.get("author"), dict) else [])
    if not isinstance(authors, list):
        authors = []
    content = max(_text(item.get("content_html")), _text(item.get("content_text")), key=len)
    return {
        "link": _text(item.get("url")) or _text(item.get("external_url")),
        "id": _text(item.get("id")),
        "title": _text(item.get("title")),
        "summary": _text(item.get("summary")),
        "content": [{"value": content}] if content else [],
        "authors": [{"name": _text(a.get("name"))} for a in authors if isinstance(a, dict)],
        "published_parsed": _struct_time(item.get("date_published") or item.get("date_modified")),
    }


def _text(value: Any) -> str:
    """Strings as they are; numbers (some feeds give numeric ids) as text; anything else empty."""
    if isinstance(value, str):
        return value.strip()
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else ""


def _struct_time(value: Any) -> time.struct_time | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    try:
        return parsed.astimezone(UTC).timetuple()
    except (OverflowError, ValueError):  # year 1 or 9999 pushed past the calendar by the offset
        return None
