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
