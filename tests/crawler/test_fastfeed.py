"""The fast reader (crawler.fastfeed) against feedparser: on every document of ../shared/realfeeds
and of the fixtures that it accepts, the entries stored must be the same as feedparser's."""

from __future__ import annotations

import warnings
from pathlib import Path

import feedparser
import pytest

from crawler.entries import entry_item
from crawler.fastfeed import read_fast
from tests.crawler.test_parsing import FEED

REALFEEDS = Path(__file__).resolve().parents[3] / "shared" / "realfeeds"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_fast_reader_agrees_with_feedparser_wherever_it_answers() -> None:
    if not REALFEEDS.exists():
        pytest.skip(f"{REALFEEDS} is not here")
    documents = [p for p in sorted(REALFEEDS.rglob("*.xml")) + sorted(FIXTURES.rglob("*.rss")) if p.is_file()]
    accepted, disagreements = 0, []
    for path in documents:
        body = path.read_bytes()
        url = "http://feeds.example/" + path.name
        for content_type in ("application/xml", "text/xml; charset=utf-8"):
            fast = read_fast(body, url, content_type)
            if fast is None:
                continue
            accepted += 1
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                slow = feedparser.parse(
                    body, response_headers={"content-location": url, "content-type": content_type},
                    sanitize_html=False, resolve_relative_uris=False,
                )
            mine = [entry_item(e, url, FEED) for e in fast[0]]
            theirs = [entry_item(e, url, FEED) for e in slow.entries]
            if mine != theirs or fast[1] != slow.version:
                disagreements.append((path.name, content_type))
    assert accepted > 1000  # it takes most well-formed documents...
    assert disagreements == []  # ...and reads each exactly as feedparser would


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b'<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"><channel/></rss>', "text/xml"),
        (b'<rss version="2.0"><channel><item><title>x &nbsp;</title></item></channel></rss>', "text/xml"),
        (b'<!DOCTYPE rss [<!ENTITY a "b">]><rss version="2.0"><channel/></rss>', "application/xml"),
        (b'<rss version="0.91"><channel/></rss>', "application/xml"),
        (b'<rss version="2.0"><channel/></rss>', "text/html"),
        ('<rss version="2.0"><channel><title>caf\u00e9</title></channel></rss>'.encode(), "text/xml"),
        (b'<rss version="2.0"><channel><item><dcterms:issued xmlns:dcterms="http://purl.org/dc/terms/">2002'
         b"</dcterms:issued></item></channel></rss>", "application/xml"),
    ],
)
def test_unusual_documents_are_left_to_feedparser(body: bytes, content_type: str) -> None:
    assert read_fast(body, "http://feeds.example/f", content_type) is None
