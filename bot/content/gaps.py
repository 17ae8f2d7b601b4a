"""Gaps in provision, for municipal planning: what people ask per district against what is near.

Per district (region key, AGS) and topic: the questions of a period, from the anonymous counters
(:mod:`bot.content.usage`, region × language × topic × ISO week), beside the services of the
directory that offer the topic near the district, and how many of those speak each language people
asked in. "Near" is :data:`RADIUS_KM` around the district's centre (the mean of its postal codes) or
inside the district itself, so a large rural district keeps the services at its edges. A service
offers a topic as "services near me" searches it (the topic's ``service_topics``). Only services
with a place count: phone and online offers are not "near" anyone.

Two kinds of gap are flagged: a topic asked about with no service near at all, and a language
people asked in that no nearby service for the topic speaks. Questions without a place and the
"unanswered"/"emergency" counters are not part of it (no district, or no topic).

Numbers follow the usage report's rule (:data:`~bot.content.usage_report.THRESHOLD`): a count of
1 to 4 is shown as "<5". The only numbers shown are the per-language counts of a topic; a topic's
total is exact only when none of its languages is suppressed, otherwise it is the lower bound anyone
could add up from the shown cells (each suppressed cell counts as 1), so no total ever reveals a
suppressed cell by subtraction. Rows are ordered by what is shown, never by a hidden number. A flag
needs only "asked at all", which "<5" already says. No texts, no people: there are none to show.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.content.distance import KM_PER_DEGREE_LATITUDE, bounding_box
from bot.content.usage_report import THRESHOLD, Cell, TopicTotal, Week, in_weeks, suppress
from bot.db.models import Location, Region, Service, ServiceSearch, UsageCount
from bot.errors import OperatorError
from bot.languages import language_codes
from bot.topics import REGISTRY, TOPICS

RADIUS_KM: Final = 25.0
"""How far from a district's centre a service still counts as near it."""
DISTRICT_KEY_LENGTH: Final = 5
"""GeoNames' region keys are district keys (Kreis or kreisfreie Stadt): five digits."""


class UnknownRegion(OperatorError):
    """No district has the key (or a key starting with it); the message says how to find one."""


@dataclass(frozen=True)
class NearbyServices:
    """Services near a district that look alike to the report: same topics, languages, demo flag.

    No names and no ids: counts are all the report shows (and grouping keeps a city with thousands of
    services cheap to count).
    """

    topics: frozenset[str]
    languages: frozenset[str]
    demo: bool
    count: int

    def offers(self, topic: str) -> bool:
        searched = REGISTRY.topics[topic].service_topics
        return not searched or not self.topics.isdisjoint(searched)


@dataclass(frozen=True)
class LanguageRow:
    language: str
    asked: Cell
    """Questions in the period in this language (never 0: only languages people asked in)."""
    speakers: int
    """Nearby services offering the topic whose staff speak the language."""

    @property
    def missing(self) -> bool:
        """People asked in this language and no nearby service for the topic speaks it."""
        return self.speakers == 0


@dataclass(frozen=True)
class TopicRow:
    topic: str
    asked: TopicTotal
    services: int
    """Nearby services offering the topic."""
    languages: tuple[LanguageRow, ...]

    @property
    def no_service(self) -> bool:
        return self.services == 0

    @property
    def missing_languages(self) -> list[str]:
        """Languages without a speaker, when there are services at all (else the topic is the gap)."""
        return [] if self.no_service else [row.language for row in self.languages if row.missing]


