"""Canonical URLs, content hashes and the persistent near-duplicate index.

News is syndicated: one wire story appears under dozens of URLs with other
headlines, intros and boilerplate. Counting it once per outlet would corrupt
the pace statistics, so every article is placed in a cluster (the id of the
first article of its story). Near-duplicates are found with MinHash over word
shingles and LSH bands kept in SQLite, so a lookup costs a few indexed queries
whatever the size of the archive, and the index survives restarts.
"""

from __future__ import annotations

import hashlib
import re
import struct
import unicodedata
from urllib.parse import urlsplit, urlunsplit

import numpy as np
import sqlite_utils
from datasketch import MinHash
from w3lib.url import canonicalize_url, url_query_cleaner

NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS
SHINGLE_WORDS = 3
# Estimated Jaccard similarity of shingle sets at or above which two texts are one story.
NEAR_DUPLICATE_THRESHOLD = 0.45
MIN_WORDS_FOR_NEAR_DUPLICATE = 30

_TRACKING_PARAMS = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|ocid|cmpid|icid|ito|ns_\w+|"
    r"at_\w+|ref|ref_src|src|share|smid|partner|cid|igshid|_ga|yclid)$",
    re.IGNORECASE,
)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_AMP_PATH = re.compile(r"(/amp/?$|\.amp(?=\.html?$|$)|/amp(?=/))")
_WORD = re.compile(r"\w+", re.UNICODE)

# One permutation family for every process: signatures must be comparable across runs.
_MINHASH_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=1)


def canonical_url(url: str) -> str:
    """The key an article is stored under: one URL for all the ways a link can be written."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return url
    kept = [
        key
        for key in {k for k, _ in _query_pairs(parts.query)}
        if not _TRACKING_PARAMS.match(key) and key.lower() not in ("amp", "outputtype")
    ]
    query = url_query_cleaner(url, parameterlist=kept, keep_fragments=False) if parts.query else url
    parts = urlsplit(query)
    host = (parts.hostname or "").lower().rstrip(".")
    for prefix in ("www.", "m.", "mobile.", "amp."):
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix) :]
            break
    netloc = host
    if parts.port and parts.port != _DEFAULT_PORTS.get(parts.scheme):
        netloc = f"{host}:{parts.port}"
    path = _AMP_PATH.sub("", parts.path) or "/"
    if len(path) > 1:
        path = path.rstrip("/")
    rebuilt = urlunsplit(("https" if parts.scheme in ("http", "https") else parts.scheme, netloc, path, parts.query, ""))
    return canonicalize_url(rebuilt, keep_fragments=False)


def _query_pairs(query: str) -> list[tuple[str, str]]:
    pairs = []
    for chunk in query.split("&"):
        if not chunk:
            continue
        key, _, value = chunk.partition("=")
        pairs.append((key, value))
    return pairs


def normalise_text(text: str) -> str:
    """Case, accents, punctuation and spacing removed: what stays is the words."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_WORD.findall(folded))


def content_hash(text: str) -> str:
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def signature(text: str) -> np.ndarray | None:
    """MinHash of word shingles; None for texts too short to judge."""
    words = normalise_text(text).split()
    if len(words) < MIN_WORDS_FOR_NEAR_DUPLICATE:
        return None
    shingles = {" ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8") for i in range(len(words) - SHINGLE_WORDS + 1)}
    minhash = _MINHASH_TEMPLATE.copy()
    minhash.update_batch(list(shingles))
    return np.asarray(minhash.hashvalues, dtype=np.uint32)


def band_keys(sig: np.ndarray) -> list[int]:
    """One signed 63-bit key per LSH band (band index mixed in), for an INTEGER index."""
    keys = []
    for band in range(BANDS):
        chunk = sig[band * ROWS : (band + 1) * ROWS].tobytes()
        digest = hashlib.blake2b(struct.pack("<H", band) + chunk, digest_size=8).digest()
        keys.append(struct.unpack("<q", digest)[0])
    return keys


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.count_nonzero(a == b)) / len(a)


def find_near_duplicate(db: sqlite_utils.Database, sig: np.ndarray) -> tuple[int, float] | None:
    """The most similar indexed article above the threshold, as (article_id, similarity)."""
    keys = band_keys(sig)
    marks = ",".join("?" * len(keys))
    candidates = [
        row[0]
        for row in db.execute(
            f"SELECT DISTINCT article_id FROM nd_bands WHERE band_key IN ({marks}) LIMIT 200", keys
        ).fetchall()
    ]
    best: tuple[int, float] | None = None
    for article_id in candidates:
        row = db.execute("SELECT sig FROM nd_signatures WHERE article_id = ?", [article_id]).fetchone()
        if row is None:
            continue
        score = similarity(sig, np.frombuffer(row[0], dtype=np.uint32))
        if score >= NEAR_DUPLICATE_THRESHOLD and (best is None or score > best[1]):
            best = (article_id, score)
    return best


def index_article(db: sqlite_utils.Database, article_id: int, sig: np.ndarray) -> None:
    """Add an article's signature and bands; call inside the transaction that inserted it."""
    db.execute(
        "INSERT OR REPLACE INTO nd_signatures (article_id, sig) VALUES (?, ?)", [article_id, sig.tobytes()]
    )
    db.execute("DELETE FROM nd_bands WHERE article_id = ?", [article_id])
    db.conn.executemany(
        "INSERT INTO nd_bands (band_key, article_id) VALUES (?, ?)", [(k, article_id) for k in band_keys(sig)]
    )
