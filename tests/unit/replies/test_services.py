"""The services reply's plain parts: who counsels, the intro line and the buttons under the list."""

from __future__ import annotations

from dataclasses import replace

from bot.content.search import ServiceHit
from bot.replies.services import Found, after_buttons, intro, offers_counselling


def hit(**changes: object) -> ServiceHit:
    base = ServiceHit(
        id=1,
        uid="u1",
        name="Notschlafstelle (Demo)",
        organisation="Stadt (Demo)",
        provider="municipality",
        distance_km=1.2,
        open_now=None,
        open_until=None,
        next_opening=None,
        opening_hours=(),
        address="Gereonswall 112",
        postal_code="50670",
        city="Köln",
        phone="",
        email="",
        website="",
        online_counselling="",
        languages=("de",),
        topics=("housing_homeless",),
        free=True,
        anonymous=True,
        appointment=False,
        accessible=None,
        demo=True,
        latitude=50.9468,
        longitude=6.9452,
        last_verified=None,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_counselling_means_a_counselling_service_or_online_counselling() -> None:
    assert not offers_counselling(hit())
    assert offers_counselling(hit(topics=("housing_homeless", "find_service")))
    assert offers_counselling(hit(topics=("counselling_debt",)))
    assert offers_counselling(hit(online_counselling="https://example.org/demo/online"))


def test_the_intro_names_topic_and_place() -> None:
    found = Found([hit()], "housing_homeless")
    assert intro("en", found=found, place="50667 Köln", counselling=False) == (
        "No place to sleep — services near 50667 Köln, nearest first:"
    )
    assert intro("en", found=found, place="Köln", counselling=True) == (
        "No place to sleep — counselling near Köln, nearest first:"
    )
    everything = Found([hit()], None)
    assert intro("en", found=everything, place="Köln", counselling=False).startswith("Services near Köln")


def test_general_counselling_stands_in_and_an_empty_area_says_so() -> None:
    instead = Found([hit(topics=("find_service",))], "health_uninsured", general_instead=True)
    assert "No health insurance" in intro("en", found=instead, place="Bonn", counselling=False)
    empty = Found([], "health_uninsured")
    assert "mbeon" in intro("en", found=empty, place="Flensburg", counselling=False)


def test_after_the_list_a_counsellor_another_place_and_other_topics() -> None:
    payloads = [b.payload for b in after_buttons("en", topic="health_uninsured", counselling=False)]
    assert payloads == [
        '/find_service{"topic":"health_uninsured","kind":"counsel"}',
        "/inform_location",
        "/help",
    ]
    shown = [b.payload for b in after_buttons("en", topic="health_uninsured", counselling=True)]
    assert shown == ["/inform_location", "/help"]
