"""A fast reader for the common case: well-formed UTF-8 RSS 2.0, RSS 1.0 and Atom 1.0.

feedparser reads anything, broken feeds included, but it is pure Python on top of SAX and
took about 7 ms for a 20-entry feed: most of a cold polling cycle over a thousand feeds
(benchmarks/poll.py). Most real feeds are well-formed; those are read here with lxml (C),
giving entries with exactly the fields crawler.entries.entry_item reads from
feedparser, with feedparser's own date parser. Anything unusual (not well-formed, a DOCTYPE,
another encoding, another format, RSS 0.9x, Atom 0.3) returns None, and feedparser reads it
as before. tests/crawler/test_fastfeed.py holds the two readers to the same results on every
document of ../shared/realfeeds this one accepts.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin

from feedparser.datetimes import _parse_date
from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
RSS1 = "{http://purl.org/rss/1.0/}"
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
DC = "{http://purl.org/dc/elements/1.1/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
XHTML = "{http://www.w3.org/1999/xhtml}"

MEDIA = "{http://search.yahoo.com/mrss/}"
# The child elements an entry may have for this reader to take it: the ones it reads, and ones
# feedparser ignores for our purposes (categories, enclosures, comment counts, media). Any
# other (dcterms:issued, atom:link inside RSS, ...) makes feedparser map fields in ways not
# reproduced here, so the whole document goes to feedparser.
_RSS_ITEM = {
    "title", "link", "description", "guid", "pubDate", "author", "category", "comments", "enclosure",
    f"{CONTENT}encoded", f"{DC}creator", f"{DC}subject", "{http://purl.org/rss/1.0/modules/slash/}comments",
    "{http://wellformedweb.org/CommentAPI/}commentRss",
}
_RSS1_ITEM = {f"{RSS1}title", f"{RSS1}link", f"{RSS1}description", f"{CONTENT}encoded", f"{DC}creator",
              f"{DC}date", f"{DC}subject"}
_ATOM_ENTRY = {
    f"{ATOM}{name}"
    for name in ("id", "title", "link", "summary", "content", "author", "published", "updated", "category",
                 "rights", "contributor")
}

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)
_DECLARED = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._-]+)", re.I)
_UTF8 = {"utf-8", "utf8"}


def read_fast(body: bytes, url: str, content_type: str) -> tuple[list[dict[str, Any]], str] | None:
    """(entries, format) for a well-formed UTF-8 RSS 2.0/1.0 or Atom 1.0 document, else None."""
    if not _plain_utf8(body, content_type):
        return None
    try:
        root = etree.fromstring(body, _PARSER, base_url=url)
    except (etree.XMLSyntaxError, ValueError):
        return None
    if root.getroottree().docinfo.doctype:
        return None  # entities and DTDs: feedparser's business
    try:
        if root.tag == "rss" and root.get("version") == "2.0":
            channel = root.find("channel")
            if channel is None:
                return None
            _only_known(channel, "item")
            return [_rss_entry(item) for item in channel.iterfind("item")], "rss20"
        if root.tag == f"{ATOM}feed":
            _only_known(root, f"{ATOM}entry")
            return [_atom_entry(entry) for entry in root.iterfind(f"{ATOM}entry")], "atom10"
        if root.tag == f"{RDF}RDF" and root.find(f"{RSS1}channel") is not None:
            _only_known(root, f"{RSS1}item")
            return [_rss1_entry(item) for item in root.iterfind(f"{RSS1}item")], "rss10"
    except _Unusual:
        return None
    return None


class _Unusual(Exception):
    """Something this reader does not reproduce exactly as feedparser would: leave it to feedparser."""


def _only_known(parent: Any, tag: str) -> None:
    """Items or entries in another namespace are still entries to feedparser (it reads local names)."""
    for child in parent:
        local = etree.QName(child).localname if isinstance(child.tag, str) else ""
        if child.tag != tag and local in ("item", "entry"):
            raise _Unusual(f"<{child.tag}>")


def _plain_utf8(body: bytes, content_type: str) -> bool:
    """UTF-8 by every account: the bytes, the XML declaration, the HTTP charset, no BOM games."""
    if body[:3] == b"\xef\xbb\xbf" or body[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return False
    declared = _DECLARED.match(body[:200])
    if declared and declared.group(1).decode().lower() not in _UTF8:
        return False
    charset = _CHARSET.search(content_type or "")
    if charset and charset.group(1).lower() not in _UTF8:
        return False
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind and not (kind.endswith("xml") or kind == "application/octet-stream"):
        return False  # feedparser treats other types differently (and flags them)
    if kind.startswith("text/") and not charset and not body.isascii():
        return False  # RFC 3023: text/xml without a charset is US-ASCII, for feedparser too
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _text(element: Any) -> str:
    """The text of an element holding text or escaped markup; real child elements are unusual."""
    if element is None:
        return ""
    if len(element):
        raise _Unusual("markup inside a text element")
    return str(element.text or "").strip()


def _date(element: Any) -> Any:
    text = _text(element)
    return _parse_date(text) if text else None


def _check_children(element: Any, allowed: set[str]) -> None:
    names = []
    for child in element:
        if not isinstance(child.tag, str):
            continue  # comments, processing instructions
        if child.tag not in allowed and not child.tag.startswith(MEDIA):
            raise _Unusual(f"<{child.tag}> in an entry")
        names.append(child.tag)
    for once in ("link", "guid", "pubDate", f"{RSS1}link", f"{ATOM}id", f"{ATOM}published", f"{ATOM}updated"):
        if names.count(once) > 1:
            raise _Unusual(f"several <{once}>")


def _rss_entry(item: Any) -> dict[str, Any]:
    _check_children(item, _RSS_ITEM)
    if item.find("link") is not None and item.find("link").attrib:
        raise _Unusual("attributes on <link>")
    link = _text(item.find("link"))
    guid_element = item.find("guid")
    guid = _text(guid_element)
    if not link and guid and (guid_element.get("isPermaLink") or "true").lower() == "true":
        link = guid
    if link:
        link = urljoin(item.base or "", link)
    authors = [_text(a) for a in (*item.iterfind("author"), *item.iterfind(f"{DC}creator")) if _text(a)]
    if len(authors) > 1:
        raise _Unusual("several authors")  # feedparser's choice among them is subtle
    entry: dict[str, Any] = {
        "link": link,
        "id": guid or link,
        "title": _text(item.find("title")),
        "summary": _text(item.find("description")),
        "content": [{"value": _text(c)} for c in item.iterfind(f"{CONTENT}encoded")],
        "authors": [{"name": a} for a in authors],
        "published_parsed": _date(item.find("pubDate")) or _date(item.find(f"{DC}date")),
    }
    return entry


def _rss1_entry(item: Any) -> dict[str, Any]:
    _check_children(item, _RSS1_ITEM)
    link = _text(item.find(f"{RSS1}link")) or item.get(f"{RDF}about") or ""
    if link:
        link = urljoin(item.base or "", link)
    creators = [_text(a) for a in item.iterfind(f"{DC}creator") if _text(a)]
    if len(creators) > 1:
        raise _Unusual("several authors")
    return {
        "link": link,
        "id": item.get(f"{RDF}about") or link,
        "title": _text(item.find(f"{RSS1}title")),
        "summary": _text(item.find(f"{RSS1}description")),
        "content": [{"value": _text(c)} for c in item.iterfind(f"{CONTENT}encoded")],
        "authors": [{"name": a} for a in creators],
        "published_parsed": _date(item.find(f"{DC}date")),
    }


def _atom_entry(entry: Any) -> dict[str, Any]:
    _check_children(entry, _ATOM_ENTRY)
    links = list(entry.iterfind(f"{ATOM}link"))
    alternates = [k for k in links if k.get("rel", "alternate") == "alternate"]
    if len(alternates) != 1 or not all((k.get("href") or "").strip() for k in links):
        raise _Unusual("no single alternate link")  # feedparser then picks among the others
    if entry.find(f"{ATOM}id") is None:
        raise _Unusual("no id")
    link = urljoin(alternates[0].base or "", alternates[0].get("href").strip())
    authors = []
    for author in entry.iterfind(f"{ATOM}author"):
        name = _text(author.find(f"{ATOM}name"))
        if name:
            authors.append({"name": name})
    return {
        "link": link,
        "id": _text(entry.find(f"{ATOM}id")),
        "title": _atom_text(entry.find(f"{ATOM}title")),
        "summary": _atom_text(entry.find(f"{ATOM}summary")),
        "content": [{"value": _atom_text(c)} for c in entry.iterfind(f"{ATOM}content")],
        "authors": authors,
        "published_parsed": _date(entry.find(f"{ATOM}published")),
        "updated_parsed": _date(entry.find(f"{ATOM}updated")),
    }


def _atom_text(element: Any) -> str:
    if element is None:
        return ""
    kind = element.get("type", "text")
    if kind in ("text", "html"):
        return _text(element)
    if kind == "xhtml":
        div = element.find(f"{XHTML}div")
        if div is None or len(element) != 1:
            raise _Unusual("xhtml content without its div")
        inner = (div.text or "") + "".join(etree.tostring(child, encoding="unicode") for child in div)
        return inner.strip()
    raise _Unusual(f"atom text of type {kind}")
