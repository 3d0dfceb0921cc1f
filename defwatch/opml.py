"""OPML import and export of the feed list (`defwatch feeds import-opml` / `export-opml`).

feeds.yml is the source of truth, so an import edits it: the new sources are APPENDED to its
`sources:` list as text, leaving every other byte (comments, order, quoting) as it was, and
the result is validated before it is written (atomically). Sources whose name or URL is
already configured are skipped, so importing the same file twice changes nothing.

OPML files come from elsewhere: they are parsed with defusedxml, which refuses entity
expansion (billion laughs), external entities and DTDs, and are capped in size.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element, SubElement, tostring

import defusedxml.ElementTree as SafeET
import yaml
from defusedxml import DefusedXmlException

from defwatch.config import Config, ConfigError, parse_config

MAX_OPML_BYTES = 10_000_000
_SLUG = re.compile(r"[^a-z0-9._-]+")
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


class OpmlError(ValueError):
    """The OPML file cannot be read, or importing it would make feeds.yml invalid."""


@dataclass(frozen=True)
class OpmlFeed:
    name: str
    url: str
    title: str | None = None


@dataclass(frozen=True)
class ImportResult:
    added: list[OpmlFeed]
    skipped: list[tuple[OpmlFeed, str]]  # with the reason


def read_opml(data: bytes) -> list[OpmlFeed]:
    """Every outline with an xmlUrl, at any depth (folders are flattened), in document order."""
    if len(data) > MAX_OPML_BYTES:
        raise OpmlError(f"the OPML file is larger than {MAX_OPML_BYTES} bytes")
    try:
        root = SafeET.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise OpmlError(f"refused: the OPML file uses XML features that are not allowed ({exc})") from exc
    except SafeET.ParseError as exc:
        raise OpmlError(f"not well-formed XML: {exc}") from exc
    if root.tag.lower() != "opml":
        raise OpmlError(f"not an OPML document: the root element is <{root.tag}>")
    feeds = []
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if not url:
            continue
        title = (outline.get("title") or outline.get("text") or "").strip() or None
        feeds.append(OpmlFeed(name=_name_for(outline.get("text"), title, url), url=url, title=title))
    return feeds


def _name_for(text: str | None, title: str | None, url: str) -> str:
    """A source name: the outline's text when it already is one (our own exports), else a slug."""
    if text and _NAME.match(text.strip()):
        return text.strip()
    base = _SLUG.sub("-", (title or urlsplit(url).hostname or "feed").lower()).strip("-._")
    return base[:60] or "feed"


def plan_import(config: Config, feeds: list[OpmlFeed]) -> ImportResult:
    """Which feeds are new: skip URLs already configured, rename clashing names (-2, -3...)."""
    names = {s.name for s in config.sources}
    urls = {str(s.url) for s in config.sources} | {str(s.url).rstrip("/") for s in config.sources}
    added: list[OpmlFeed] = []
    skipped: list[tuple[OpmlFeed, str]] = []
    for feed in feeds:
        parts = urlsplit(feed.url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            skipped.append((feed, "not an http(s) URL"))
            continue
        if feed.url in urls or feed.url.rstrip("/") in urls:
            skipped.append((feed, "URL already configured"))
            continue
        name, n = feed.name, 2
        while name in names:
            name, n = f"{feed.name}-{n}", n + 1
        added.append(OpmlFeed(name=name, url=feed.url, title=feed.title))
        names.add(name)
        urls.add(feed.url)
    return ImportResult(added, skipped)


def append_sources(text: str, feeds: list[OpmlFeed], comment: str) -> str:
    """feeds.yml's text with these sources added at the end of its `sources:` list."""
    if not feeds:
        return text
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    sequence = None
    if isinstance(root, yaml.MappingNode):
        sequence = next((v for k, v in root.value if k.value == "sources"), None)
    if sequence is None:  # no sources section yet: a new one at the end of the file
        block = _items(feeds, 2, comment)
        return text + ("" if text.endswith("\n") or not text else "\n") + "sources:\n" + block
    if not isinstance(sequence, yaml.SequenceNode):
        raise OpmlError("`sources` in feeds.yml is not a list")
    if sequence.flow_style:
        if sequence.value:
            raise OpmlError(
                "`sources` is written as a [flow, list]; write it as a block list to import into it"
            )
        start, end = sequence.start_mark.index, sequence.end_mark.index  # the "[]"
        return text[:start].rstrip(" ") + "\n" + _items(feeds, 2, comment).rstrip("\n") + text[end:]
    dash = max(sequence.value[0].start_mark.column - 2, 0)
    at = text.find("\n", _last_scalar(sequence.value[-1]).end_mark.index)
    if at == -1:
        return text + "\n" + _items(feeds, dash, comment)
    return text[: at + 1] + _items(feeds, dash, comment) + text[at + 1 :]


def _last_scalar(node: yaml.Node) -> yaml.Node:
    while isinstance(node, yaml.MappingNode | yaml.SequenceNode) and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(last, tuple) else last
    return node


def _items(feeds: list[OpmlFeed], dash: int, comment: str) -> str:
    pad = " " * dash
    lines = [f"{pad}# {comment}"]
    for feed in feeds:
        lines.append(f"{pad}- name: {_quote(feed.name)}")
        lines.append(f"{pad}  url: {_quote(feed.url)}")
        if feed.title and feed.title != feed.name:
            lines.append(f"{pad}  outlet: {_quote(feed.title)}")
    return "\n".join(lines) + "\n"


def _quote(value: str) -> str:
    """A YAML scalar that reads back as exactly this string (JSON strings are YAML)."""
    return json.dumps(value, ensure_ascii=False)


def import_opml(config_path: Path, data: bytes, comment: str) -> ImportResult:
    """Append the OPML file's new feeds to feeds.yml, validating the result before writing it."""
    if not config_path.exists():
        # A feeds.yml holding only the imported sources would watch no group at all (the watch
        # rules live in the same file), so start from the full reference file instead.
        raise OpmlError(
            f"there is no {config_path} to add the feeds to; copy the repository's feeds.yml there "
            "(it holds the watch rules too), or pass --config, then import again"
        )
    text = config_path.read_text(encoding="utf-8")
    try:
        config = parse_config(text, str(config_path))
    except ConfigError as exc:
        raise OpmlError(f"{exc}\nfix it first (`defwatch config check`), then import again") from exc
    result = plan_import(config, read_opml(data))
    if not result.added:
        return result
    new_text = append_sources(text, result.added, comment)
    try:
        parse_config(new_text, str(config_path))
    except ConfigError as exc:
        raise OpmlError(
            f"importing would make {config_path} invalid, so it was left as it was:\n{exc}"
        ) from exc
    _write_atomically(config_path, new_text)
    return result


def _write_atomically(path: Path, text: str) -> None:
    """Never a half-written feeds.yml: write beside it, then rename over it (keeping its mode)."""
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def export_opml(config: Config, title: str = "defwatch sources") -> str:
    """OPML 2.0 of the configured feeds (listing pages and sitemaps are not feeds: left out)."""
    opml = Element("opml", version="2.0")
    head = SubElement(opml, "head")
    SubElement(head, "title").text = title
    body = SubElement(opml, "body")
    for source in config.sources:
        if source.kind != "feed":
            continue
        attributes = {"text": source.name, "title": source.outlet or source.name, "type": "rss",
                      "xmlUrl": str(source.url)}
        if source.language:
            attributes["language"] = source.language
        SubElement(body, "outline", attributes)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(opml, encoding="unicode") + "\n"
