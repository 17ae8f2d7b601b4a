"""Opening hours: the short form staff write, and "open now?" on the German wall clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from bot.content.opening_hours import (
    BERLIN,
    OpeningHoursError,
    Period,
    format_opening_hours,
    is_open,
    next_opening,
    parse_opening_hours,
)

HOURS = "Mo,Di,Do 09:00-12:00|Mi 14:00-18:00|Fr 09:00-12:00"
WEDNESDAY = date(2026, 11, 25)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BERLIN)


def test_the_documented_example_reads_as_five_weekdays() -> None:
    periods = parse_opening_hours(HOURS)
    assert [(p.weekday, p.opens, p.closes) for p in periods] == [
        (0, time(9), time(12)),
        (1, time(9), time(12)),
        (2, time(14), time(18)),
        (3, time(9), time(12)),
        (4, time(9), time(12)),
    ]


def test_english_abbreviations_ranges_and_several_spans_a_day() -> None:
    english = parse_opening_hours("Tu,We 08:00-16:00|Su 10:00-11:00")
    assert {p.weekday for p in english} == {1, 2, 6}
    split = parse_opening_hours("Mo-Fr 9:00-12:00, 13:00-15:30")
    assert len(split) == 10
    assert Period(4, time(13), time(15, 30)) in split


def test_writing_groups_days_and_reads_back_the_same() -> None:
    written = format_opening_hours(parse_opening_hours(HOURS))
    assert written == "Mo,Di,Do,Fr 09:00-12:00|Mi 14:00-18:00"
    assert parse_opening_hours(written) == parse_opening_hours(HOURS)
    assert format_opening_hours(parse_opening_hours("Mo-Fr 09:00-12:00|Sa 10:00-12:00")) == (
        "Mo-Fr 09:00-12:00|Sa 10:00-12:00"
    )


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("Mo 12:00-09:00", "closing must be after opening"),
        ("Xy 09:00-10:00", "unknown weekday 'xy'"),
        ("Mo", "write weekdays and times"),
        ("Mo 9-12", "time span like 09:00-12:00"),
        ("Mo 25:00-26:00", "not a time of day"),
        ("Fr-Mo 09:00-12:00", "runs backwards"),
    ],
)
def test_mistakes_are_named(text: str, says: str) -> None:
    with pytest.raises(OpeningHoursError, match=says):
        parse_opening_hours(text)


def test_open_now_on_german_time() -> None:
    periods = parse_opening_hours(HOURS)
    assert is_open(periods, at(WEDNESDAY, 15)) is True
    assert is_open(periods, at(WEDNESDAY, 10)) is False
    assert is_open(periods, at(WEDNESDAY, 18)) is False  # closing time is closed
    # 13:30 UTC is 14:30 in Berlin in November: open.
    assert is_open(periods, datetime(2026, 11, 25, 13, 30, tzinfo=UTC)) is True
    assert is_open([], at(WEDNESDAY, 15)) is None


def test_next_opening_later_today_or_another_day() -> None:
    periods = parse_opening_hours(HOURS)
    assert next_opening(periods, at(WEDNESDAY, 10)) == at(WEDNESDAY, 14)
    assert next_opening(periods, at(WEDNESDAY, 19)) == at(date(2026, 11, 26), 9)
    saturday = date(2026, 11, 28)
    assert next_opening(periods, at(saturday, 9)) == at(date(2026, 11, 30), 9)


def test_dated_hours_apply_only_within_their_dates() -> None:
    holiday = Period(2, time(9), time(10), valid_from=date(2026, 12, 1), valid_to=date(2026, 12, 31))
    assert is_open([holiday], at(WEDNESDAY, 9, 30)) is False
    assert is_open([holiday], at(date(2026, 12, 2), 9, 30)) is True
