"""The near-me search index: one derived row per located service (coordinates, topics, languages).

Why a derived table: "Arabic-speaking debt counselling near me" in a big city would otherwise join
thousands of nearby locations to services, topics and languages. Here one covering index answers the
whole filter (box, topic, language) without a single join.

Never edit it by hand. It follows the directory by itself: after every ORM flush that touches a
service, its topics, languages or location, the affected rows are recomputed (:func:`_follow_flush`).
Code that writes the directory with Core statements or raw SQL instead of the ORM calls
:func:`refresh_service_search` afterwards (``service_ids=None`` rebuilds everything).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import chain
from typing import Any

from sqlalchemy import Connection, Float, ForeignKey, Index, String, delete, event, insert, select
from sqlalchemy.orm import Mapped, Session, UOWTransaction, mapped_column

from bot.db.base import Base
from bot.db.models.location import Location
from bot.db.models.service import Service
from bot.db.models.service_language import ServiceLanguage
from bot.db.models.service_topic import ServiceTopic


class ServiceSearch(Base):
    __tablename__ = "service_search"

    service_id: Mapped[int] = mapped_column(
        ForeignKey("services.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    topics: Mapped[str] = mapped_column(String(1200), default="|")
    """``|housing_search|health_insurance|``: delimited so ``LIKE '%|topic|%'`` is exact."""
    languages: Mapped[str] = mapped_column(String(400), default="|")
    """``|de|ar|``, as :attr:`topics`."""

    __table_args__ = (
        Index("ix_service_search_box", "latitude", "longitude", "topics", "languages", "service_id"),
    )


def delimited(values: Iterable[str]) -> str:
    return "|" + "".join(f"{value}|" for value in sorted(set(values)))


def refresh_service_search(connection: Connection, *, service_ids: Iterable[int] | None) -> None:
    """Recompute the rows of ``service_ids`` (all services when ``None``) from the directory."""
    ids = None if service_ids is None else sorted(set(service_ids))
    if ids is not None and not ids:
        return
    for chunk in [None] if ids is None else [ids[i : i + 500] for i in range(0, len(ids), 500)]:
        _refresh_chunk(connection, chunk)


def _refresh_chunk(connection: Connection, ids: list[int] | None) -> None:
    def only(column: Any) -> Any:
        return column.in_(ids) if ids is not None else column.is_not(None)

    connection.execute(delete(ServiceSearch).where(only(ServiceSearch.service_id)))
    labels: dict[tuple[int, str], list[str]] = defaultdict(list)
    for service_id, topic in connection.execute(
        select(ServiceTopic.service_id, ServiceTopic.topic).where(only(ServiceTopic.service_id))
    ):
        labels[(service_id, "topics")].append(topic)
    for service_id, language in connection.execute(
        select(ServiceLanguage.service_id, ServiceLanguage.language).where(only(ServiceLanguage.service_id))
    ):
        labels[(service_id, "languages")].append(language)
    rows = [
        {
            "service_id": service_id,
            "latitude": latitude,
            "longitude": longitude,
            "topics": delimited(labels[(service_id, "topics")]),
            "languages": delimited(labels[(service_id, "languages")]),
        }
        for service_id, latitude, longitude in connection.execute(
            select(Service.id, Location.latitude, Location.longitude)
            .join(Location, Location.id == Service.location_id)
            .where(only(Service.id), Location.latitude.is_not(None), Location.longitude.is_not(None))
        )
    ]
    if rows:
        connection.execute(insert(ServiceSearch), rows)


def _touched_services(session: Session) -> set[int]:
    ids: set[int] = set()
    locations: set[int] = set()
    for item in chain(session.new, session.dirty, session.deleted):
        if isinstance(item, Service) and item.id is not None:
            ids.add(item.id)
        elif isinstance(item, ServiceTopic | ServiceLanguage) and item.service_id is not None:
            ids.add(item.service_id)
        elif isinstance(item, Location) and item.id is not None:
            locations.add(item.id)
    if locations:
        ids.update(session.connection().scalars(select(Service.id).where(Service.location_id.in_(locations))))
    return ids


@event.listens_for(Session, "after_flush")
def _follow_flush(session: Session, _context: UOWTransaction) -> None:
    """Keep the index in step with ORM writes, inside the same transaction."""
    ids = _touched_services(session)
    if ids:
        refresh_service_search(session.connection(), service_ids=ids)