@dataclass(frozen=True)
class DistrictGaps:
    region: str
    name: str
    weeks: int
    """Weeks in the period (for the figures per week)."""
    radius_km: float
    services: int
    """Services near the district (any topic)."""
    demo_services: int
    """How many of them are invented demo entries ("(Demo)")."""
    spoken: frozenset[str]
    """Languages spoken by at least one nearby service."""
    topics: tuple[TopicRow, ...]

    @property
    def asked_languages(self) -> list[str]:
        """Languages people asked in, in the bot's order."""
        asked = {row.language for topic in self.topics for row in topic.languages}
        return [code for code in language_codes() if code in asked]

    @property
    def languages_without_speaker(self) -> list[str]:
        """Languages people asked in that no nearby service speaks, whatever the topic."""
        return [code for code in self.asked_languages if code not in self.spoken]

    @property
    def topics_without_service(self) -> list[str]:
        return [row.topic for row in self.topics if row.no_service]

    @property
    def missing_languages(self) -> dict[str, list[str]]:
        """Language → topics asked in it for which no nearby service speaks it (topics with services)."""
        missing: dict[str, list[str]] = {}
        for row in self.topics:
            for language in row.missing_languages:
                missing.setdefault(language, []).append(row.topic)
        return {code: missing[code] for code in language_codes() if code in missing}

    @property
    def gap_count(self) -> int:
        """Flags: topics without a service, plus (topic, language) pairs without a speaker."""
        return len(self.topics_without_service) + sum(len(t) for t in self.missing_languages.values())

    def as_dict(self) -> dict[str, Any]:
        """The district as JSON: suppressed counts are ``null`` with ``"suppressed": true``."""
        weeks = self.weeks
        return {
            "region": self.region,
            "name": self.name,
            "services_nearby": self.services,
            "demo_services": self.demo_services,
            "languages_without_speaker": self.languages_without_speaker,
            "topics_without_service": self.topics_without_service,
            "missing_languages": self.missing_languages,
            "topics": [
                {
                    "topic": row.topic,
                    "questions": row.asked.count,
                    "suppressed": row.asked.suppressed,
                    "questions_exact": row.asked.exact,
                    "per_week": per_week(row.asked.count, weeks),
                    "services": row.services,
                    "no_service": row.no_service,
                    "languages": [
                        {
                            "language": language.language,
                            "questions": language.asked.count,
                            "suppressed": language.asked.suppressed,
                            "per_week": per_week(language.asked.count, weeks),
                            "services_speaking": language.speakers,
                            "missing": language.missing and not row.no_service,
                        }
                        for language in row.languages
                    ],
                }
                for row in self.topics
            ],
        }


@dataclass
class GapsReport:
    weeks: tuple[Week, ...]
    radius_km: float
    districts: list[DistrictGaps] = field(default_factory=list)

    @property
    def week_labels(self) -> list[str]:
        return [f"{year}-W{week:02d}" for year, week in self.weeks]

    def as_dict(self) -> dict[str, Any]:
        return {
            "weeks": self.week_labels,
            "radius_km": self.radius_km,
            "threshold": THRESHOLD,
            "districts": [district.as_dict() for district in self.districts],
        }


def per_week(count: int | None, weeks: int) -> float | None:
    """Questions per week (one decimal) of a shown count; ``None`` for a suppressed one."""
    return None if count is None or weeks <= 0 else round(count / weeks, 1)


def per_week_text(
    figure: Cell | TopicTotal, weeks: int, number: Callable[[float], str] = "{:g}".format
) -> str:
    """Per week as shown: empty for a suppressed count, "≥" before a lower bound."""
    value = per_week(figure.count, weeks)
    if value is None:
        return ""
    exact = figure.exact if isinstance(figure, TopicTotal) else True
    return ("" if exact else "≥") + number(value)


def districts_for(session: Session, key: str) -> list[Region]:
    """The district ``key`` names, or the districts whose keys start with it (``"05"``: NRW).

    Raises:
        UnknownRegion: no district has such a key; the message says how to find the right one.
    """
    if not key.isdigit() or len(key) > 12:
        raise UnknownRegion(
            f"{key!r} is not a region key: use the official key (digits), e.g. 05315 for Köln"
        )
    exact = session.get(Region, key)
    if exact is not None:
        return [exact]
    if len(key) > DISTRICT_KEY_LENGTH and (district := session.get(Region, key[:DISTRICT_KEY_LENGTH])):
        return [district]  # a municipality key (05315000): its district
    found = list(session.scalars(select(Region).where(Region.ags.startswith(key)).order_by(Region.ags)))
    if found:
        return found
    if not session.scalar(select(func.count()).select_from(Region)):
        raise UnknownRegion(
            "no districts are known yet: load the postal codes first (wegweiser geo import FILE)"
        )
    raise UnknownRegion(
        f"no district has the key {key} or a key starting with it: district keys have five digits, "
        "the first two name the state (05 North Rhine-Westphalia, 14 Saxony; Köln is 05315, "
        "Leipzig 14713)"
    )


