"""Article text and metadata from an HTML page, by trafilatura, plus feed-entry helpers."""

from __future__ import annotations

import calendar
import time
from dataclasses import dataclass
from datetime import UTC, datetime

import trafilatura
from w3lib.html import remove_tags, remove_tags_with_content, replace_entities


@dataclass(frozen=True)
class ExtractedPage:
    title: str
    text: str
    authors: str | None
    published_at: str | None
    language: str | None


def extract_page(html: str, url: str) -> ExtractedPage | None:
    """Main text and metadata; None when the page holds no extractable article."""
    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, favor_recall=True, include_comments=False, include_tables=False
    )
    if doc is None:
        return None
    data = doc if isinstance(doc, dict) else doc.as_dict()
    text = (data.get("text") or "").strip()
    if not text:
        return None
    return ExtractedPage(
        title=(data.get("title") or "").strip(),
        text=text,
        authors=data.get("author") or None,
        published_at=_iso_date(data.get("date")),
        language=data.get("language") or None,
    )


def _iso_date(value: object) -> str | None:
    if not value:
        return None
    text = str(value)
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).isoformat(timespec="seconds")


def plain_text(html_or_text: str | None) -> str:
    """Feed fields may carry markup (titles too, sometimes escaped twice); keep only the words.

    Script and style elements go with their content: their text is code, not words.
    """
    if not html_or_text:
        return ""
    text = html_or_text
    if "<" in text:
        text = remove_tags(remove_tags_with_content(text, which_ones=("script", "style")))
    if "&" in text:
        text = replace_entities(text)
        if "<" in text:  # markup that was escaped in the feed ("&lt;b&gt;") is markup all the same
            text = remove_tags(remove_tags_with_content(text, which_ones=("script", "style")))
    return " ".join(text.split())


def struct_time_to_iso(value: time.struct_time | None) -> str | None:
    """feedparser's parsed dates are UTC struct_times; some feeds give nonsense, which we drop."""
    if not value:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), UTC).isoformat(timespec="seconds")
    except (OverflowError, ValueError, OSError):
        return None
