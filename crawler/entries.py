"""Entries of a fetched feed: read the document (RSS, Atom, JSON Feed), turn entries into articles.

No I/O and no Scrapy: the feed poller (crawler.feedpoll) and the tests use it alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import feedparser

from crawler.destinations import DestinationPolicy
from crawler.extract import plain_text, struct_time_to_iso
from crawler.fastfeed import read_fast
from crawler.items import ArticleItem
from crawler.jsonfeed import NotJsonFeed, looks_like_json, parse_json_feed
from storage.articles import known_urls
from storage.dedupe import canonical_url
from storage.feeds import Feed


def entry_item(entry: Any, base_url: str, feed: Feed) -> ArticleItem | None:
    """An article item from a feed entry; None when the entry has no usable link.

    The link, else a GUID that is a URL (RSS permalinks often are), resolved against the
    feed's URL when relative. Titles lose their markup; the longer of summary and content
    is kept as the summary, which is all that remains when the page cannot be fetched.
    """
    link = _text(entry.get("link"))
    if not link:
        guid = _text(entry.get("id"))
        link = guid if guid.lower().startswith(("http://", "https://")) else ""
    if not link:
        return None
    url = urljoin(base_url, link)
    if not url.lower().startswith(("http://", "https://")):
        return None
    title, summary = entry_text(entry)
    authors = entry.get("authors")
    if not isinstance(authors, list):
        authors = []
    names = [_text(a.get("name")) for a in authors if isinstance(a, dict)]
    return ArticleItem(
        url=url,
        title=title,
        summary=summary or None,
        outlet=feed.outlet or feed.name,
        authors=", ".join(n for n in names if n) or None,
        published_at=_entry_date(entry),
        language=feed.language,
        feed_id=feed.id,
    )


def entry_text(entry: Any) -> tuple[str, str]:
    """An entry's title and text without markup: the longer of summary and content is the text,
    all that remains of an article whose page cannot be fetched."""
    summary = _text(entry.get("summary"))
    content = entry.get("content") or []
    if isinstance(content, list) and content and isinstance(content[0], dict):
        value = _text(content[0].get("value"))
        if len(value) > len(summary):
            summary = value
    return plain_text(_text(entry.get("title"))), plain_text(summary)


def _entry_date(entry: Any) -> str | None:
    """Published, else updated; dict.get because feedparser's own get() maps a missing
    updated_parsed to published_parsed with a DeprecationWarning."""
    return struct_time_to_iso(dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed"))


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


class UnreadableFeed(ValueError):
    """Neither feedparser nor the JSON Feed reader found a feed in the body."""


@dataclass(frozen=True)
class FeedEntries:
    entries: list[Any]
    problem: str | None  # set for a malformed feed that still yielded entries
    version: str | None = None  # feedparser's name for the format (rss20, atom10, ...) or json1

    @property
    def items(self) -> list[Any]:  # the name earlier callers used
        return self.entries


def read_entries(body: bytes, url: str, content_type: str) -> FeedEntries:
    """Entries of an RSS, Atom or JSON feed; malformed feeds give what they can.

    JSON is tried first when the server says JSON or the body starts with a brace: feedparser
    6.0 does not read JSON Feed. Then the fast reader for well-formed UTF-8 RSS and Atom
    (crawler.fastfeed), which gives up on anything unusual. Everything else goes to
    feedparser with the server's Content-Type (its charset decides the encoding when the
    document does not) and the URL (the base for relative links).
    """
    if looks_like_json(body, content_type):
        try:
            return FeedEntries(parse_json_feed(body), None, "json1")
        except NotJsonFeed as exc:
            if body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
                raise UnreadableFeed(str(exc)) from exc
    fast = read_fast(body, url, content_type)
    if fast is not None:
        return FeedEntries(fast[0], None, fast[1])
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    # Markup is stripped from every field anyway: feedparser's sanitiser would be work thrown away.
    parsed = feedparser.parse(
        body, response_headers=headers, sanitize_html=False, resolve_relative_uris=False
    )
    problem = None
    if parsed.get("bozo"):
        error = parsed.get("bozo_exception")
        problem = f"{type(error).__name__}: {error}"[:300] if error else "malformed"
    version = parsed.get("version") or None
    if not parsed.entries and (problem or not version):
        raise UnreadableFeed(problem or "no feed format recognised (not RSS, Atom or JSON Feed)")
    return FeedEntries(list(parsed.entries), problem, version)


def claim_new(
    db: Any, policy: DestinationPolicy, claimed: set[str], items: Iterable[ArticleItem]
) -> tuple[list[ArticleItem], dict[str, int]]:
    """The items to store: not stored before (one query for the lot), not already taken by
    another entry or source in this crawl (``claimed``, updated), not links into our own
    network. With counts of each kind left out."""
    counts = {"repeated": 0, "known": 0, "refused": 0}
    fresh: dict[str, ArticleItem] = {}
    for item in items:
        key = canonical_url(item.url)
        if key in fresh or key in claimed:
            counts["repeated"] += 1
        elif policy.literal_refusal(item.url) is not None:
            counts["refused"] += 1
        else:
            fresh[key] = item
    stored = known_urls(db, [item.url for item in fresh.values()]) if fresh else set()
    new = []
    for key, item in fresh.items():
        if item.url in stored:
            counts["known"] += 1
        else:
            claimed.add(key)
            new.append(item)
    return new, counts
