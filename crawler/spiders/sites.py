"""Sources without a feed: listing pages (links by CSS selector) and news sitemaps.

Both only yield links (with a title, and for news sitemaps a date and language), so their
articles' pages are always fetched, even when feeds are polled with pages off.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any

from lxml import etree
from scrapy.http import Response, TextResponse
from scrapy.utils.gz import gunzip

from crawler.extract import plain_text
from crawler.items import ArticleItem
from crawler.spiders.base import DefwatchSpider
from storage.feeds import Feed, get_due_feeds

MAX_LINKS_PER_PAGE = 200
MAX_SITEMAP_URLS = 1000  # a news sitemap holds the last two days, at most 1,000 URLs by Google's rules

_NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


class SitesSpider(DefwatchSpider):
    """`scrapy crawl sites [-a feeds=name,name]`."""

    name = "sites"

    async def start(self) -> AsyncIterator[Any]:
        for feed in get_due_feeds(self.db, names=self.only):
            if feed.kind == "listing":
                yield self.poll_request(feed, self.parse_listing)
            elif feed.kind == "sitemap":
                yield self.poll_request(feed, self.parse_sitemap)

    def parse_listing(self, response: Response, feed: Feed) -> Iterator[Any]:
        early, digest = self.early_result(feed, response)
        if early is not None:
            yield from early
            return
        if not isinstance(response, TextResponse):
            self.poll_errored(feed, "not a web page (binary response)", response)
            return
        # The page gives the title: link texts are often "Read more" or a teaser.
        items = [
            self._item(feed, response.urljoin(href.strip()))
            for href in response.css(f"{feed.link_selector or 'a'}::attr(href)").getall()
            if href.strip()
        ]
        warning = None
        if not items:
            warning = f"no links matched {feed.link_selector!r}; has the page layout changed?"
        yield from self._deliver_links(feed, response, items[:MAX_LINKS_PER_PAGE], digest, warning)

    def parse_sitemap(self, response: Response, feed: Feed) -> Iterator[Any]:
        early, digest = self.early_result(feed, response)
        if early is not None:
            yield from early
            return
        try:
            entries = read_sitemap(response.body, self.crawler.settings.getint("DOWNLOAD_MAXSIZE"))
        except NotASitemap as exc:
            self.poll_errored(feed, f"not a sitemap: {exc}", response)
            return
        items = [
            self._item(feed, response.urljoin(e["loc"]), title=e.get("title", ""),
                       published_at=e.get("published_at"), language=e.get("language"))
            for e in entries[:MAX_SITEMAP_URLS]
        ]
        yield from self._deliver_links(feed, response, items, digest, None)

    def _item(self, feed: Feed, url: str, **fields: Any) -> ArticleItem:
        values = {k: v for k, v in fields.items() if v}
        values.setdefault("language", feed.language)
        return ArticleItem(url=url, outlet=feed.outlet or feed.name, feed_id=feed.id, **values)

    def _deliver_links(
        self, feed: Feed, response: Response, items: list[ArticleItem], digest: str, warning: str | None
    ) -> Iterator[Any]:
        new, counts = self.claim_new(i for i in items if i.url.startswith(("http://", "https://")))
        self.logger.info(
            "event=links_read feed=%s links=%d repeated=%d known=%d refused=%d new=%d",
            feed.name, len(items), counts["repeated"], counts["known"], counts["refused"], len(new),
        )
        yield from self.deliver(feed, response, new, digest, warning, fetch_pages=True)


class NotASitemap(ValueError):
    """The body is not an XML sitemap."""


def read_sitemap(body: bytes, max_size: int) -> list[dict[str, str]]:
    """URLs of a sitemap with their news:title, news:publication_date and news:language.

    Parsed like Scrapy's own Sitemap class (no entity expansion, no network, recover from
    errors); a gzipped file is unpacked within the response size cap.
    """
    if body[:2] == b"\x1f\x8b":
        try:
            body = gunzip(body, max_size=max_size)
        except Exception as exc:  # truncated, corrupt or over the cap
            raise NotASitemap(f"cannot unpack the gzipped sitemap: {exc}") from exc
    parser = etree.XMLParser(recover=True, remove_comments=True, resolve_entities=False, no_network=True)
    try:
        root = etree.fromstring(body, parser=parser)
    except etree.LxmlError as exc:
        raise NotASitemap(f"{type(exc).__name__}: {exc}") from exc
    if root is None:
        raise NotASitemap("no XML found")
    kind = etree.QName(root).localname if isinstance(root.tag, str) else ""
    if kind == "sitemapindex":
        first = root.findtext("{*}sitemap/{*}loc") or "?"
        raise NotASitemap(f"a sitemap index, not a sitemap; point the source at one of its sitemaps: {first}")
    if kind != "urlset":
        raise NotASitemap(f"the document is <{kind}>, not a <urlset>")
    entries = []
    for url in root.iterfind("{*}url"):
        loc = (url.findtext("{*}loc") or "").strip()
        if not loc:
            continue
        entry = {"loc": loc}
        news = url.find(f"{_NEWS}news")
        if news is not None:
            entry["title"] = plain_text(news.findtext(f"{_NEWS}title"))
            date = (news.findtext(f"{_NEWS}publication_date") or "").strip()
            if date:
                entry["published_at"] = _iso(date)
            language = (news.findtext(f"{_NEWS}publication/{_NEWS}language") or "").strip()
            if language:
                entry["language"] = language
        entries.append({k: v for k, v in entry.items() if v})
    return entries


def _iso(value: str) -> str:
    """W3C datetime as ISO 8601 UTC seconds when it parses; '' when it does not."""
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return ""
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).isoformat(timespec="seconds")
