"""What a message says about the place: a shared location, a postal code, "… in Leipzig" (no database)."""

from __future__ import annotations

from typing import Any

import pytest

from bot.nlu.place_mentions import ASK_AGAIN, mentioned_place, place_answer, shared_coordinates
from tests.auxil.trackers import user_message

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


@pytest.mark.parametrize(
    "entities",
    [{"lat": 120.0, "lon": 6.9}, {"lat": "north", "lon": 6.9}, {"lat": 50.9}, {}],
)
def test_broken_shared_locations_give_no_coordinates(entities: dict[str, Any]) -> None:
    assert shared_coordinates(user_message("/inform_location", "inform_location", entities=entities)) is None


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
