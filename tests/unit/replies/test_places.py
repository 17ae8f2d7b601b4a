"""Keeping, naming and asking back the place of "services near me" (no database)."""

from __future__ import annotations

import json

import pytest

from bot.content.places import Place
from bot.replies.places import (
    candidate_buttons,
    coordinates_value,
    could_be_place,
    kept_value,
    parse_coordinates,
    place_label,
)


def test_coordinates_are_kept_rounded_to_about_a_kilometre() -> None:
    assert coordinates_value(51.3449, 12.3751) == "51.34,12.38"
    assert parse_coordinates("51.34,12.37") == (51.34, 12.37)


@pytest.mark.parametrize("value", ["50667", "Köln", "1234,5678", "91.0,10.0", ""])
def test_only_coordinate_pairs_parse_as_coordinates(value: str) -> None:
    assert parse_coordinates(value) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("50667", True),
        ("٥٠٦٦٧", True),
        ("Köln Ehrenfeld", True),
        ("How do I find a flat for my family?", False),
    ],
)
def test_what_may_answer_where(text: str, expected: bool) -> None:
    assert could_be_place(text) is expected


def test_only_the_coarse_place_is_kept() -> None:
    leipzig = Place("Leipzig", "04315", "14713", 51.3667, 12.3833)
    assert kept_value("04315", leipzig) == "04315"
    assert kept_value("Ich wohne in 04315 Leipzig", leipzig) == "04315"
    town = Place("Leipzig", None, "14713", 51.33962, 12.37129)
    assert kept_value("Лейпциг", town) == "Leipzig"
    assert kept_value("51.33962,12.37129", town) == "51.34,12.37"


def test_the_reply_names_the_place_the_way_it_was_given() -> None:
    cologne = Place("Köln", "50667", "05315", 50.9387, 6.9547)
    assert place_label("de", "50667", cologne) == "50667 Köln"
    assert place_label("en", "50.94,6.96", cologne) == "Köln"
    assert place_label("en", "54.50,7.20", Place("", None, None, 54.5, 7.2)) == "your location"
    assert place_label("de", "Köln", Place("Köln", None, "05315", 50.94, 6.96)) == "Köln"


def test_candidates_become_buttons_that_fit_telegram() -> None:
    candidates = (
        Place("Halle (Saale)", None, "15002", 51.48158, 11.97947, "Halle (Saale), Stadt"),
        Place("Halle (Westf.)", "33790", "05754", 52.06, 8.36, "Gütersloh"),
    )
    buttons = candidate_buttons(candidates)
    assert [b.title for b in buttons] == [
        "Halle (Saale) (Halle (Saale), Stadt)",
        "Halle (Westf.) (Gütersloh)",
    ]
    first = json.loads(buttons[0].payload.removeprefix("/inform_location"))
    assert first == {"lat": 51.48, "lon": 11.98}
    assert buttons[1].payload == '/inform_location{"location":"33790"}'
    assert all(len(b.payload.encode()) <= 64 for b in buttons)
