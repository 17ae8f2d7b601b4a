"""Numbers, distances, weekdays and times in the reader's locale (Babel), for replies and cards.

One place for it, so the Telegram adapter, the chat page and the actions all write "1,2 km" in German
and "1.2 km" in English, and "Montag"/"Monday"/"الاثنين". The Babel locale of each language comes from
``locales/languages.yml``; unknown languages format as German. Digits stay Latin (Babel's default),
which people in every supported language read on German signs anyway.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Literal

from babel.dates import format_time, get_day_names
from babel.numbers import format_decimal

from bot.languages import SOURCE_LANGUAGE, languages


def babel_locale(language: str) -> str:
    """The Babel locale of a supported language code (German for anything else)."""
    known = languages()
    return (known.get(language) or known[SOURCE_LANGUAGE]).babel


def format_number(value: float, language: str, *, decimals: int = 1) -> str:
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(value, format=pattern, locale=babel_locale(language))


def format_distance(km: float, language: str) -> str:
    """ "350 m" below one kilometre (to 50 m), "1,2 km" below ten, "23 km" beyond."""
    if km < 0.95:
        metres = max(50, round(km * 1000 / 50.0) * 50)
        return f"{format_number(metres, language, decimals=0)} m"
    if km < 9.95:
        return f"{format_number(km, language, decimals=1)} km"
    return f"{format_number(km, language, decimals=0)} km"


def weekday_name(
    weekday: int, language: str, *, width: Literal["abbreviated", "narrow", "short", "wide"] = "wide"
) -> str:
    """Name of ``weekday`` (0 = Monday); ``width`` is Babel's "wide", "abbreviated" or "short"."""
    return str(get_day_names(width, locale=babel_locale(language))[weekday])


def format_clock(moment: time | datetime, language: str) -> str:
    """A time of day the local way ("09:00", "9:00 ص")."""
    clock = moment.time() if isinstance(moment, datetime) else moment
    return str(format_time(clock, format="short", locale=babel_locale(language)))


def format_weekday_time(moment: datetime, language: str) -> str:
    """ "Montag, 09:00" — when a closed service opens next."""
    return f"{weekday_name(moment.weekday(), language)}, {format_clock(moment, language)}"
