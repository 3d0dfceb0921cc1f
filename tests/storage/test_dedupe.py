"""Canonical URLs and the near-duplicate index (issue 4)."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import numpy as np
import pytest
from datasketch import MinHash

from storage import dedupe
from storage.articles import NewArticle, add_article, add_articles
from storage.db import open_db

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from corpus import Vocabulary, article_text, syndicated_variant  # noqa: E402

SAME = [
    # (a spelling of the link, the canonical URL every spelling of it gives)
    ("https://example.org/news/story-1", "https://example.org/news/story-1"),
    ("http://example.org/news/story-1", "https://example.org/news/story-1"),
    ("https://www.example.org/news/story-1", "https://example.org/news/story-1"),
    ("https://WWW.Example.ORG./news/story-1", "https://example.org/news/story-1"),
    ("https://m.example.org/news/story-1", "https://example.org/news/story-1"),
    ("https://mobile.example.org/news/story-1", "https://example.org/news/story-1"),
    ("https://amp.example.org/news/story-1", "https://example.org/news/story-1"),
    ("https://example.org/news/story-1/", "https://example.org/news/story-1"),
    ("https://example.org/news/story-1#comments", "https://example.org/news/story-1"),
    ("https://example.org:443/news/story-1", "https://example.org/news/story-1"),
    ("http://example.org:80/news/story-1", "https://example.org/news/story-1"),
    ("https://example.org/news/story-1?utm_source=rss&utm_medium=feed", "https://example.org/news/story-1"),
    ("https://example.org/news/story-1?fbclid=IwAR0abc&gclid=xyz", "https://example.org/news/story-1"),
    ("https://example.org/news/story-1?at_medium=social&ns_campaign=x", "https://example.org/news/story-1"),
    ("https://example.org/news/story-1?mc_cid=1&mc_eid=2&ocid=3", "https://example.org/news/story-1"),
    ("https://example.org/news/story-1/amp", "https://example.org/news/story-1"),
    ("https://example.org/news/story-1/amp/", "https://example.org/news/story-1"),
    ("https://example.org/news/story-1?amp=1", "https://example.org/news/story-1"),
    ("https://example.org/news/story-1?outputType=amp", "https://example.org/news/story-1"),
    ("https://example.org/amp/news/story-1", "https://example.org/news/story-1"),
    (
        "https://www-example-org.cdn.ampproject.org/c/s/www.example.org/news/story-1/amp",
        "https://example.org/news/story-1",
    ),
    ("https://www.google.com/amp/s/www.example.org/news/story-1", "https://example.org/news/story-1"),
    ("  https://example.org/news/story-1  ", "https://example.org/news/story-1"),
    ("https://www.bbc.co.uk/news/world-123.amp", "https://bbc.co.uk/news/world-123"),
    ("https://example.org/a.amp.html", "https://example.org/a.html"),
    # meaningful parameters stay, in one order
    ("https://example.org/article.php?id=7&utm_source=x", "https://example.org/article.php?id=7"),
    ("https://example.org/view?b=2&a=1", "https://example.org/view?a=1&b=2"),
    ("https://example.org/view?a=1&b=2", "https://example.org/view?a=1&b=2"),
    # percent-encoding spelled two ways
    ("https://example.org/caf%C3%A9", "https://example.org/caf%C3%A9"),
    ("https://example.org/café", "https://example.org/caf%C3%A9"),
    ("https://example.org", "https://example.org/"),
    ("https://example.org:8080/x/", "https://example.org:8080/x"),
]

DIFFERENT = [
    # pairs that must stay two articles
    ("https://example.org/news/story-1", "https://example.org/news/story-2"),
    ("https://example.org/article.php?id=7", "https://example.org/article.php?id=8"),
    ("https://example.org/News/Story", "https://example.org/news/story"),
    ("https://example.org/x", "https://example.org:8080/x"),
    ("https://example.org/x", "https://other.example.org/x"),
    ("https://m.example/x", "https://example/x"),  # "m." is the domain here, not a mobile prefix
]

NOT_WEB = ["urn:defwatch:ingest:archive.jsonl:17", "mailto:desk@example.org", "not a url", "https://[::1"]


@pytest.mark.parametrize(("url", "canonical"), SAME)
def test_canonical_url(url: str, canonical: str) -> None:
    assert dedupe.canonical_url(url) == canonical
    assert dedupe.canonical_url(canonical) == canonical  # idempotent


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_articles_keep_different_urls(a: str, b: str) -> None:
    assert dedupe.canonical_url(a) != dedupe.canonical_url(b)


@pytest.mark.parametrize("url", NOT_WEB)
def test_non_web_identifiers_are_only_trimmed(url: str) -> None:
    assert dedupe.canonical_url(f" {url} ") == url


@pytest.fixture(scope="module")
def corpus() -> tuple[random.Random, Vocabulary]:
    rng = random.Random(11)
    return rng, Vocabulary(rng)


def test_affine32_minhash_is_datasketchs() -> None:
    values = np.random.default_rng(3).integers(0, 2**32, 700, dtype=np.uint64).astype(np.uint32)
    reference = MinHash(
        num_perm=dedupe.NUM_PERM, seed=dedupe.MINHASH_SEED, hashfunc=lambda v: v, scheme="affine32"
    )
    reference.update_batch(values.tolist())
    assert np.array_equal(dedupe.affine32_minhash(values), reference.hashvalues)


def test_signatures_and_band_keys_are_pinned() -> None:
    """Stored signatures must stay comparable: a change here needs a migration that rebuilds the index."""
    text = " ".join(f"word{i % 97} token{i % 13} thing{i}" for i in range(60))
    fp = dedupe.fingerprint("A title", text)
    assert fp.sig is not None and fp.shingles == 178
    assert fp.sig[:4].tolist() == [37384, 77917004, 73332317, 37978954]
    assert dedupe.band_keys(fp.sig)[:2] == [-334789584383854151, 4688105201152370149]
    assert fp.content_hash == dedupe.content_hash("A title\n" + text)


def test_near_duplicates_are_similar_and_unrelated_texts_are_not(corpus) -> None:  # type: ignore[no-untyped-def]
    rng, vocab = corpus
    for _ in range(40):
        original = article_text(rng, vocab)
        _, copy = syndicated_variant(rng, vocab, "Title", original, "outlet007")
        other = article_text(rng, vocab)
        a, b, c = (dedupe.fingerprint("", t) for t in (original, copy, other))
        assert a.sig is not None and b.sig is not None and c.sig is not None
        assert dedupe.is_near_duplicate(dedupe.similarity(a.sig, b.sig), a.shingles, b.shingles)
        assert not dedupe.is_near_duplicate(dedupe.similarity(a.sig, c.sig), a.shingles, c.shingles)


def test_truncated_copy_is_caught_by_containment() -> None:
    words = [f"w{i:04d}x" for i in range(1200)]
    lead = " ".join(words[:150])
    full = " ".join(words)
    a, b = dedupe.fingerprint("", full), dedupe.fingerprint("", lead)
    assert a.sig is not None and b.sig is not None
    jaccard = dedupe.similarity(a.sig, b.sig)
    assert jaccard < dedupe.JACCARD_THRESHOLD  # an eighth of the shingles...
    assert dedupe.is_near_duplicate(jaccard, a.shingles, b.shingles)  # ...all of them in the longer text


def test_short_texts_get_no_signature() -> None:
    assert dedupe.fingerprint("t", "The cat sat on the mat.").sig is None


def test_bulk_add_gives_the_same_results_as_one_by_one(tmp_path: Path, corpus) -> None:  # type: ignore[no-untyped-def]
    rng, vocab = corpus
    items: list[NewArticle] = []
    for story in range(30):
        text = article_text(rng, vocab, 200, 400)
        items.append(NewArticle(url=f"https://a.example/{story}", title=f"story {story}", text=text))
        for copy in range(rng.randint(0, 3)):
            title, body = syndicated_variant(rng, vocab, f"story {story}", text, f"o{copy}")
            items.append(NewArticle(url=f"https://o{copy}.example/{story}", title=title, text=body))
        if rng.random() < 0.3:
            items.append(
                NewArticle(url=f"https://b.example/{story}?utm_source=x", title=f"story {story}", text=text)
            )
    items.append(items[0])  # the same URL twice in one batch
    items.append(NewArticle(url="https://www.a.example/1/", title="again", text="same url, other spelling"))
    rng.shuffle(items)
    one_db, bulk_db = open_db(tmp_path / "one.db"), open_db(tmp_path / "bulk.db")
    one = [add_article(one_db, item) for item in items]
    bulk = add_articles(bulk_db, items[:37]) + add_articles(bulk_db, items[37:])
    assert one == bulk
    assert len({r.cluster_id for r in one if r.created}) < sum(r.created for r in one)  # copies were found
    bands = "(SELECT * FROM nd_bands UNION ALL SELECT * FROM nd_bands_recent)"
    for table in ("articles", "article_urls", "nd_signatures", bands):
        query = f"SELECT * FROM {table} ORDER BY 1, 2"
        strip = (lambda row: row[:7] + row[8:]) if table == "articles" else (lambda row: row)  # fetched_at
        assert [strip(r) for r in one_db.execute(query).fetchall()] == [
            strip(r) for r in bulk_db.execute(query).fetchall()
        ]


def test_a_big_cluster_stops_growing_the_band_index(tmp_path: Path) -> None:
    db = open_db(tmp_path / "big.db")
    base = [f"w{i:04d}x" for i in range(400)]
    rng = random.Random(5)
    for n in range(dedupe.MAX_INDEXED_PER_CLUSTER + 10):
        words = list(base)
        for _ in range(8):
            words[rng.randrange(len(words))] = f"edit{n}q{rng.randrange(10**6)}"
        result = add_article(db, NewArticle(url=f"https://x{n}.example/s", title="t", text=" ".join(words)))
        assert result.cluster_id == 1
    indexed = db.execute("SELECT COUNT(*) FROM nd_signatures").fetchone()[0]
    assert indexed == dedupe.MAX_INDEXED_PER_CLUSTER
    assert db.execute("SELECT COUNT(DISTINCT article_id) FROM nd_bands_recent").fetchone()[0] == indexed


def test_staged_bands_merge_without_changing_answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dedupe, "MERGE_ROWS", 3 * dedupe.BANDS)
    db = open_db(tmp_path / "m.db")
    rng = random.Random(8)
    stories = [[f"s{s}w{i:03d}x" for i in range(200)] for s in range(6)]
    results = []
    for n in range(24):
        words = list(stories[n % 6])
        words[rng.randrange(200)] = f"edit{n}qq"
        new = NewArticle(url=f"https://m.example/{n}", title="t", text=" ".join(words))
        results.append(add_article(db, new))
    assert [r.cluster_id for r in results] == [r.cluster_id for r in results[:6]] * 4
    merged = db.execute("SELECT COUNT(DISTINCT article_id) FROM nd_bands").fetchone()[0]
    staged = db.execute("SELECT COUNT(DISTINCT article_id) FROM nd_bands_recent").fetchone()[0]
    assert merged >= 18 and staged < 3 and merged + staged == 24