def gaps_report(
    session: Session,
    *,
    weeks: list[Week],
    region: str | None = None,
    radius_km: float = RADIUS_KM,
) -> GapsReport:
    """The gaps of one district, or of every district under a key prefix that had questions.

    Args:
        weeks: the period, consecutive ISO weeks oldest first (:func:`~bot.content.usage_report.last_weeks`).
        region: a district key (that district, even without questions; a municipality key means its
            district), a shorter prefix, or ``None`` (every district people asked from).

    Raises:
        UnknownRegion: ``region`` matches no district.
    """
    report = GapsReport(tuple(weeks), radius_km)
    chosen = districts_for(session, region) if region is not None else []
    one = region is not None and len(chosen) == 1 and chosen[0].ags == region[:DISTRICT_KEY_LENGTH]
    if not weeks:
        return report
    demand = _demand_by_district(session, weeks=weeks, prefix=chosen[0].ags if one else region)
    known = select(Region).where(Region.ags.in_(demand))
    districts = chosen if one else list(session.scalars(known))  # districts without questions: not a gap
    directory = Directory.read(session, districts) if districts else None
    for district in sorted(districts, key=lambda d: d.ags):
        report.districts.append(
            district_gaps(
                session,
                district=district,
                asked=demand.get(district.ags, {}),
                weeks=len(weeks),
                radius_km=radius_km,
                directory=directory,
            )
        )
    return report


Asked = dict[tuple[str, str], int]
"""(topic, language) → questions in the period."""


def _demand_by_district(session: Session, *, weeks: list[Week], prefix: str | None) -> dict[str, Asked]:
    """Questions per district key, topic and language; keys longer than a district's go to it."""
    query = (
        select(UsageCount.region, UsageCount.topic, UsageCount.language, func.sum(UsageCount.count))
        .where(in_weeks(weeks), UsageCount.region.is_not(None), UsageCount.topic.in_(TOPICS))
        .group_by(UsageCount.region, UsageCount.topic, UsageCount.language)
    )
    if prefix:
        query = query.where(UsageCount.region.startswith(prefix, autoescape=True))
    demand: dict[str, Asked] = defaultdict(dict)
    for key, topic, language, total in session.execute(query):
        if not total:
            continue
        district = demand[str(key)[:DISTRICT_KEY_LENGTH]]
        district[(topic, language)] = district.get((topic, language), 0) + int(total)
    return dict(demand)


@dataclass(frozen=True)
class Directory:
    """What every district of one report shares: demo services, and which services lie in which district.

    Read once per report (one pass over the located services), not once per district.
    """

    demo: frozenset[int]
    inside: dict[str, frozenset[int]]
    """District key → services whose location's key starts with it."""

    @classmethod
    def read(cls, session: Session, districts: list[Region]) -> Directory:
        demo = frozenset(session.scalars(select(Service.id).where(Service.demo.is_(True))))
        inside: dict[str, set[int]] = defaultdict(set)
        for length in {len(district.ags) for district in districts}:
            prefix = func.substr(Location.ags, 1, length)
            keys = [district.ags for district in districts if len(district.ags) == length]
            query = (
                select(Service.id, prefix)
                .join(Location, Location.id == Service.location_id)
                .where(prefix.in_(keys))
            )
            for service_id, key in session.execute(query):
                inside[key].add(service_id)
        return cls(demo, {key: frozenset(ids) for key, ids in inside.items()})


