"""The ``digest:`` section of feeds.yml: when the weekly email goes out, to whom, and where its links point.

SMTP settings are deliberately absent: they come from ``DEFWATCH_SMTP_*`` environment
variables (`alerts.digest.SmtpSettings.from_env`), so no password sits in a file that is
shared and committed.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, field_validator

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
# Deliberately simple: one @, no spaces, commas or angle brackets, a dot in the domain.
# Display names ("Ann <ann@example.org>") are refused: the address is used as an SMTP envelope.
_EMAIL = re.compile(r"^[^@\s,<>\"()\[\];:]+@[^@\s,<>\"()\[\];:]+\.[^@\s,<>\"()\[\];:.]+$")


def is_plain_email(address: str) -> bool:
    """An address fit for the SMTP envelope (digest.recipients, `digest --to`)."""
    return _EMAIL.match(address) is not None


class DigestSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    weekday: Weekday = "mon"
    time: str = "08:00"
    timezone: str = "UTC"
    recipients: list[str] = []
    review_url: str = "http://127.0.0.1:8080/"

    @field_validator("time", mode="before")
    @classmethod
    def _time(cls, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            # YAML 1.1 reads an unquoted 10:30 as the base-60 number 630.
            raise ValueError(
                f'YAML read the time as the number {value}; write it in quotes as "HH:MM", e.g. time: "08:00"'
            )
        if not isinstance(value, str) or not _TIME.match(value.strip()):
            raise ValueError(f'time must be "HH:MM" on a 24-hour clock, e.g. "08:00"; got {value!r}')
        return value.strip()

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        value = value.strip()
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(
                f"timezone {value!r} is not an IANA time zone name; use one like Europe/London or UTC"
            ) from exc
        return value

    @field_validator("recipients")
    @classmethod
    def _recipients(cls, value: list[str]) -> list[str]:
        cleaned: list[str] = []
        for address in value:
            address = address.strip()
            if not is_plain_email(address):
                raise ValueError(
                    f"recipient {address!r} is not a plain email address; write it like reviewer@example.org"
                )
            if address.lower() not in {a.lower() for a in cleaned}:
                cleaned.append(address)
        return cleaned

    @field_validator("review_url")
    @classmethod
    def _review_url(cls, value: str) -> str:
        value = value.strip()
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(
                "review_url must be an http:// or https:// URL where reviewers reach the review UI;"
                f" got {value!r}"
            )
        return value

    @property
    def hour(self) -> int:
        return int(self.time[:2])

    @property
    def minute(self) -> int:
        return int(self.time[3:])

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def scheduled_in_week_of(self, now: datetime) -> datetime:
        """This week's send time (weeks start on Monday in the configured time zone), aware."""
        local = now.astimezone(self.zone)
        day = local.date() - timedelta(days=local.weekday()) + timedelta(days=WEEKDAYS.index(self.weekday))
        return datetime.combine(day, time(self.hour, self.minute), tzinfo=self.zone)

    def is_due(self, now: datetime) -> bool:
        """Has this week's send time passed? (``now`` must be aware.) A daemon started mid-week catches up."""
        return now >= self.scheduled_in_week_of(now)

    def week_to_send(self, now: datetime) -> str:
        """The ISO week a digest sent now reports on: the last complete one, in the configured time zone.

        A digest for week W lists the cases confirmed during W, so it goes out after W ends;
        sending the current week on Monday morning would nearly always say "0 new cases".
        """
        local = now.astimezone(self.zone).date()
        year, week, _ = (local - timedelta(days=7)).isocalendar()
        return f"{year}-W{week:02d}"

    def due_week(self, now: datetime) -> str:
        """The week whose digest should have gone out by ``now``: at the latest send time passed.

        Before this week's send time that is the week reported at last week's send time, so a
        daemon that was down then sends it at its next start (issue 7: a missed week is sent).
        """
        if self.is_due(now):
            return self.week_to_send(now)
        return self.week_to_send(now - timedelta(days=7))

    def cron_kwargs(self) -> dict[str, Any]:
        """Arguments for APScheduler's CronTrigger, so the daemon states the schedule once."""
        return {"day_of_week": self.weekday, "hour": self.hour, "minute": self.minute, "timezone": self.zone}


def weeks_between(after: str, before: str) -> list[str]:
    """ISO week labels (``2026-W47``) strictly between two others, oldest first."""
    start = date.fromisocalendar(int(after[:4]), int(after[6:]), 1) + timedelta(days=7)
    end = date.fromisocalendar(int(before[:4]), int(before[6:]), 1)
    weeks = []
    while start < end:
        year, number, _ = start.isocalendar()
        weeks.append(f"{year}-W{number:02d}")
        start += timedelta(days=7)
    return weeks
