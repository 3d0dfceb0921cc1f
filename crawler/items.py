"""What spiders hand to the storage pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ArticleItem:
    url: str
    title: str = ""
    text: str = ""
    outlet: str | None = None
    authors: str | None = None
    published_at: str | None = None
    language: str | None = None
    summary: str | None = None
    feed_id: int | None = None
    page_status: str = "fetched"  # fetched | summary_only
    other_urls: list[str] = field(default_factory=list)


@dataclass
class PollOutcome:
    """A source polled successfully: its new polling state, with the articles it brought.

    The pipeline commits the articles and this state in ONE transaction, and a spider hands
    it over only once every new entry's page has been dealt with. So a crawl killed half-way
    never leaves a feed marked "seen" (new ETag, new body hash) while some of its entries
    are not stored: the next cycle polls it unconditionally and picks up what is missing.
    """

    feed_id: int
    feed_name: str
    next_poll_at: str
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    moved_to: str | None = None  # the URL after a permanent redirect (301/308 only)
    warning: str | None = None  # a problem that did not stop the poll (a bozo feed)
    new_entries: int = 0
    articles: list[ArticleItem] = field(default_factory=list)  # summary-only, stored with the state