def nearby_services(
    session: Session, district: Region, *, radius_km: float = RADIUS_KM, directory: Directory | None = None
) -> list[NearbyServices]:
    """Services within ``radius_km`` of the district's centre or located inside the district.

    Read from the near-me index (``service_search``: coordinates, topics, languages), like the search:
    the box around the centre uses its covering index; services inside the district but beyond the
    box (a large rural district) are fetched by id. Distances as the search measures them (a flat
    projection, exact to well under 0.1 % at this range).
    """
    directory = directory or Directory.read(session, [district])
    inside = directory.inside.get(district.ags, frozenset())
    connection = session.connection()
    columns = (
        ServiceSearch.service_id,
        ServiceSearch.latitude,
        ServiceSearch.longitude,
        ServiceSearch.topics,
        ServiceSearch.languages,
    )
    box = bounding_box(district.latitude, district.longitude, radius_km)
    around = select(*columns).where(
        ServiceSearch.latitude.between(box.south, box.north),
        ServiceSearch.longitude.between(box.west, box.east),
    )
    km_lon = KM_PER_DEGREE_LATITUDE * math.cos(math.radians(district.latitude))
    seen: set[int] = set()
    groups: Counter[tuple[str, str, bool]] = Counter()
    for service_id, lat, lon, topics, languages in connection.execute(around):
        distance = math.hypot(
            (lat - district.latitude) * KM_PER_DEGREE_LATITUDE, (lon - district.longitude) * km_lon
        )
        if distance <= radius_km or service_id in inside:
            seen.add(service_id)
            groups[(topics, languages, service_id in directory.demo)] += 1
    beyond = sorted(inside - seen)
    for chunk in (beyond[i : i + 500] for i in range(0, len(beyond), 500)):
        for service_id, _lat, _lon, topics, languages in connection.execute(
            select(*columns).where(ServiceSearch.service_id.in_(chunk))
        ):
            groups[(topics, languages, service_id in directory.demo)] += 1
    return [
        NearbyServices(_labels(topics), _labels(languages), demo, count)
        for (topics, languages, demo), count in groups.items()
    ]


@cache
def _labels(delimited: str) -> frozenset[str]:
    """``|a|b|`` → {a, b} (the index's format); the same few strings recur across districts."""
    return frozenset(label for label in delimited.split("|") if label)


def district_gaps(
    session: Session,
    *,
    district: Region,
    asked: Asked,
    weeks: int,
    radius_km: float = RADIUS_KM,
    directory: Directory | None = None,
) -> DistrictGaps:
    """One district: each topic asked, its languages, and the nearby services that match."""
    services = nearby_services(session, district, radius_km=radius_km, directory=directory)
    by_topic: dict[str, dict[str, int]] = defaultdict(dict)
    for (topic, language), count in asked.items():
        by_topic[topic][language] = count
    rows = [_topic_row(topic, languages, services) for topic, languages in by_topic.items()]
    order = {topic: index for index, topic in enumerate(TOPICS)}
    # Ordered by what is shown only (a lower bound for partly suppressed topics), never by hidden counts.
    rows.sort(key=lambda row: (-(row.asked.count or 0), order.get(row.topic, len(order))))
    return DistrictGaps(
        region=district.ags,
        name=district.name,
        weeks=weeks,
        radius_km=radius_km,
        services=sum(group.count for group in services),
        demo_services=sum(group.count for group in services if group.demo),
        spoken=frozenset(code for group in services for code in group.languages),
        topics=tuple(rows),
    )


def _topic_row(topic: str, asked: dict[str, int], services: list[NearbyServices]) -> TopicRow:
    offering = [group for group in services if group.offers(topic)]
    cells = {language: suppress(count) for language, count in asked.items()}
    order = {code: index for index, code in enumerate(language_codes())}
    languages = sorted(
        (
            LanguageRow(
                language,
                cell,
                speakers=sum(group.count for group in offering if language in group.languages),
            )
            for language, cell in cells.items()
        ),
        key=lambda row: (row.asked.suppressed, -(row.asked.count or 0), order.get(row.language, len(order))),
    )
    return TopicRow(
        topic=topic,
        asked=TopicTotal.of(list(cells.values())),
        services=sum(group.count for group in offering),
        languages=tuple(languages),
    )
