"""Opening hours as periods: parse and write the directory's short form, and ask "open now?".

The short form (CSV column ``opening_hours``) is ``Mo,Di,Do 09:00-12:00|Mi 14:00-18:00``: parts
separated by ``|``, each a list of weekdays (German Mo Di Mi Do Fr Sa So or English Mo Tu We Th Fr Sa
Su; ranges like ``Mo-Fr``) and one or more time spans (``Mo 09:00-12:00,14:00-16:00``). All times are
German local time (Europe/Berlin), so "open now" is judged on the wall clock in Germany.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Final
from zoneinfo import ZoneInfo

BERLIN: Final = ZoneInfo("Europe/Berlin")
WEEKDAYS_DE: Final = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")
WEEKDAYS_EN: Final = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
WEEKDAYS_ICAL: Final = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_DAY_NUMBERS: Final = {
    **{d.casefold(): i for i, d in enumerate(WEEKDAYS_EN)},
    **{d.casefold(): i for i, d in enumerate(WEEKDAYS_DE)},
}
_SPAN: Final = re.compile(r"^(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})$")


class OpeningHoursError(ValueError):
    """The text is not in the short form; the message says what to write instead."""


@dataclass(frozen=True, order=True)
class Period:
    """Open on ``weekday`` (0 = Monday) from ``opens`` to ``closes``, optionally only between dates."""

    weekday: int
    opens: time
    closes: time
    valid_from: date | None = None
    valid_to: date | None = None

    def applies_on(self, day: date) -> bool:
        if day.weekday() != self.weekday:
            return False
        if self.valid_from is not None and day < self.valid_from:
            return False
        return self.valid_to is None or day <= self.valid_to


def _days(token: str) -> list[int]:
    days: list[int] = []
    for item in token.split(","):
        item = item.strip().casefold()
        first, dash, last = item.partition("-")
        if first not in _DAY_NUMBERS or (dash and last not in _DAY_NUMBERS):
            raise OpeningHoursError(
                f"unknown weekday {item!r}: use Mo Di Mi Do Fr Sa So (or Mo Tu We Th Fr Sa Su)"
            )
        start = _DAY_NUMBERS[first]
        end = _DAY_NUMBERS[last] if dash else start
        if end < start:
            raise OpeningHoursError(f"weekday range {item!r} runs backwards")
        days.extend(range(start, end + 1))
    return days


def parse_time(text: str) -> time:
    """``9:00``/``09:00``/``09:00:00``, with an optional zone suffix (ignored: times are local)."""
    text = re.sub(r"(Z|[+-]\d{2}:?\d{2})$", "", text.strip())
    parts = text.split(":")
    if len(parts) not in (2, 3) or not all(p.isdigit() for p in parts):
        raise OpeningHoursError(f"{text!r} is not a time like 09:00")
    hour, minute = int(parts[0]), int(parts[1])
    if hour == 24 and minute == 0:
        return time(23, 59)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise OpeningHoursError(f"{text!r} is not a time of day")
    return time(hour, minute)


def span(opens: time, closes: time) -> tuple[time, time]:
    if closes <= opens:
        raise OpeningHoursError(
            f"{opens:%H:%M}-{closes:%H:%M}: closing must be after opening on the same day"
        )
    return opens, closes


def parse_opening_hours(text: str) -> list[Period]:
    """Periods of the short form; empty text means "no hours given".

    Raises:
        OpeningHoursError: naming the part that is wrong and how it should look.
    """
    periods: set[Period] = set()
    for part in (p.strip() for p in text.split("|")):
        if not part:
            continue
        pieces = part.split(None, 1)
        if len(pieces) != 2:
            raise OpeningHoursError(f"{part!r}: write weekdays and times, e.g. 'Mo,Di 09:00-12:00'")
        days = _days(pieces[0])
        for raw in re.split(r"[,\s]+(?=\d)", pieces[1].strip()):
            match = _SPAN.match(raw.strip())
            if match is None:
                raise OpeningHoursError(f"{raw.strip()!r}: write a time span like 09:00-12:00")
            h1, m1, h2, m2 = match.groups()
            opens, closes = span(parse_time(f"{h1}:{m1}"), parse_time(f"{h2}:{m2}"))
            periods.update(Period(day, opens, closes) for day in days)
    return sorted(periods)


def _day_list(days: list[int]) -> str:
    """ "Mo-Fr" for runs of three or more days, else "Mo,Di"."""
    runs: list[list[int]] = []
    for day in sorted(days):
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return ",".join(
        f"{WEEKDAYS_DE[r[0]]}-{WEEKDAYS_DE[r[-1]]}" if len(r) >= 3 else ",".join(WEEKDAYS_DE[d] for d in r)
        for r in runs
    )


def format_opening_hours(periods: Iterable[Period]) -> str:
    """The canonical short form (German weekdays): days with the same spans share one part.

    Date limits (``valid_from``/``valid_to``) have no place in the short form and are left out.
    """
    spans: dict[int, list[tuple[time, time]]] = defaultdict(list)
    for period in sorted(set(periods)):
        spans[period.weekday].append((period.opens, period.closes))
    by_spans: dict[tuple[tuple[time, time], ...], list[int]] = defaultdict(list)
    for day, day_spans in spans.items():
        by_spans[tuple(sorted(set(day_spans)))].append(day)
    groups = sorted(by_spans.items(), key=lambda item: (min(item[1]), item[0]))
    return "|".join(
        _day_list(days) + " " + ",".join(f"{o:%H:%M}-{c:%H:%M}" for o, c in day_spans)
        for day_spans, days in groups
    )


def berlin_time(at: datetime | None) -> datetime:
    """``at`` on the German wall clock (naive datetimes are taken as German time already)."""
    if at is None:
        return datetime.now(BERLIN)
    return at.replace(tzinfo=BERLIN) if at.tzinfo is None else at.astimezone(BERLIN)


def open_period(periods: Sequence[Period], at: datetime | None = None) -> Period | None:
    """The period open at ``at`` (default: now), if any."""
    local = berlin_time(at)
    now = local.time().replace(tzinfo=None)
    for period in periods:
        if period.applies_on(local.date()) and period.opens <= now < period.closes:
            return period
    return None


def is_open(periods: Sequence[Period], at: datetime | None = None) -> bool | None:
    """Open at ``at``? ``None`` when no hours are known (by appointment, or not entered)."""
    if not periods:
        return None
    return open_period(periods, at) is not None


def next_opening(periods: Sequence[Period], at: datetime | None = None) -> datetime | None:
    """When it next opens after ``at`` (German time, within two weeks), or ``None``."""
    local = berlin_time(at)
    for offset in range(15):
        day = local.date() + timedelta(days=offset)
        starts = sorted(p.opens for p in periods if p.applies_on(day))
        for opens in starts:
            start = datetime.combine(day, opens, tzinfo=BERLIN)
            if start > local:
                return start
    return None
