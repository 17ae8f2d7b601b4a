"""Services near a point: nearest first, real distances, filters, open now, and the language rule."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from bot.content.distance import KM_PER_DEGREE_LATITUDE, haversine_km
from bot.content.opening_hours import BERLIN, parse_opening_hours
from bot.content.search import LANGUAGE_RADIUS_KM, ServiceHit, services_near
from bot.content.service_store import store_records
from bot.db.migrate import upgrade
from bot.db.session import session_scope
from bot.replies.contract import ServiceCard
from tests.auxil.directory import sample_record

HERE = (50.94, 6.96)
WEDNESDAY_10 = datetime(2026, 11, 25, 10, 0, tzinfo=BERLIN)


def at_km_north(km: float) -> tuple[float, float]:
    return HERE[0] + km / KM_PER_DEGREE_LATITUDE, HERE[1]


def add(url: str, name: str, km: float, **changes: object) -> None:
    latitude, longitude = at_km_north(km)
    record = sample_record(
        service=name, address=f"{name}straße 1", latitude=latitude, longitude=longitude, **changes
    )
    with session_scope(url) as session:
        store_records(session, [record])


def near(url: str, **query: object) -> list[ServiceHit]:
    with session_scope(url) as session:
        return services_near(session, lat=HERE[0], lon=HERE[1], now=WEDNESDAY_10, **query)  # type: ignore[arg-type]


def test_nearest_first_with_true_distances(directory_db: str) -> None:
    for name, km in [("Fern", 5.0), ("Nah", 0.5), ("Mitte", 2.0)]:
        add(directory_db, name, km)
    hits = near(directory_db)
    assert [h.name for h in hits] == ["Nah", "Mitte", "Fern"]
    for hit, km in zip(hits, (0.5, 2.0, 5.0), strict=True):
        assert hit.distance_km == pytest.approx(km, abs=0.01)
        assert hit.distance_km == pytest.approx(haversine_km(*HERE, hit.latitude, hit.longitude))
    assert [h.name for h in near(directory_db, limit=2)] == ["Nah", "Mitte"]


def test_the_search_widens_until_it_finds_and_stops_at_the_radius(directory_db: str) -> None:
    add(directory_db, "Landkreis", 60.0)
    assert [h.name for h in near(directory_db)] == ["Landkreis"]
    assert near(directory_db, radius_km=50) == []


def test_topic_filter(directory_db: str) -> None:
    add(directory_db, "Schulden", 1.0, topics=("counselling_debt",))
    add(directory_db, "Wohnen", 0.5, topics=("housing_search", "housing_tenancy"))
    assert [h.name for h in near(directory_db, topic="counselling_debt")] == ["Schulden"]
    assert [h.name for h in near(directory_db, topic="housing_tenancy")] == ["Wohnen"]
    assert near(directory_db, topic="racist_attack") == []


def test_speakers_of_the_language_are_chosen_within_the_town_and_shown_nearest_first(
    directory_db: str,
) -> None:
    add(directory_db, "Deutsch nah", 0.5, languages=("de",))
    add(directory_db, "Deutsch auch nah", 1.0, languages=("de",))
    add(directory_db, "Arabisch weiter", 6.0, languages=("ar", "de"))
    add(directory_db, "Arabisch andere Stadt", LANGUAGE_RADIUS_KM + 20, languages=("ar",))
    hits = near(directory_db, language="ar", limit=2)
    assert [(h.name, h.speaks_language) for h in hits] == [
        ("Deutsch nah", False),
        ("Arabisch weiter", True),
    ]
    # Nobody nearby speaks Tigrinya: still the nearest services, never an empty list.
    assert [h.name for h in near(directory_db, language="ti", limit=2)] == [
        "Deutsch nah",
        "Deutsch auch nah",
    ]
    assert near(directory_db, limit=1)[0].speaks_language is None


def test_open_now_open_until_and_next_opening(directory_db: str) -> None:
    add(directory_db, "Vormittags", 1.0, opening_hours=tuple(parse_opening_hours("Mi 09:00-12:00")))
    add(directory_db, "Nachmittags", 2.0, opening_hours=tuple(parse_opening_hours("Mi 14:00-18:00")))
    add(directory_db, "Nach Termin", 3.0, opening_hours=())
    morning, afternoon, appointment = near(directory_db)
    assert (morning.open_now, f"{morning.open_until:%H:%M}", morning.next_opening) == (True, "12:00", None)
    assert (afternoon.open_now, afternoon.next_opening) == (False, datetime(2026, 11, 25, 14, tzinfo=BERLIN))
    assert (appointment.open_now, appointment.next_opening) == (None, None)


def test_a_service_without_a_place_is_never_near(directory_db: str) -> None:
    online = sample_record(
        service="Online", address="", postal_code="", city="", ags=None, latitude=None, longitude=None
    )
    with session_scope(directory_db) as session:
        store_records(session, [online])
    assert near(directory_db) == []


def test_the_card_is_json_with_what_clients_show(directory_db: str) -> None:
    add(directory_db, "Karte", 1.0)
    card = json.loads(json.dumps(ServiceCard.payload_of(near(directory_db)[0])))
    assert {
        "name",
        "distance_km",
        "open_now",
        "languages",
        "topics",
        "postal_code",
        "city",
        "organisation",
        "address",
        "phone",
        "website",
        "online_counselling",
        "demo",
        "next_opening",
        "free",
        "anonymous",
        "appointment",
        "accessible",
    } <= set(card)
    assert card["languages"] == ["ar", "de", "fa"]
    assert card["topics"] == ["counselling_migration", "language_course"]
    assert card["distance_km"] == pytest.approx(1.0, abs=0.01)
    assert card["next_opening"] == {"weekday": 2, "date": "2026-11-25", "time": "14:00"}
    assert card["demo"] is True


@pytest.mark.postgres
def test_postgres_answers_the_same(postgres_url: str) -> None:
    upgrade(postgres_url)
    add(postgres_url, "Deutsch nah", 0.5, languages=("de",), topics=("counselling_debt",))
    add(postgres_url, "Arabisch weiter", 6.0, languages=("ar", "de"), topics=("counselling_debt",))
    add(postgres_url, "Anderes Thema", 0.2, topics=("housing_search",))
    hits = near(postgres_url, topic="counselling_debt", language="ar")
    assert [(h.name, h.speaks_language) for h in hits] == [
        ("Deutsch nah", False),
        ("Arabisch weiter", True),
    ]
    assert hits[0].distance_km == pytest.approx(0.5, abs=0.01)
    assert hits[0].open_now is False
