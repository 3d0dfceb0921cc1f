"""Canonical URLs, content hashes and the persistent near-duplicate index.

News is syndicated: one wire story appears under dozens of URLs with other
headlines, intros and boilerplate. Counting it once per outlet would corrupt
the pace statistics, so every article is placed in a cluster (the id of the
first article of its story). Near-duplicates are found with MinHash over word
shingles and LSH bands kept in SQLite, so a lookup costs a few indexed queries
whatever the size of the archive, and the index survives restarts.

The parameters below were chosen by measurement (issue 4, benchmarks/ingest.py): on the
synthetic archive, syndicated copies (other headline and intro, boilerplate, truncated to
half, up to 10% of words edited) have a Jaccard similarity of 0.27 or more on shingles of
content words, unrelated articles 0.035 at most (median 0.002). Words of three letters or fewer
and a few common longer function words are dropped before shingling: they are what unrelated
articles share ("of the", "and in the"), and without them unrelated pairs collide in the LSH
bands about fifteen times more often, which is what would make the cost per article grow with
the archive. Three rows per band make a chance collision of unrelated texts (J about 0.005) a
few-in-a-million event per pair, while 48 bands still find a copy at J 0.4 96% of the time
(and copies mostly sit far higher; one missed by the first copy is often caught by another).
Measured at 100k articles: pairwise precision 1.0, recall 0.996.

Changing anything that alters signatures or band keys (words dropped, shingle size,
permutations, band layout) needs a new migration that rebuilds the index (see
``rebuild_index`` and storage.db), since stored signatures must stay comparable.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import numpy as np
import sqlite_utils
from courlan.clean import TRACKERS_RE
from datasketch import MinHash
from w3lib.url import canonicalize_url

# ------------------------------------------------------------------------------ canonical URLs
# Tracking parameters beyond courlan's list (TRACKERS_RE, from ClearURLs and Firefox's list).
_TRACKING_PARAMS = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|ocid|cmpid|icid|ito|ns_\w+|at_\w+|ref|ref_src|"
    r"src|share|smid|partner|igshid|_ga|_gl|yclid|amp|outputtype|output|__twitter_impression|"
    r"s_cid|sr_share|sh|via|taid|wt_mc|wt\.\w+|xtor|cmp|rss|feed|ftag|intcmp|int_cmp|guccounter|"
    r"guce_referrer\w*)$",
    re.IGNORECASE,
)
# Values of ?output= / ?outputType= that only select an AMP rendering; other values are kept.
_DEFAULT_PORTS = {"http": 80, "https": 443}
_HOST_PREFIXES = ("www.", "m.", "mobile.", "amp.", "www1.", "www2.")
# /amp at the end, .amp before the extension (BBC: story.amp), or an /amp/ segment (WordPress).
_AMP_PATH = re.compile(r"(/amp/?$|\.amp(?=\.html?$|$)|/amp(?=/))")
# Google's AMP caches wrap the publisher's URL: …cdn.ampproject.org/c/s/HOST/PATH, google.com/amp/s/HOST/PATH.
_AMP_CACHE = re.compile(r"^https?://[^/]+\.cdn\.ampproject\.org/(?:[a-z]/)*(s/)?(.+)$", re.IGNORECASE)
_GOOGLE_AMP = re.compile(r"^https?://(?:www\.)?google\.[a-z.]+/amp/(s/)?(.+)$", re.IGNORECASE)


@lru_cache(maxsize=8192)  # ingest asks twice per URL (known yet? then store); w3lib is 40 µs a call
def canonical_url(url: str) -> str:
    """The key an article is stored under: one URL for all the ways a link to it can be written.

    Same article: http or https, www./m./amp. hosts, default ports, trailing slashes, fragments,
    AMP renderings (path markers and Google's AMP cache), tracking parameters in any order.
    Not the same article: other paths (case kept) or other non-tracking parameters (``?id=7``).
    Non-web identifiers (``urn:…``, the ingest command's synthetic URLs) are only trimmed.
    """
    url = url.strip()
    for wrapper in (_AMP_CACHE, _GOOGLE_AMP):
        unwrapped = wrapper.match(url)
        if unwrapped:
            url = ("https://" if unwrapped.group(1) else "http://") + unwrapped.group(2)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:  # an unparsable port or IPv6 literal: keep the text, do not guess
        return url
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return url
    host = parts.hostname.lower().rstrip(".")
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix) :]
            break
    netloc = host if port in (None, *_DEFAULT_PORTS.values()) else f"{host}:{port}"
    path = _AMP_PATH.sub("", parts.path) or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    kept = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not _is_tracking(key)
    ]
    rebuilt = urlunsplit(("https", netloc, path, urlencode(kept), ""))
    return canonicalize_url(rebuilt, keep_fragments=False)


def _is_tracking(key: str) -> bool:
    lowered = key.lower()
    return bool(_TRACKING_PARAMS.match(lowered) or TRACKERS_RE.search(lowered))


# ------------------------------------------------------------------------------ text fingerprints
NUM_PERM = 144
BAND_ROWS = 3
BANDS = NUM_PERM // BAND_ROWS
SHINGLE_WORDS = 3
MINHASH_SEED = 1
# Texts with fewer content shingles than this get no signature: too short to judge (feed blurbs).
MIN_SHINGLES = 20
# One story when the estimated Jaccard similarity reaches this, or when the shorter text is
# mostly contained in the longer one (truncated copies: half the story, a third of its shingles).
JACCARD_THRESHOLD = 0.2
CONTAINMENT_THRESHOLD = 0.5
# Bounds that keep a lookup's cost flat: candidates verified per article, and members of one
# cluster written to the band index (later copies match one of the first ones just as well).
MAX_CANDIDATES = 32
MAX_INDEXED_PER_CLUSTER = 16
# Band rows staged in nd_bands_recent before a merge into nd_bands: 5000 articles' worth.
MERGE_ROWS = 5000 * BANDS

_WORD = re.compile(r"\w+", re.UNICODE)
# Longer function words that unrelated articles share (English, French, German, Spanish).
_COMMON_WORDS_TEXT = """
    that with from have this they were been which would their there what when will more about into than
    them only other some could these then also after said over such like most made before must through
    where much your should because each just those being under while might since against very even many
    here both still does also upon once same another until without within across during told says
    dans pour avec sont mais plus elle elles leur leurs nous vous cette comme tout tous être était
    aussi selon après avant sans sous entre dont nicht eine einen einem einer oder auch dass sich
    sind wird wurde haben über nach noch durch werden beim gegen para como pero esta este está entre
    sobre desde donde cuando también porque
"""
_COMMON_WORDS = frozenset(_COMMON_WORDS_TEXT.split())
_M1, _M2, _M3 = np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F), np.uint64(0x165667B19E3779F9)
_SHIFT7, _SHIFT32, _SHIFT33 = np.uint64(7), np.uint64(32), np.uint64(33)
_FNV_PRIME = np.uint64(0x100000001B3)
_FMIX1, _FMIX2 = np.uint64(0xFF51AFD7ED558CCD), np.uint64(0xC4CEB9FE1A85EC53)
_BAND_SALTS = (np.arange(1, BANDS + 1, dtype=np.uint64) * np.uint64(0xCBF29CE484222325)).astype(np.uint64)


def _identity(value: int) -> int:
    return value


# One permutation family for every process: signatures must stay comparable across runs and
# versions, so the seed and datasketch's scheme are pinned rather than left to its defaults.
_MINHASH_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, hashfunc=_identity, scheme="affine32")
_PERM_A, _PERM_B = (np.asarray(p, dtype=np.uint32) for p in _MINHASH_TEMPLATE.permutations)
_F16, _F13 = np.uint32(16), np.uint32(13)
_F32_M1, _F32_M2 = np.uint32(0x85EBCA6B), np.uint32(0xC2B2AE35)
_word_hashes: dict[str, int] = {}


@dataclass(frozen=True)
class Fingerprint:
    """What dedupe needs of a text: its exact hash, and its MinHash with the shingle count."""

    content_hash: str
    sig: np.ndarray | None  # uint32[NUM_PERM]; None for texts too short to judge
    shingles: int
    keys: list[int]  # LSH band keys of sig (empty without one)


def normalise_text(text: str) -> str:
    """Case, accents, punctuation and spacing removed: what stays is the words."""
    return " ".join(_words(text))


def _words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def content_hash(text: str) -> str:
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def fingerprint(title: str, body: str) -> Fingerprint:
    """Hash of title and body (exact copies), MinHash of the body alone (headlines differ)."""
    title_words, body_words = _words(title), _words(body)
    digest = hashlib.sha256(" ".join(title_words + body_words).encode("utf-8")).hexdigest()
    sig, count = _minhash(body_words)
    return Fingerprint(digest, sig, count, band_keys(sig) if sig is not None else [])


def signature(text: str) -> np.ndarray | None:
    """MinHash of content-word shingles; None for texts too short to judge."""
    return _minhash(_words(text))[0]


def _new_word_hash(word: str) -> int:
    """Stable 64-bit hash of a word, 0 for words left out of shingles (short or common)."""
    if len(word) <= 3 or word in _COMMON_WORDS:
        return 0
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little") or 1


def _hash_words(words: list[str]) -> list[int]:
    """One plain-dict lookup per word (a dict subclass with __missing__ is three times slower)."""
    table = _word_hashes
    try:
        return [table[w] for w in words]
    except KeyError:
        if len(table) > 1_000_000:  # bound the cache on endless vocabularies (names, numbers)
            table.clear()
        for word in set(words).difference(table):
            table[word] = _new_word_hash(word)
        return [table[w] for w in words]


def _minhash(words: list[str]) -> tuple[np.ndarray | None, int]:
    hashes = np.array(_hash_words(words), dtype=np.uint64)
    hashes = hashes[hashes != 0]
    if len(hashes) < MIN_SHINGLES + SHINGLE_WORDS - 1:
        return None, 0
    # A stable 32-bit hash per 3-word shingle, vectorised (Python's hash() is salted per process).
    with np.errstate(over="ignore"):
        mixed = hashes[:-2] * _M1 + ((hashes[1:-1] * _M2) ^ ((hashes[2:] * _M3) >> _SHIFT7))
    shingles = np.unique((mixed >> _SHIFT32).astype(np.uint32))
    if len(shingles) < MIN_SHINGLES:
        return None, 0
    return affine32_minhash(shingles), int(len(shingles))


def affine32_minhash(values: np.ndarray) -> np.ndarray:
    """datasketch's "affine32" MinHash of 32-bit values, computed in one numpy expression.

    The same numbers as ``MinHash(scheme="affine32", hashfunc=identity).update_batch(values)``
    (a test checks it) without its per-value Python call, which cost more than the arithmetic.
    """
    hv = values.astype(np.uint32)
    with np.errstate(over="ignore"):
        hv = hv ^ (hv >> _F16)
        hv = hv * _F32_M1
        hv = hv ^ (hv >> _F13)
        hv = hv * _F32_M2
        hv = hv ^ (hv >> _F16)
        permuted = hv[:, None] * _PERM_A + _PERM_B
    return permuted.min(axis=0)


def band_keys(sig: np.ndarray) -> list[int]:
    """One signed 64-bit key per LSH band (band number mixed in), for an INTEGER primary key.

    Vectorised (FNV-style fold of the band's rows, then the murmur3 finaliser): hashing 48 bands
    one by one with blake2b cost 100 µs an article.
    """
    rows = sig.astype(np.uint64).reshape(BANDS, BAND_ROWS)
    with np.errstate(over="ignore"):
        keys = _BAND_SALTS.copy()
        for column in range(BAND_ROWS):
            keys = (keys ^ rows[:, column]) * _FNV_PRIME
        keys ^= keys >> _SHIFT33
        keys *= _FMIX1
        keys ^= keys >> _SHIFT33
        keys *= _FMIX2
        keys ^= keys >> _SHIFT33
    return keys.view(np.int64).tolist()


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two shingle sets."""
    return float(np.count_nonzero(a == b)) / len(a)


def containment(jaccard: float, size_a: int, size_b: int) -> float:
    """Estimated share of the smaller set found in the larger: |A∩B| = J(|A|+|B|)/(1+J)."""
    smaller = min(size_a, size_b)
    if smaller <= 0:
        return 0.0
    return min(1.0, jaccard * (size_a + size_b) / (1.0 + jaccard) / smaller)


def is_near_duplicate(jaccard: float, size_a: int, size_b: int) -> bool:
    return jaccard >= JACCARD_THRESHOLD or containment(jaccard, size_a, size_b) >= CONTAINMENT_THRESHOLD


# ------------------------------------------------------------------------------ the persistent index
def find_near_duplicate(
    db: sqlite_utils.Database, sig: np.ndarray, shingles: int, keys: list[int] | None = None
) -> tuple[int, int, float] | None:
    """The most similar indexed article that is a near-duplicate, as (article_id, cluster_id, jaccard).

    Candidates are articles sharing at least one band, most shared bands first, at most
    MAX_CANDIDATES of them; ties go to the oldest, so the answer does not depend on timing.
    Two plain queries, counted here: one GROUP BY/ORDER BY query cost three times as much,
    and most new articles share no band at all, so the second query is rarely needed.
    """
    keys = band_keys(sig) if keys is None else keys
    marks = _marks(len(keys))
    sql = (
        f"SELECT article_id FROM nd_bands WHERE band_key IN ({marks})"
        f" UNION ALL SELECT article_id FROM nd_bands_recent WHERE band_key IN ({marks})"
    )
    hits = db.execute(sql, [*keys, *keys]).fetchall()
    if not hits:
        return None
    shared = Counter(row[0] for row in hits)
    ranked = sorted(shared, key=lambda article_id: (-shared[article_id], article_id))[:MAX_CANDIDATES]
    rows = db.execute(
        "SELECT s.article_id, s.sig, s.shingles, a.cluster_id FROM nd_signatures s"
        f" JOIN articles a ON a.id = s.article_id WHERE s.article_id IN ({_marks(len(ranked))})",
        ranked,
    ).fetchall()
    order = {article_id: rank for rank, article_id in enumerate(ranked)}
    best: tuple[int, int, float] | None = None
    for article_id, blob, size, cluster_id in sorted(rows, key=lambda row: order[row[0]]):
        score = similarity(sig, np.frombuffer(blob, dtype=np.uint32))
        if is_near_duplicate(score, shingles, size) and (best is None or score > best[2]):
            best = (article_id, cluster_id or article_id, score)
    return best


def _marks(count: int) -> str:
    return ",".join("?" * count)


def index_article(
    db: sqlite_utils.Database, article_id: int, sig: np.ndarray, shingles: int, keys: list[int] | None = None
) -> None:
    """Store a new article's signature and band keys; call inside the transaction that inserted it."""
    keys = band_keys(sig) if keys is None else keys
    db.execute(
        "INSERT INTO nd_signatures (article_id, sig, shingles) VALUES (?, ?, ?)",
        [article_id, sig.tobytes(), shingles],
    )
    db.conn.executemany(
        "INSERT INTO nd_bands_recent (band_key, article_id) VALUES (?, ?)",
        [(key, article_id) for key in keys],
    )


def reindex_article(
    db: sqlite_utils.Database, article_id: int, sig: np.ndarray | None, shingles: int
) -> None:
    """Replace an article's entry (a summary-only article whose page arrived), leaving no stale bands."""
    row = db.execute("SELECT sig FROM nd_signatures WHERE article_id = ?", [article_id]).fetchone()
    if row is not None:
        old = np.frombuffer(row[0], dtype=np.uint32)
        pairs = [(key, article_id) for key in band_keys(old)]
        db.conn.executemany("DELETE FROM nd_bands WHERE band_key = ? AND article_id = ?", pairs)
        db.conn.executemany("DELETE FROM nd_bands_recent WHERE band_key = ? AND article_id = ?", pairs)
        db.execute("DELETE FROM nd_signatures WHERE article_id = ?", [article_id])
    if sig is not None:
        index_article(db, article_id, sig, shingles)


def cluster_is_covered(db: sqlite_utils.Database, cluster_id: int) -> bool:
    """Whether a cluster already has MAX_INDEXED_PER_CLUSTER members in the index.

    Later copies are then not indexed: they would match one of the first members just as well,
    and a wire story carried by 500 outlets would otherwise make each of its bands a posting
    list of 500 that every new copy reads.
    """
    row = db.execute(
        "SELECT COUNT(*) FROM (SELECT 1 FROM articles a JOIN nd_signatures s ON s.article_id = a.id"
        " WHERE a.cluster_id = ? LIMIT ?)",
        [cluster_id, MAX_INDEXED_PER_CLUSTER],
    ).fetchone()
    return int(row[0]) >= MAX_INDEXED_PER_CLUSTER


def rebuild_index(db: sqlite_utils.Database, rows: Iterable[tuple[int, str, str, int | None]]) -> int:
    """Recompute the index from (article_id, body, content_hash, cluster_id) rows in id order.

    For migrations that change how signatures are made. Exact copies and members of
    well-covered clusters are left out, as when they were added.
    """
    db.execute("DELETE FROM nd_bands")
    db.execute("DELETE FROM nd_bands_recent")
    db.execute("DELETE FROM nd_signatures")
    indexed = 0
    seen: set[str] = set()
    for article_id, body, digest, cluster_id in rows:
        if digest in seen:
            continue
        seen.add(digest)
        sig, size = _minhash(_words(body))
        if sig is None:
            continue
        if cluster_id is not None and cluster_id != article_id and cluster_is_covered(db, cluster_id):
            continue
        index_article(db, article_id, sig, size)
        indexed += 1
        merge_recent_bands(db)
    merge_recent_bands(db, force=True)
    return indexed


def merge_recent_bands(db: sqlite_utils.Database, force: bool = False) -> bool:
    """Move nd_bands_recent into nd_bands in key order once it holds MERGE_ROWS rows (see schema).

    Call inside a write transaction. Lookups read both tables, so when this runs changes no
    answer; it only decides how many pages each commit writes.
    """
    rows = db.execute("SELECT MAX(rowid) FROM nd_bands_recent").fetchone()[0] or 0
    if rows == 0 or (rows < MERGE_ROWS and not force):
        return False
    db.execute(
        "INSERT OR IGNORE INTO nd_bands (band_key, article_id)"
        " SELECT band_key, article_id FROM nd_bands_recent ORDER BY band_key, article_id"
    )
    db.execute("DELETE FROM nd_bands_recent")
    return True
