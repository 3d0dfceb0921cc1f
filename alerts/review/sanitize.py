"""Rendering scraped text and HTML safely: every article is hostile input.

Article text is stored as plain text, so it is escaped, never cleaned: escaping keeps
whatever an outlet (or an attacker) put in it visible as text and inert. Matched terms
are highlighted by finding them in the raw text and escaping every piece, the matches
included, before wrapping matches in ``<mark>``; no raw character reaches the page.
The little HTML that has to be shown as HTML (feed summaries) goes through nh3 with a
strict allow-list. URLs from articles are only ever used as links when http(s).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

import nh3
from markupsafe import Markup, escape

ALLOWED_TAGS = frozenset(
    {"p", "br", "em", "strong", "b", "i", "u", "ul", "ol", "li", "blockquote", "q", "cite", "code",
     "pre", "mark", "a", "abbr", "sub", "sup"}
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
ALLOWED_URL_SCHEMES = frozenset({"http", "https"})
LINK_REL = "noopener noreferrer nofollow"

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n+")
_SNIPPET_MARK = re.compile(r"\[([^\[\]]*)\]")


def clean_html(html: str | None) -> Markup:
    """HTML reduced to a small allow-list of inline and block tags, links made inert-ish."""
    if not html:
        return Markup("")
    cleaned = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )
    return Markup(cleaned)  # nh3 output is the sanitised form


def term_pattern(terms: Iterable[str]) -> re.Pattern[str] | None:
    """One case-insensitive pattern for all terms, longest first, whole words where terms start/end in one."""
    parts = []
    for term in sorted({t.strip() for t in terms if t and t.strip()}, key=len, reverse=True):
        body = re.escape(term)
        if re.match(r"\w", term):
            body = r"\b" + body
        if re.search(r"\w$", term):
            body = body + r"\b"
        parts.append(body)
    if not parts:
        return None
    return re.compile("|".join(parts), re.IGNORECASE)


def highlight(text: str, terms: Iterable[str] | re.Pattern[str] | None) -> Markup:
    """Escaped text with every match of ``terms`` wrapped in <mark>."""
    pattern = terms if isinstance(terms, re.Pattern) or terms is None else term_pattern(terms)
    if pattern is None:
        return escape(text)
    out: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        if match.start() == match.end():
            continue
        out.append(str(escape(text[last:match.start()])))
        out.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    out.append(str(escape(text[last:])))
    return Markup("".join(out))  # every piece above is escaped


def render_article_text(text: str | None, terms: Iterable[str] = ()) -> Markup:
    """Plain article text as escaped paragraphs (blank lines split them, newlines become <br>)."""
    if not text or not text.strip():
        return Markup("")
    pattern = term_pattern(terms)
    paragraphs = []
    for chunk in _PARAGRAPH_BREAK.split(text.strip()):
        lines = [highlight(line.strip(), pattern) for line in chunk.splitlines() if line.strip()]
        if lines:
            paragraphs.append(Markup("<p>") + Markup("<br>").join(lines) + Markup("</p>"))
    return Markup("\n").join(paragraphs)


def render_snippet(snippet: str | None) -> Markup:
    """An FTS snippet (plain text with [..] around hits) escaped, with hits as <mark>."""
    if not snippet:
        return Markup("")
    escaped = str(escape(snippet))  # brackets survive escaping and no tag can remain inside them
    return Markup(_SNIPPET_MARK.sub(r"<mark>\1</mark>", escaped))


def safe_url(url: str | None) -> str | None:
    """The URL if it is an absolute http(s) link, else None (javascript:, data:, relative...)."""
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ALLOWED_URL_SCHEMES or not parts.netloc:
        return None
    if any(ord(c) < 0x20 or c in "<>\"' `" for c in url):
        return None
    return url
