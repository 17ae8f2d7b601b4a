"""The gaps report: what is asked per district against the services near it, small numbers hidden."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from bot.content.distance import EARTH_RADIUS_KM
from bot.content.gaps import RADIUS_KM, DistrictGaps, UnknownRegion, gaps_report
from bot.content.service_records import ServiceRecord
from bot.content.service_store import store_records
from bot.content.usage_report import last_weeks
from bot.db.migrate import upgrade
from bot.db.models import Region
from bot.db.session import session_scope
from tests.auxil.databases import finish_template, new_template
from tests.auxil.directory import copy_of, sample_record
from tests.auxil.small_directory import copy_small_directory
from tests.auxil.usage import count_questions

CENTRE = (50.0, 8.0)
"""The centre of an invented district, "Testkreis" (09999), with a neighbour (09998) 60 km north."""
WEEKS = last_weeks(4)


def north_of_centre(km: float) -> tuple[float, float]:
    """A point ``km`` due north of the centre (along a meridian the great-circle distance is exact)."""
    return CENTRE[0] + math.degrees(km / EARTH_RADIUS_KM), CENTRE[1]


def service(
    name: str, km: float, topics: tuple[str, ...], languages: tuple[str, ...], ags: str
) -> ServiceRecord:
    lat, lon = north_of_centre(km)
    return sample_record(
        organisation="Beratung Testkreis (Test)",
        service=name,
        address=f"{name}straße 1",
        postal_code="99999",
        city="Testdorf",
        ags=ags,
        latitude=lat,
        longitude=lon,
        topics=topics,
        languages=languages,
    )


@pytest.fixture(scope="module")
def testkreis(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Services at known distances from Testkreis' centre; built once, copied per test."""
    url, template = new_template(tmp_path_factory.mktemp("gaps"), "gaps")
    upgrade(url)
    with session_scope(url) as session:
        session.add(Region(ags="09999", name="Testkreis", latitude=CENTRE[0], longitude=CENTRE[1]))
        lat, lon = north_of_centre(60)
        session.add(Region(ags="09998", name="Nachbarkreis", latitude=lat, longitude=lon))
        store_records(
            session,
            [
                service(name, km, topics, languages, ags)
                for name, km, topics, languages, ags in (
                    # in the neighbouring district, but 24.5 km from Testkreis' centre: near
                    ("Gesundheit 24", 24.5, ("health_insurance",), ("de", "ar"), "09998000"),
                    # 25.5 km away: not near, though it would speak Persian
                    ("Gesundheit 26", 25.5, ("health_insurance",), ("de", "fa"), "09998000"),
                    # inside Testkreis, 30 km south of its centre: near because it is in the district
                    ("Schulden Süd", -30, ("counselling_debt",), ("de", "tr"), "09999123"),
                    # family reunification is also searched among migration counselling (topics.yml)
                    ("MBE Mitte", 5, ("counselling_migration",), ("de", "uk"), "09999000"),
                )
            ],
        )
    finish_template(url)
    return template


@pytest.fixture
def url(testkreis: Path, tmp_path: Path) -> str:
    return copy_of(testkreis, tmp_path)


def ask(
    url: str, topic: str, language: str, times: int, *, region: str | None = "09999", weeks_ago: int = 0
) -> None:
    count_questions(url, [(region, topic, language, times)], weeks_ago=weeks_ago)


def district(url: str, region: str = "09999", **options: float) -> DistrictGaps:
    with session_scope(url) as session:
        (found,) = gaps_report(session, weeks=WEEKS, region=region, **options).districts
    return found


def test_a_service_counts_within_25_km_of_the_centre_and_not_beyond(url: str) -> None:
    ask(url, "health_insurance", "ar", 7)
    ask(url, "health_insurance", "fa", 6)
    testkreis = district(url)
    (row,) = testkreis.topics
    assert row.services == 1  # the one 24.5 km away; the one at 25.5 km is too far
    assert {language.language: language.speakers for language in row.languages} == {"ar": 1, "fa": 0}
    assert testkreis.missing_languages == {"fa": ["health_insurance"]}
    assert testkreis.languages_without_speaker == ["fa"]
    assert RADIUS_KM == 25
    wider = district(url, radius_km=26)
    assert wider.missing_languages == {} and wider.topics[0].services == 2


def test_services_inside_the_district_count_however_far_from_its_centre(url: str) -> None:
    ask(url, "counselling_debt", "tr", 5)
    (row,) = district(url).topics
    assert (row.services, row.no_service, row.missing_languages) == (1, False, [])


def test_a_topic_asked_about_with_no_service_near_is_flagged_as_such(url: str) -> None:
    ask(url, "pregnancy", "de", 8)
    ask(url, "pregnancy", "ar", 5)
    testkreis = district(url)
    assert testkreis.topics_without_service == ["pregnancy"]
    assert testkreis.missing_languages == {}  # the topic is the gap, not its languages
    assert testkreis.gap_count == 1


