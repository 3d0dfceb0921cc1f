"""Ages told as a year of birth ("born in 1994", "né le 3 mars 1981", "1994 doğumlu", "من مواليد
1994"): the age on the article's publication date.

Reporters often give a year of birth where they would give an age (court reports, police statements,
profiles), and readers of the case record want the age. The age needs the article's date, so it is
read only when the date is known; a birth month, when given, says whether the birthday had passed.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import NamedTuple

from babel import Locale

from alerts.rules import WORD, fold

# The words that tell a birth, after which the date comes ("born in 1994", "geboren am 3. März
# 1994", "né en 1981", "من مواليد 1994", "ولد عام 1990")...
_BORN_THEN_DATE = frozenset(
    ["born", "geboren", "jahrgang", "né", "née", "مواليد", "ولد", "وُلد", "المولود", "المولودة", "ولدت"]
)
# ...and those before which the year comes ("1994 doğumlu", "1994 in Grosny geboren").
_DATE_THEN_BORN = frozenset(["dogumlu", "dogdu", "dogan", "geboren"])
# The word that opens a date after the place of birth ("born in Likoni in January 1992"); a clause
# that moves on ("geboren und kam 2003") ends the search.
_BEFORE_DATE = frozenset(["in", "on", "en", "le", "am", "im", "عام", "سنة", "في", "العام"])
_MOVES_ON = frozenset(
    ["and", "und", "et", "ve", "but", "aber", "mais", "then", "dann", "puis", "came", "kam", "moved", "of"]
)
_WINDOW = 6  # words between the birth word and the date, at most
_YEAR = re.compile(r"(?:19|20)\d\d")


class BirthAge(NamedTuple):
    age: int
    char: int  # where the birth word is in the text given: whose birth it is goes by the nearest name


@lru_cache(maxsize=1)
def month_names() -> dict[str, int]:
    """Month names, full and abbreviated, in the five languages read, folded (babel's CLDR data)."""
    out: dict[str, int] = {}
    for lang in ("en", "fr", "de", "tr", "ar"):
        months = Locale.parse(lang).months["format"]
        for width in ("wide", "abbreviated"):
            for number, name in months[width].items():
                out.setdefault(fold(name.rstrip(".")), number)
    return out


def publication_date(value: object) -> date | None:
    """The date of an ISO date or timestamp string ("2025-03-04", "2025-03-04T10:00:00Z"); None when
    there is none or it cannot be read."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def birth_ages(text: str, published: date) -> list[BirthAge]:
    """Every year of birth in `text` (one sentence, usually) as an age on `published`. Ages under 12
    are left out: a child born in a camp is not the one who left."""
    words = [(m.start(), m.group()) for m in WORD.finditer(text)]
    folded = [fold(w) for _, w in words]
    months = month_names()
    found: list[BirthAge] = []
    for k, word in enumerate(folded):
        if word in _BORN_THEN_DATE or words[k][1].lower() in _BORN_THEN_DATE:  # "né", not "ne ... pas"
            date_at = _date_after(words, folded, k, months)
            if date_at is not None:
                found.append(BirthAge(_age(published, *date_at), words[k][0]))
        if word in _DATE_THEN_BORN:
            year = _year_before(words, folded, k)
            if year is not None:
                found.append(BirthAge(_age(published, year, None, None), words[k][0]))
    return [b for b in found if 12 <= b.age <= 90]


def _date_after(
    words: list[tuple[int, str]], folded: list[str], k: int, months: dict[str, int]
) -> tuple[int, int | None, int | None] | None:
    """The (year, month, day) that a birth word at k is followed by, when the date opens with a
    preposition or follows the birth word at once ("born in Bekasi in May 1989", "born 3 March
    1946", "born on March 3, 1990")."""
    if k + 1 < len(folded) and folded[k + 1] in _MOVES_ON:
        return None  # "born of the 2015 peace agreement", "geboren und kam 2003"
    for t in range(k + 1, min(len(words), k + 2 + _WINDOW)):
        raw = words[t][1]
        if _YEAR.fullmatch(raw):
            return _dated(folded, k, t, int(raw), months)
        if folded[t] in _MOVES_ON or (raw.isdigit() and not _day(folded, t, k)):
            return None
    return None


def _dated(
    folded: list[str], k: int, t: int, year: int, months: dict[str, int]
) -> tuple[int, int | None, int | None] | None:
    """The date whose year is word t: its month and day read back from the year, and kept only when
    the word before the date is the birth word or a preposition ("in 1994", not "the 2015")."""
    month = day = None
    lead = t - 1
    if months.get(folded[lead]):  # "3 March 1946", "May 1989"
        month, lead = months[folded[lead]], lead - 1
        day = _day(folded, lead, k)
        lead -= 1 if day else 0
    elif _day(folded, lead, k) and lead - 1 > k and months.get(folded[lead - 1]):  # "March 3, 1990"
        month, day, lead = months[folded[lead - 1]], int(folded[lead]), lead - 2
    if lead == k or folded[lead] in _BEFORE_DATE:
        return year, month, day
    return None


def _day(folded: list[str], t: int, k: int) -> int | None:
    """A day of the month at word t (after the birth word at k): "3" in "born 3 March 1946"."""
    if t <= k or not folded[t].isdigit() or not 1 <= int(folded[t]) <= 31:
        return None
    return int(folded[t])


def _year_before(words: list[tuple[int, str]], folded: list[str], k: int) -> int | None:
    """The year a few words before "doğumlu" or "geboren" ("1994 doğumlu", "1994 in Grosny
    geboren", "1990 yılında doğan")."""
    for t in range(k - 1, max(-1, k - 5), -1):
        raw = words[t][1]
        if _YEAR.fullmatch(raw):
            return int(raw)
        if folded[t] in _MOVES_ON or raw.isdigit():
            return None
    return None


def _age(published: date, year: int, month: int | None, day: int | None) -> int:
    """Whole years from the birth to `published`; with the birth year alone, the difference of the
    years (as reporters and readers reckon it)."""
    age = published.year - year
    if month is not None and (published.month, published.day) < (month, day or 1):
        age -= 1
    return age
