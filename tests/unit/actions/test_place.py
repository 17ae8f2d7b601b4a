"""The place helpers of "services near me": what a message says about the place (no database)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from actions.place import (
    ASK_AGAIN,
    candidate_buttons,
    coordinates_value,
    mentioned_place,
    parse_coordinates,
    place_answer,
    place_label,
    rejected_place_this_turn,
    shared_coordinates,
    slot_value,
)
from bot.content.places import Place
from tests.auxil.trackers import bot_text, slot_event, tracker, user_message

KNOWN = {"köln", "koeln", "leipzig", "50667", "04315", "лейпциге", "لايبزيغ", "köln ehrenfeld"}


def resolves(text: str) -> bool:
    return text.casefold() in KNOWN


def test_shared_location_is_rounded_to_about_a_kilometre() -> None:
    message = user_message(
        '/inform_location{"lat": 50.93871, "lon": 6.95923}',
        "inform_location",
        entities={"lat": 50.93871, "lon": 6.95923},
    )
    assert shared_coordinates(message) == "50.94,6.96"
    assert coordinates_value(51.3449, 12.3751) == "51.34,12.38"
    assert parse_coordinates("51.34,12.37") == (51.34, 12.37)


@pytest.mark.parametrize(
    "entities",
    [{"lat": 120.0, "lon": 6.9}, {"lat": "north", "lon": 6.9}, {"lat": 50.9}, {}],
)
def test_broken_shared_locations_give_no_coordinates(entities: dict[str, Any]) -> None:
    assert shared_coordinates(user_message("/inform_location", "inform_location", entities=entities)) is None


@pytest.mark.parametrize("value", ["50667", "Köln", "1234,5678", "91.0,10.0", ""])
def test_only_coordinate_pairs_parse_as_coordinates(value: str) -> None:
    assert parse_coordinates(value) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ich brauche einen Arzt in Leipzig", "Leipzig"),
        ("I need a doctor in Leipzig", "Leipzig"),
        ("wohnung gesucht in Köln Ehrenfeld", "Köln Ehrenfeld"),
        ("мне нужен врач в Лейпциге", "Лейпциге"),
        ("أحتاج طبيب في لايبزيغ", "لايبزيغ"),
        ("Leipzig'te doktor lazım", "Leipzig"),
        ("Ich kann nichts essen", None),
        ("Gibt es eine Beratungsstelle in der Nähe?", None),
        ("Beratung in der Nähe von Köln", "Köln"),
        ("services near me", None),
        ("Ich habe keine Krankenversicherung", None),
    ],
)
def test_a_question_can_name_its_town(text: str, expected: str | None) -> None:
    assert mentioned_place(text) == expected


@pytest.mark.parametrize(
    ("message", "asking", "expected"),
    [
        # a shared location or a postal code always counts …
        (
            user_message("/inform_location", "inform_location", entities={"lat": 51.34, "lon": 12.37}),
            False,
            "51.34,12.37",
        ),
        (user_message("50667", "inform_location", entities={"location": "50667"}), True, "50667"),
        (user_message("plz 04315", "find_service", entities={"location": "04315"}), False, "04315"),
        # … but never instead of an emergency
        (
            user_message("Hilfe, in 50667 werde ich bedroht", "emergency", entities={"location": "50667"}),
            True,
            None,
        ),
        # typed while the form asks
        (user_message("Köln", "nlu_fallback", confidence=0.3), True, "Köln"),
        (user_message("Xyzdorf", "out_of_scope"), True, "Xyzdorf"),
        # a town misread as a topic is still the answer, a real question is not
        (user_message("Leipzig", "housing_search", confidence=0.5), True, "Leipzig"),
        (user_message("Ich habe keine Wohnung", "housing_homeless"), True, None),
        (
            user_message(
                "Wohnung gesucht in 04109 bitte dringend",
                "housing_search",
                entities={"location": "04109"},
            ),
            True,
            None,
        ),
        (user_message("/help", "help"), True, None),
        # buttons asking for (another) place
        (user_message("/inform_location", "inform_location"), False, ASK_AGAIN),
        (
            user_message(
                '/find_service{"topic":"health_uninsured"}',
                "find_service",
                entities={"topic": "health_uninsured"},
            ),
            True,
            ASK_AGAIN,
        ),
        (
            user_message(
                '/find_service{"topic":"health_uninsured"}',
                "find_service",
                entities={"topic": "health_uninsured"},
            ),
            False,
            None,
        ),
        # outside the form, only a town named after "in", "в", "في" … counts
        (user_message("Ich brauche einen Arzt in Leipzig", "health_find_doctor"), False, "Leipzig"),
        (user_message("beratungsstelle in Xyzdorf", "find_service"), False, None),
        (user_message("Ich habe keine Krankenversicherung", "health_uninsured"), False, None),
        (user_message("ich wohne in Köln", "inform_location"), False, "ich wohne in Köln"),
    ],
)
def test_what_a_message_says_about_the_place(
    message: dict[str, Any], asking: bool, expected: str | None
) -> None:
    assert place_answer(message, asking=asking, resolves=resolves) == expected


def test_only_the_coarse_place_is_kept() -> None:
    leipzig = Place("Leipzig", "04315", "14713", 51.3667, 12.3833)
    assert slot_value("04315", leipzig) == "04315"
    assert slot_value("Ich wohne in 04315 Leipzig", leipzig) == "04315"
    town = Place("Leipzig", None, "14713", 51.33962, 12.37129)
    assert slot_value("Лейпциг", town) == "Leipzig"
    assert slot_value("51.33962,12.37129", town) == "51.34,12.37"


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
    assert [b["title"] for b in buttons] == [
        "Halle (Saale) (Halle (Saale), Stadt)",
        "Halle (Westf.) (Gütersloh)",
    ]
    first = json.loads(buttons[0]["payload"].removeprefix("/inform_location"))
    assert first == {"lat": 51.48, "lon": 11.98}
    assert buttons[1]["payload"] == '/inform_location{"location":"33790"}'
    assert all(len(b["payload"].encode()) <= 64 for b in buttons)


def test_the_form_does_not_ask_twice_after_explaining_a_rejected_place() -> None:
    message = user_message("Xyzdorf", "nlu_fallback")
    explained = tracker(message, after=[bot_text("I do not know the place"), slot_event("place", None)])
    assert rejected_place_this_turn(explained)
    asked_again = tracker(message, after=[slot_event("place", None)])
    assert not rejected_place_this_turn(asked_again)
    interrupted = tracker(message, after=[bot_text("An answer"), slot_event("topic", "housing_search")])
    assert not rejected_place_this_turn(interrupted)