def test_languages_are_matched_among_the_services_the_topic_searches(url: str) -> None:
    ask(url, "family_reunification", "uk", 5)
    ask(url, "family_reunification", "ru", 6)
    (row,) = district(url).topics
    assert row.services == 1  # migration counselling does family reunification too
    assert row.missing_languages == ["ru"]
    assert [(language.language, language.speakers) for language in row.languages] == [("ru", 0), ("uk", 1)]


def test_small_counts_are_shown_as_under_5_and_totals_never_give_them_away(url: str) -> None:
    ask(url, "health_insurance", "ar", 23)
    ask(url, "health_insurance", "ru", 2)
    ask(url, "counselling_debt", "tr", 3)
    testkreis = district(url)
    insurance, debt = testkreis.topics
    assert [str(language.asked) for language in insurance.languages] == ["23", "<5"]
    assert str(insurance.asked) == "≥24"  # not 25: that would give the 2 away
    assert str(debt.asked) == "<5" and str(debt.languages[0].asked) == "<5"
    shown = json.dumps(testkreis.as_dict())
    assert (
        '"questions": 2,' not in shown and '"questions": 3,' not in shown and '"questions": 25' not in shown
    )


def test_nothing_shown_depends_on_what_a_suppressed_count_holds(testkreis: Path, tmp_path: Path) -> None:
    """Whatever the hidden cells hold (1 to 4), the report, flags and order included, reads the same."""
    readings = []
    for hidden in (1, 2, 3, 4):
        url = copy_of(testkreis, tmp_path / str(hidden))
        ask(url, "health_insurance", "ar", 23)
        ask(url, "health_insurance", "fa", hidden)
        ask(url, "health_insurance", "ru", 5 - hidden)
        ask(url, "family_reunification", "ru", hidden)
        ask(url, "counselling_debt", "tr", 9)
        ask(url, "counselling_debt", "ar", hidden)
        ask(url, "pregnancy", "uk", 5 - hidden)
        readings.append(district(url).as_dict())
    assert all(reading == readings[0] for reading in readings)
    assert readings[0]["missing_languages"] == {
        "ar": ["counselling_debt"],
        "fa": ["health_insurance"],
        "ru": ["health_insurance", "family_reunification"],
    }
    assert readings[0]["topics_without_service"] == ["pregnancy"]


def test_only_the_period_and_only_questions_with_a_place_count(url: str) -> None:
    ask(url, "counselling_debt", "tr", 6)
    ask(url, "counselling_debt", "tr", 50, weeks_ago=4)  # before the last four weeks
    ask(url, "counselling_debt", "tr", 70, region=None)  # no place given: no district
    (row,) = district(url).topics
    assert str(row.asked) == "6" and row.languages[0].asked.count == 6


def test_one_district_even_without_questions_a_prefix_only_those_asked_from(url: str) -> None:
    assert district(url, "09998").topics == ()
    ask(url, "counselling_debt", "tr", 6)
    with session_scope(url) as session:
        assert [d.region for d in gaps_report(session, weeks=WEEKS, region="0999").districts] == ["09999"]
        assert [d.region for d in gaps_report(session, weeks=WEEKS).districts] == ["09999"]
        assert gaps_report(session, weeks=WEEKS, region="09999123").districts[0].region == "09999"


@pytest.mark.parametrize(
    ("key", "says"),
    [
        ("12345", "no district has the key 12345"),
        ("Köln", "not a region key"),
    ],
)
def test_an_unknown_region_says_what_a_key_looks_like(url: str, key: str, says: str) -> None:
    with session_scope(url) as session, pytest.raises(UnknownRegion, match=says) as raised:
        gaps_report(session, weeks=WEEKS, region=key)
    assert "05315" in str(raised.value)


def test_without_a_gazetteer_the_error_says_to_load_it(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    upgrade(url)
    with session_scope(url) as session, pytest.raises(UnknownRegion, match="wegweiser geo import"):
        gaps_report(session, weeks=WEEKS, region="05315")


def test_the_demo_directory_lacks_persian_for_health_insurance_in_koeln(
    small_directory: Path, tmp_path: Path
) -> None:
    """The shipped demo directory (Köln, Leipzig) shows a missing language once people ask in it."""
    url = copy_small_directory(small_directory, tmp_path)
    for topic, language, times in (
        ("health_insurance", "ar", 23),
        ("health_insurance", "fa", 9),
        ("counselling_migration", "fa", 12),
    ):
        ask(url, topic, language, times, region="05315")
    koeln = district(url, "05315")
    assert koeln.missing_languages == {"fa": ["health_insurance"]}
    assert koeln.languages_without_speaker == []  # migration counselling in Persian exists
    assert koeln.demo_services == koeln.services > 50  # every nearby service is an invented "(Demo)" one
