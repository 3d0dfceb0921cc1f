"""A synthetic news archive with known syndication, for benchmarks/ingest.py and its test.

Unrelated articles must look unrelated the way real news does: they share function words and
stock phrases ("according to the", "told reporters on Tuesday") but not runs of content words.
So words are drawn from a Zipfian model (function words at the head, a few thousand invented
content words in the tail), built into sentences and paragraphs, with stock phrases mixed in.

Syndicated variants are what wire copy looks like at other outlets: another headline, an
outlet's intro and boilerplate, sometimes truncated after a few paragraphs, and 0-10% of the
words edited. Exact re-posts are the same title and text under another URL. Every record
carries its story id (``story``), which is the truth the clustering is scored against.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate

_FUNCTION_WORDS_TEXT = """
the of and to a in that is was he for it with as his on be at by i this had not are but from or have
an they which one you were her all she there would their we him been has when who will more no if
out so said what up its about into than them can only other new some could time these two may then
do first any my now such like our over man me even most made after also did many before must through
back years where much your way well down should because each just those people how too little state
good very make world still own see men work long get here between both life being under never day
same another know while last might us great old year off come since against go came right used take
three
"""
FUNCTION_WORDS = _FUNCTION_WORDS_TEXT.split()
STOCK_PHRASES = (
    "according to the",
    "told reporters on",
    "said in a statement",
    "the islamic state group",
    "security forces",
    "on condition of anonymity",
    "the interior ministry",
    "human rights groups",
    "in recent years",
    "a spokesman for the",
    "local officials said",
    "the united nations",
    "the government said",
    "declined to comment",
    "last week",
    "earlier this month",
    "in the capital",
    "a former fighter",
    "the armed group",
    "news agency reported",
    "it was not immediately clear",
    "the defence ministry",
)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
OUTLETS = tuple(f"outlet{i:03d}" for i in range(120))
_ONSETS = (
    "b",
    "br",
    "c",
    "ch",
    "d",
    "dr",
    "f",
    "g",
    "gr",
    "h",
    "j",
    "k",
    "kh",
    "l",
    "m",
    "n",
    "p",
    "pr",
    "q",
    "r",
    "s",
    "sh",
    "st",
    "t",
    "tr",
    "v",
    "w",
    "y",
    "z",
    "",
)
_VOWELS = ("a", "e", "i", "o", "u", "ai", "ea", "ou", "ia")
_CODAS = ("", "n", "r", "s", "l", "m", "t", "nd", "st", "k", "rd")


@dataclass(frozen=True)
class Record:
    id: str
    url: str
    title: str
    text: str
    outlet: str
    published: str
    story: int  # the truth: records of one story are syndicated copies of each other


class Vocabulary:
    """Function words at the head of a Zipf distribution, invented content words in its tail."""

    def __init__(self, rng: random.Random, content_words: int = 4000, exponent: float = 1.05):
        words: list[str] = list(FUNCTION_WORDS)
        seen = set(words)
        while len(words) < len(FUNCTION_WORDS) + content_words:
            word = "".join(
                rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)
                for _ in range(rng.randint(1, 3))
            )
            if len(word) > 2 and word not in seen:
                seen.add(word)
                words.append(word)
        self.words = words
        self.cumulative = list(accumulate(1.0 / (rank + 1) ** exponent for rank in range(len(words))))

    def sample(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cumulative, k=k)


def sentence(rng: random.Random, vocab: Vocabulary) -> str:
    words = vocab.sample(rng, rng.randint(8, 28))
    if rng.random() < 0.35:
        at = rng.randrange(len(words))
        words[at:at] = rng.choice(STOCK_PHRASES).split()
    if rng.random() < 0.15:
        words += ["on", rng.choice(WEEKDAYS)]
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def article_text(rng: random.Random, vocab: Vocabulary, min_words: int = 400, max_words: int = 800) -> str:
    target = rng.randint(min_words, max_words)
    paragraphs: list[str] = []
    count = 0
    while count < target:
        para = " ".join(sentence(rng, vocab) for _ in range(rng.randint(2, 5)))
        count += len(para.split())
        paragraphs.append(para)
    return "\n\n".join(paragraphs)


def headline(rng: random.Random, vocab: Vocabulary) -> str:
    return " ".join(vocab.sample(rng, rng.randint(6, 12))).capitalize()


def syndicated_variant(
    rng: random.Random, vocab: Vocabulary, title: str, text: str, outlet: str
) -> tuple[str, str]:
    """Another outlet's copy: new headline, intro/boilerplate, maybe truncated, 0-10% of words edited."""
    new_title = headline(rng, vocab) if rng.random() < 0.7 else title + " | " + outlet
    paragraphs = text.split("\n\n")
    if rng.random() < 0.3 and len(paragraphs) > 2:
        keep_words = int(len(text.split()) * rng.uniform(0.5, 0.9))
        kept: list[str] = []
        for para in paragraphs:
            if sum(len(p.split()) for p in kept) >= keep_words:
                break
            kept.append(para)
        paragraphs = kept
    words = "\n\n".join(paragraphs).split(" ")
    rate = rng.uniform(0.0, 0.10)
    for _ in range(int(len(words) * rate)):
        at = rng.randrange(len(words))
        action = rng.random()
        if action < 0.6:
            words[at] = vocab.sample(rng, 1)[0]
        elif action < 0.8 and len(words) > 50:
            del words[at]
        else:
            words.insert(at, vocab.sample(rng, 1)[0])
    body = " ".join(words)
    if rng.random() < 0.6:
        body = f"{outlet.upper()} - {sentence(rng, vocab)} " + body
    if rng.random() < 0.8:
        body += (
            f"\n\nThis story was first published by a partner of {outlet}. "
            f"Follow {outlet} for more news and subscribe to the {outlet} newsletter. All rights reserved."
        )
    return new_title, body


def generate(
    n: int, seed: int = 1, variant_share: float = 0.20, repost_share: float = 0.05
) -> Iterator[Record]:
    """n records: originals, syndicated variants of earlier originals, and exact re-posts."""
    rng = random.Random(seed)
    vocab = Vocabulary(rng)
    originals: list[Record] = []
    for i in range(n):
        roll = rng.random()
        day = f"2024-{1 + i * 12 // max(n, 1):02d}-{1 + rng.randrange(28):02d}T{rng.randrange(24):02d}:00:00Z"
        outlet = rng.choice(OUTLETS)
        if originals and roll < repost_share:
            source = rng.choice(originals[-2000:])
            yield Record(
                f"r{i}",
                f"https://{outlet}.example/repost/{i}",
                source.title,
                source.text,
                outlet,
                day,
                source.story,
            )
        elif originals and roll < repost_share + variant_share:
            source = rng.choice(originals[-2000:])
            title, text = syndicated_variant(rng, vocab, source.title, source.text, outlet)
            yield Record(
                f"v{i}", f"https://{outlet}.example/news/{i}", title, text, outlet, day, source.story
            )
        else:
            record = Record(
                f"o{i}",
                f"https://www.{outlet}.example/{day[:10]}/story-{i}/?utm_source=rss",
                headline(rng, vocab),
                article_text(rng, vocab),
                outlet,
                day,
                i,
            )
            originals.append(record)
            yield record
