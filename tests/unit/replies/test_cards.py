"""Service cards show what a person needs to decide and go there; venues where possible."""

from __future__ import annotations

from typing import Any

from bot.i18n import messages as m
from bot.i18n import translate
from bot.replies.cards import card_block, map_url
from bot.replies.rtl import LRI, PDI
from bot.telegram.venues import venue_of

CARD: dict[str, Any] = {
    "id": "4b1f6c1e-0000-4000-8000-000000000001",
    "name": "Migrationsberatung für Erwachsene",
    "organisation": "Caritas Köln",
    "provider": "Caritas",
    "distance_km": 1.23,
    "open_now": False,
    "open_until": None,
    "next_opening": {"weekday": 3, "date": "2026-11-26", "time": "09:00"},
    "opening_hours": [{"weekday": 3, "opens": "09:00", "closes": "12:00"}],
    "address": "Bahnhofstr. 3",
    "postal_code": "50667",
    "city": "Köln",
    "phone": "+49 221 555 0101",
    "email": "mbe@example.org",
    "website": "https://www.caritas-koeln.example/mbe",
    "online_counselling": "",
    "languages": ["de", "ar", "fa"],
    "topics": ["counselling_migration"],
    "free": True,
    "anonymous": True,
    "appointment": False,
    "accessible": None,
    "demo": False,
    "latitude": 50.9413,
    "longitude": 6.9583,
    "last_verified": "2026-10-01",
    "speaks_language": None,
}
"""A card as ``ServiceCard.payload_of(hit)`` makes it."""


def test_a_card_has_name_distance_opening_address_phone_languages_marks_and_map() -> None:
    block = card_block(CARD, language="en", rtl=False)
    assert block.html.startswith("<b>Migrationsberatung für Erwachsene</b> · Caritas Köln")
    for part in (
        "1.2 km",
        "Bahnhofstr. 3, 50667 Köln",
        "Thu 09:00",
        "+49 221 555 0101",
        "Deutsch, العربية, فارسی",
        translate("en", m.CARD_FREE),
        translate("en", m.CARD_ANONYMOUS),
        translate("en", m.CARD_NO_APPOINTMENT),
        "caritas-koeln.example",
    ):
        assert part in block.plain, part
    assert '<a href="https://www.openstreetmap.org/?mlat=50.9413&amp;mlon=6.9583' in block.html
    assert "mbe@example.org" not in block.plain  # mail is not a way to reach anyone anonymously


def test_open_now_says_until_when() -> None:
    block = card_block({**CARD, "open_now": True, "open_until": "17:00"}, language="en", rtl=False)
    assert translate("en", m.CARD_OPEN_UNTIL, time="17:00") in block.plain


def test_german_numbers_and_weekdays() -> None:
    block = card_block(CARD, language="de", rtl=False)
    assert "1,2" in block.plain and "Do. 09:00" in block.plain


def test_missing_fields_are_left_out_not_guessed() -> None:
    block = card_block({"name": "Beratung"}, language="en", rtl=False)
    assert block.plain == "Beratung"
    assert venue_of({"name": "Beratung"}) is None


def test_arabic_cards_isolate_phone_and_address() -> None:
    block = card_block(CARD, language="ar", rtl=True)
    assert f"{LRI}+49 221 555 0101{PDI}" in block.plain
    assert f"{LRI}Bahnhofstr. 3, 50667 Köln{PDI}" in block.plain


def test_markup_in_card_fields_is_escaped() -> None:
    block = card_block({**CARD, "name": "<script>x</script>"}, language="en", rtl=False)
    assert "<script>" not in block.html and "&lt;script&gt;" in block.html
    evil = card_block({**CARD, "website": "javascript:alert(1)"}, language="en", rtl=False)
    assert "javascript" not in evil.html


def test_venue_and_map_link() -> None:
    venue = venue_of(CARD)
    assert venue is not None
    assert (venue.latitude, venue.longitude, venue.title) == (50.9413, 6.9583, CARD["name"])
    assert venue.address == "Bahnhofstr. 3, 50667 Köln"
    assert map_url({**CARD, "map_url": "https://maps.example.org/x"}) == "https://maps.example.org/x"
    own = map_url({**CARD, "map_url": "javascript:alert(1)"})
    assert own is not None and own.startswith("https://www.openstreetmap.org/")
