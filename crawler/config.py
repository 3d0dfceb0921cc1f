"""The crawler's sections of feeds.yml: `crawler` (how to fetch) and `sources` (what to fetch)."""

from __future__ import annotations

import ipaddress
import re
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, HttpUrl, field_validator, model_validator

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)?\s*$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, None: 1}


def parse_duration(value: object) -> float:
    """'90s', '15m', '2h', '1d' or a number of seconds."""
    if isinstance(value, bool):
        raise ValueError("a duration like 30s, 15m, 2h or 1d is needed here, not true/false")
    if isinstance(value, int | float):
        seconds = float(value)
    else:
        match = _DURATION.match(str(value))
        if not match:
            raise ValueError(f"{value!r} is not a duration; write it like 30s, 15m, 2h or 1d")
        seconds = float(match.group(1)) * _UNITS[match.group(2)]
    if seconds <= 0:
        raise ValueError("a duration must be longer than zero")
    return seconds


Duration = Annotated[float, BeforeValidator(parse_duration)]

_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


class CrawlerSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    contact: str = Field(
        default="mailto:defwatch-admin@example.org",
        description="Contact address put in the User-Agent so site owners can reach you.",
    )
    max_response_bytes: int = Field(default=5_000_000, gt=0)
    download_timeout: Duration = 30.0
    per_domain_concurrency: int = Field(default=2, ge=1, le=32)
    allow_private: list[str] = Field(default_factory=list)

    @field_validator("contact")
    @classmethod
    def _contact_is_reachable(cls, value: str) -> str:
        if not (value.startswith(("mailto:", "http://", "https://")) or "@" in value):
            raise ValueError("give an email address or a URL where site owners can reach you")
        return value

    @field_validator("allow_private")
    @classmethod
    def _hosts_or_networks(cls, values: list[str]) -> list[str]:
        for value in values:
            if "/" in value:
                try:
                    ipaddress.ip_network(value, strict=False)
                except ValueError as exc:
                    raise ValueError(f"{value!r} is not a CIDR range like 10.0.0.0/8 ({exc})") from exc
        return values


class SourceConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    url: HttpUrl
    kind: Literal["feed", "listing", "sitemap"] = "feed"
    outlet: str | None = None
    language: str | None = None
    link_selector: str | None = None
    interval: Duration | None = None

    @field_validator("name")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not _NAME.match(value):
            raise ValueError(
                f"{value!r} is not a usable name; use lower-case letters, digits, '.', '_' and '-'"
                " (e.g. bbc-world)"
            )
        return value

    @model_validator(mode="after")
    def _listing_needs_selector(self) -> SourceConfig:
        if self.kind == "listing" and not self.link_selector:
            raise ValueError(
                "a listing source needs link_selector, the CSS selector of its story links (e.g. a.story)"
            )
        return self


def check_unique_names(sources: list[SourceConfig]) -> list[SourceConfig]:
    seen: set[str] = set()
    for source in sources:
        if source.name in seen:
            raise ValueError(f"source name {source.name!r} is used twice; names must be unique")
        seen.add(source.name)
    return sources
