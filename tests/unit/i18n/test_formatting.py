"""Distances, weekdays and times as each language writes them."""

from __future__ import annotations

from datetime import datetime, time

import pytest

from bot.i18n.formatting import format_clock, format_distance, format_weekday_time, weekday_name


@pytest.mark.parametrize(
    ("km", "de", "en"),
    [
        (1.2, "1,2 km", "1.2 km"),
        (0.33, "350 m", "350 m"),
        (23.6, "24 km", "24 km"),
        (1234.0, "1.234 km", "1,234 km"),
    ],
)
def test_distances_in_german_and_english(km: float, de: str, en: str) -> None:
    assert format_distance(km, "de") == de
    assert format_distance(km, "en") == en


def test_weekdays_in_the_reader_language() -> None:
    assert weekday_name(0, "de") == "Montag"
    assert weekday_name(0, "en") == "Monday"
    assert weekday_name(0, "ar") == "الاثنين"
    assert weekday_name(3, "tr") == "Perşembe"


def test_times_and_next_opening() -> None:
    assert format_clock(time(9, 0), "de") == "09:00"
    assert format_weekday_time(datetime(2026, 11, 26, 9, 0), "de") == "Donnerstag, 09:00"
    assert format_weekday_time(datetime(2026, 11, 26, 9, 0), "uk") == "четвер, 09:00"


def test_unknown_language_formats_as_german() -> None:
    assert format_distance(1.2, "xx") == "1,2 km"
