"""`defwatch ingest FILE`: backfill articles from JSONL through the crawler's own path.

Wiring only: records are read in batches, each batch is stored in one transaction by
storage.articles.add_articles (dedupe and clustering included), and the durable judgement
queue is worked through by alerts.judge.judge_pending after every batch, as after a crawl.

Resumable by construction. A batch is committed whole or not at all, so after an interruption
(Ctrl-C, SIGKILL, power loss) the database holds a prefix of the file; a re-run asks storage
which URLs are already stored, skips them without hashing them again, stores the rest and
judges whatever was stored but not yet judged. Records without a ``url`` get a synthetic one
from the file's name and the record's id (``urn:defwatch:ingest:NAME:ID``), the same on every
run, so they are recognised too; renaming the file makes them new articles.

A malformed line (not JSON, not an object, no ``text``, neither ``url`` nor ``id``, wrong
types) is reported with its line number and skipped: one bad line in a 100k-line archive
should not hold back the rest. The command then exits with status 1, so scripts notice.
"""

from __future__ import annotations

import gzip
import io
import json
import logging
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from alerts.rules import WatchRules
from storage.articles import NewArticle, add_articles, known_urls
from storage.db import bulk_load

log = logging.getLogger(__name__)

# Articles per transaction. Each commit writes every index page the batch touched; once the
# archive is large, 500 articles touch ~500 scattered pages of each index, so commits grew from
# 0.03 to 0.27 s (issue 4, profiled at 100k). 2000 share more pages: storing alone, 100k articles
# went from 654 to 762/s and the late/early cost ratio from 1.74 to 1.20 (benchmarks/ingest.py).
BATCH_SIZE = 2000
GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True)
class Malformed:
    line: int
    reason: str


@dataclass
class IngestSummary:
    read: int = 0
    stored: int = 0
    copies: int = 0  # stored, and joined the cluster of a story already held
    known: int = 0  # URL already stored (a re-run, or the same article twice in the file)
    judged: int = 0
    alerts_raised: int = 0
    malformed: list[Malformed] = field(default_factory=list)


class RecordError(ValueError):
    """A line that cannot become an article; the message says what is wrong with it."""


def synthetic_url(file_name: str, record_id: object) -> str:
    """The stable URL of a record that has none: file name and id, the same on every run."""
    return f"urn:defwatch:ingest:{file_name}:{record_id}"


