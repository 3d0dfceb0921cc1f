"""Country names: any name, code or alias pycountry knows -> the English name news uses ("Syria").

Kept apart from the rules so that validation (feeds.yml), extraction and matching share one list.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated

import pycountry
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


@lru_cache(maxsize=4096)
def country_name(value: str) -> str | None:
    """English display name for a country name or code ("Syrian Arab Republic" -> "Syria")."""
    text = value.strip()
    if text.lower() == "kosovo":
        return "Kosovo"
    for display in _DISPLAY.values():
        if display.lower() == text.lower():
            return display
    try:
        country = pycountry.countries.lookup(text)
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
