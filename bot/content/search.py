"""Services near a point: nearest first, with distance, open-now and the languages spoken.

How it stays fast with 100,000 services: a bounding box on the covering index of ``service_search``
(coordinates, topics, languages; kept in step with the directory automatically) fetches only ids and
coordinates of nearby candidates, without a join; distances are computed in Python; the area grows
from 1.5 km (by the density found so far, up to ``radius_km``) until ``limit`` services lie within it;
only the chosen few are then loaded in full. "Open now" is judged on German time (Europe/Berlin).

Language rule: with ``language``, services whose staff speak it are chosen first, then the others
fill the list; the list itself is always shown nearest first, each card saying whether the language is
spoken. To find speakers the search area keeps growing up to :data:`LANGUAGE_RADIUS_KM` even when
enough other services are nearer. So a speaker of Arabic is shown Arabic-speaking counselling across
town, not only the German-only offices next door, but is never sent to another city for it, and never
gets an empty list because no service nearby lists the language (counselling services arrange
interpreters).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cache
from typing import Any, Final, TypeAlias

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session

from bot.content.distance import KM_PER_DEGREE_LATITUDE, bounding_box, haversine_km
from bot.content.opening_hours import Period, berlin_time, next_opening, open_period
from bot.db.models import (
    Location,
    OpeningHours,
    Organisation,
    Service,
    ServiceSearch,
)

AnySelect: TypeAlias = Select[*tuple[Any, ...]]

DEFAULT_LIMIT: Final = 5
DEFAULT_RADIUS_KM: Final = 100.0
FIRST_RADIUS_KM: Final = 1.5
LANGUAGE_RADIUS_KM: Final = 10.0
MIN_GROWTH: Final = 1.5
MAX_GROWTH: Final = 4.0
GROWTH_MARGIN: Final = 1.5


@dataclass(frozen=True)
class ServiceHit:
    """One service found near a point, with everything a reply card shows."""

    id: int
    uid: str
    name: str
    organisation: str
    provider: str
    distance_km: float
    open_now: bool | None
    """``None`` when no opening hours are known."""
    open_until: time | None
    next_opening: datetime | None
    """Next opening (German time) when closed now; ``None`` when open or unknown."""
    opening_hours: tuple[Period, ...]
    address: str
    postal_code: str
    city: str
    phone: str
    email: str
    website: str
    online_counselling: str
    languages: tuple[str, ...]
    topics: tuple[str, ...]
    free: bool | None
    anonymous: bool | None
    appointment: bool | None
    accessible: bool | None
    demo: bool
    latitude: float
    longitude: float
    last_verified: date | None
    speaks_language: bool | None = None
    """Whether staff speak the language searched for (``None``: no language given)."""


@dataclass(frozen=True)
class _Candidate:
    distance_km: float
    speaks: bool
    service_id: int


@cache
def _candidate_query(with_topic: bool, language: str | None) -> AnySelect:
    """Ids, coordinates and "speaks it" in a box, from the join-free index (``service_search``).

    ``language`` is the shape: ``None`` (no language), ``"flag"`` (select whether each service
    speaks it) or ``"only"`` (speakers only). Built once per shape and run with bound parameters,
    so no SQL is compiled per search.
    """
    speaks = ServiceSearch.languages.like(bindparam("language"), escape="/")
    columns: list[Any] = [ServiceSearch.service_id, ServiceSearch.latitude, ServiceSearch.longitude]
    if language == "flag":
        columns.append(speaks)
    query = select(*columns).where(
        ServiceSearch.latitude.between(bindparam("south"), bindparam("north")),
        ServiceSearch.longitude.between(bindparam("west"), bindparam("east")),
    )
    if with_topic:
        query = query.where(ServiceSearch.topics.like(bindparam("topic"), escape="/"))
    if language == "only":
        query = query.where(speaks)
    return query


def _label_pattern(value: str | None) -> str | None:
    """``LIKE`` pattern for one entry of a ``|a|b|`` list, with wildcards in ``value`` escaped."""
    if value is None:
        return None
    escaped = value.replace("/", "//").replace("%", "/%").replace("_", "/_")
    return f"%|{escaped}|%"


class _Area:
    """Repeated box queries around one point, growing the radius by the density seen so far."""

    def __init__(
        self, session: Session, *, lat: float, lon: float, topic: str | None, language: str | None
    ) -> None:
        self.connection = session.connection()
        self.lat, self.lon = lat, lon
        self.topic = _label_pattern(topic)
        self.language = _label_pattern(language)
        # Within a few dozen km a flat projection is exact to well under 0.1 %; haversine comes later.
        self.km_lon = KM_PER_DEGREE_LATITUDE * math.cos(math.radians(lat))

    def within(self, radius: float, shape: str | None) -> list[_Candidate]:
        box = bounding_box(self.lat, self.lon, radius)
        params = {
            "south": box.south,
            "north": box.north,
            "west": box.west,
            "east": box.east,
            "topic": self.topic,
            "language": self.language,
        }
        found = []
        query = _candidate_query(self.topic is not None, shape)
        for row in self.connection.execute(query, params):
            distance = math.hypot(
                (row[1] - self.lat) * KM_PER_DEGREE_LATITUDE, (row[2] - self.lon) * self.km_lon
            )
            if distance <= radius:
                speaks = shape == "only" or (shape == "flag" and bool(row[3]))
                found.append(_Candidate(distance, speaks, row[0]))
        return found

    def grow(
        self, radius: float, shape: str | None, *, need: int, ceiling: float, seen: int | None = None
    ) -> tuple[list[_Candidate], float]:
        """Widen from ``radius`` until ``need`` services lie within (or ``ceiling`` is reached).

        ``seen``: how many the caller already found within ``radius`` (that look is not repeated).
        """
        if seen is None:
            found = self.within(radius, shape)
            if len(found) >= need or radius >= ceiling:
                return found, radius
            seen = len(found)
        while True:
            factor = math.sqrt(GROWTH_MARGIN * need / seen) if seen else MAX_GROWTH
            radius = min(radius * min(max(factor, MIN_GROWTH), MAX_GROWTH), ceiling)
            found = self.within(radius, shape)
            if len(found) >= need or radius >= ceiling:
                return found, radius
            seen = len(found)


def _candidates(
    session: Session,
    *,
    lat: float,
    lon: float,
    topic: str | None,
    language: str | None,
    limit: int,
    radius_km: float,
) -> list[_Candidate]:
    """The nearest services; with ``language``, the nearest speakers ahead of the rest (module docstring)."""
    area = _Area(session, lat=lat, lon=lon, topic=topic, language=language)
    shape = "flag" if language else None
    nearest, radius = area.grow(min(FIRST_RADIUS_KM, radius_km), shape, need=limit, ceiling=radius_km)
    if language is None:
        return nearest
    speakers = [c for c in nearest if c.speaks]
    ceiling = min(radius_km, max(LANGUAGE_RADIUS_KM, radius))
    if len(speakers) < limit and radius < ceiling:
        speakers, _ = area.grow(radius, "only", need=limit, ceiling=ceiling, seen=len(speakers))
    speaking = {c.service_id for c in speakers}
    return speakers + [c for c in nearest if c.service_id not in speaking]


@cache
def _details_query() -> AnySelect:
    return (
        select(
            Service.id,
            Service.uid,
            Service.name,
            Service.phone,
            Service.email,
            Service.website,
            Service.online_counselling,
            Service.free,
            Service.anonymous,
            Service.appointment,
            Service.accessible,
            Service.demo,
            Service.last_verified,
            Organisation.name.label("organisation"),
            Organisation.provider,
            Location.address,
            Location.postal_code,
            Location.city,
            Location.latitude,
            Location.longitude,
            ServiceSearch.topics,
            ServiceSearch.languages,
        )
        .join(Organisation, Organisation.id == Service.organisation_id)
        .join(Location, Location.id == Service.location_id)
        .join(ServiceSearch, ServiceSearch.service_id == Service.id)
        .where(Service.id.in_(bindparam("ids", expanding=True)))
    )


@cache
def _hours_query() -> AnySelect:
    return select(
        OpeningHours.service_id,
        OpeningHours.weekday,
        OpeningHours.opens,
        OpeningHours.closes,
        OpeningHours.valid_from,
        OpeningHours.valid_to,
    ).where(OpeningHours.service_id.in_(bindparam("ids", expanding=True)))


def services_near(
    session: Session,
    *,
    lat: float,
    lon: float,
    topic: str | None = None,
    language: str | None = None,
    limit: int = DEFAULT_LIMIT,
    now: datetime | None = None,
    radius_km: float = DEFAULT_RADIUS_KM,
) -> list[ServiceHit]:
    """Up to ``limit`` services within ``radius_km`` of (``lat``, ``lon``), nearest first.

    Args:
        topic: only services that help with this topic (``bot.topics.TOPICS``).
        language: prefer services whose staff speak it (see the module docstring).
        now: the moment for "open now" (default: the current time; naive = German time).
    """
    if limit <= 0:
        return []
    candidates = _candidates(
        session, lat=lat, lon=lon, topic=topic, language=language, limit=limit, radius_km=radius_km
    )
    candidates.sort(key=lambda c: (not c.speaks, c.distance_km, c.service_id))
    chosen = sorted(candidates[:limit], key=lambda c: (c.distance_km, c.service_id))
    if not chosen:
        return []
    connection = session.connection()
    params = {"ids": [c.service_id for c in chosen]}
    details = {row.id: row for row in connection.execute(_details_query(), params)}
    hours: dict[int, list[Period]] = defaultdict(list)
    for service_id, weekday, opens, closes, valid_from, valid_to in connection.execute(
        _hours_query(), params
    ):
        hours[service_id].append(Period(weekday, opens, closes, valid_from, valid_to))
    moment = berlin_time(now)
    hits = []
    for candidate in chosen:
        row = details[candidate.service_id]
        periods = sorted(hours.get(row.id, []))
        current = open_period(periods, moment)
        hits.append(
            ServiceHit(
                id=row.id,
                uid=row.uid,
                name=row.name,
                organisation=row.organisation,
                provider=str(row.provider),
                distance_km=haversine_km(lat, lon, row.latitude, row.longitude),
                open_now=None if not periods else current is not None,
                open_until=current.closes if current else None,
                next_opening=next_opening(periods, moment) if periods and not current else None,
                opening_hours=tuple(periods),
                address=row.address,
                postal_code=row.postal_code,
                city=row.city,
                phone=row.phone,
                email=row.email,
                website=row.website,
                online_counselling=row.online_counselling,
                languages=tuple(row.languages.strip("|").split("|")) if row.languages != "|" else (),
                topics=tuple(row.topics.strip("|").split("|")) if row.topics != "|" else (),
                free=row.free,
                anonymous=row.anonymous,
                appointment=row.appointment,
                accessible=row.accessible,
                demo=row.demo,
                latitude=row.latitude,
                longitude=row.longitude,
                last_verified=row.last_verified,
                speaks_language=candidate.speaks if language is not None else None,
            )
        )
    return hits