def parse_record(line: str, file_name: str) -> NewArticle:
    """One JSONL line (DESIGN.md: id, title, text, optional url, published, outlet) as an article."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise RecordError(f"not JSON ({exc.msg} at column {exc.colno})") from exc
    if not isinstance(record, dict):
        raise RecordError(f"a JSON {type(record).__name__}, not an object")
    text = record.get("text")
    if not isinstance(text, str):
        raise RecordError("no 'text' string")
    url, record_id = record.get("url"), record.get("id")
    if not url and record_id in (None, ""):
        raise RecordError("neither 'url' nor 'id': nothing to recognise the article by on a re-run")
    for key in ("url", "title", "published", "outlet", "lang", "language"):
        if record.get(key) is not None and not isinstance(record[key], str):
            raise RecordError(f"'{key}' must be a string, not {type(record[key]).__name__}")
    if url and not url.lower().startswith(("http://", "https://")):
        # reviewers open it from the review UI: javascript: or file: links must not get in
        raise RecordError(f"'url' must be an http(s) URL, not {url[:60]!r}; leave it out to use the id")
    published = record.get("published")
    if published and not _is_iso_date(published):
        raise RecordError(f"'published' must be an ISO 8601 date like 2025-03-06 or "
                          f"2025-03-06T14:30:00Z, not {published[:40]!r}")
    return NewArticle(
        url=url or synthetic_url(file_name, record_id),
        title=record.get("title") or "",
        text=text,
        outlet=record.get("outlet"),
        published_at=record.get("published"),
        language=record.get("language") or record.get("lang"),
        source="ingest",
    )


def _is_iso_date(value: str) -> bool:
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00") if value.endswith("Z") else value)
    except ValueError:
        return False
    return True


def read_batches(
    path: Path, batch_size: int, on_malformed: Callable[[Malformed], None]
) -> Iterator[tuple[list[NewArticle], int]]:
    """Batches of parsed records, each with the number of bytes of the file read so far."""
    batch: list[NewArticle] = []
    done = 0
    for number, raw, done in _lines(path, on_malformed):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            on_malformed(Malformed(number, f"not UTF-8 ({exc.reason} at byte {exc.start})"))
            continue
        if not line.strip():
            continue
        try:
            batch.append(parse_record(line, path.name))
        except RecordError as exc:
            on_malformed(Malformed(number, str(exc)))
            continue
        if len(batch) >= batch_size:
            yield batch, done
            batch = []
    if batch:
        yield batch, done


def _lines(path: Path, on_malformed: Callable[[Malformed], None]) -> Iterator[tuple[int, bytes, int]]:
    """(line number, line, bytes of the file read so far), plain or gzip.

    A gzip file (archives usually come compressed) is read as it is, without unpacking it first;
    the bytes counted are then those of the compressed file, so progress still ends at its size.
    A damaged or cut-short one ends the lines where it breaks, and says so.
    """
    number = done = 0
    with path.open("rb") as source:
        compressed = source.read(2) == GZIP_MAGIC
        source.seek(0)
        stream: io.BufferedIOBase = gzip.GzipFile(fileobj=source) if compressed else source
        try:
            for number, raw in enumerate(stream, start=1):
                done = source.tell() if compressed else done + len(raw)
                yield number, raw, done
        except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
            on_malformed(Malformed(number + 1, f"the gzip file is damaged or cut short ({exc}); "
                                               "the lines before it were read"))


def ingest_file(
    db: sqlite_utils.Database,
    path: Path,
    rules: WatchRules,
    batch_size: int = BATCH_SIZE,
    on_progress: Callable[[int], None] | None = None,
    on_malformed: Callable[[Malformed], None] | None = None,
    judge: bool = True,
) -> IngestSummary:
    """Store and judge every record of a JSONL file; see the module docstring for resuming."""
    summary = IngestSummary()

    def malformed(item: Malformed) -> None:
        summary.malformed.append(item)
        # Whoever passes on_malformed tells the user (the CLI prints file:line); the log line is
        # then for -v only, so one bad line is not reported twice.
        level = logging.DEBUG if on_malformed is not None else logging.WARNING
        log.log(level, "event=ingest_malformed file=%s line=%s reason=%s", path, item.line, item.reason)
        if on_malformed is not None:
            on_malformed(item)

    with bulk_load(db):
        if judge:  # what an interrupted run stored but did not judge
            _judge(db, rules, summary)
        for batch, done in read_batches(path, batch_size, malformed):
            _store(db, batch, summary)
            if judge:
                _judge(db, rules, summary)
            if on_progress is not None:
                on_progress(done)
    return summary


def _store(db: sqlite_utils.Database, batch: list[NewArticle], summary: IngestSummary) -> None:
    """One batch, one transaction; URLs already stored are skipped before any hashing."""
    summary.read += len(batch)
    stored = known_urls(db, [item.url for item in batch])
    fresh = [item for item in batch if item.url not in stored]
    summary.known += len(batch) - len(fresh)
    for result in add_articles(db, fresh):
        summary.stored += result.created
        summary.known += not result.created
        summary.copies += result.created and result.duplicate_of is not None


def _judge(db: sqlite_utils.Database, rules: WatchRules, summary: IngestSummary) -> None:
    from alerts.judge import judge_pending  # imported here: storing alone (judge=False) needs no scorer

    judged = judge_pending(db, rules)
    summary.judged += judged.judged
    summary.alerts_raised += judged.alerts_raised


def summary_fields(summary: IngestSummary) -> dict[str, Any]:
    """The summary as the command prints it with --json."""
    return {
        "read": summary.read,
        "stored": summary.stored,
        "copies": summary.copies,
        "known": summary.known,
        "judged": summary.judged,
        "alerts_raised": summary.alerts_raised,
        "malformed": [{"line": m.line, "reason": m.reason} for m in summary.malformed],
    }
