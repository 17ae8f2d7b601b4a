"""Directory records in and out of the database: the one place that writes services in bulk.

:func:`store_records` upserts by id (HSDS ``id`` or the id derived from a CSV row's natural key), so
importing the same file twice changes nothing, and a changed row updates its service in place. It
never deletes: a service missing from a file stays (staff retire services in the staff app).
Unchanged services keep their ``version``, so a re-import does not disturb someone editing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.content.opening_hours import Period
from bot.content.service_records import ServiceRecord
from bot.db.models import (
    Location,
    OpeningHours,
    Organisation,
    Service,
    ServiceLanguage,
    ServiceTopic,
)


@dataclass(frozen=True)
class StoreResult:
    added: int
    updated: int
    unchanged: int

    def __str__(self) -> str:
        return f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged"


def _assign(target: Any, **values: Any) -> bool:
    """Set only what differs, so untouched rows are not written (and keep their version)."""
    changed = False
    for name, value in values.items():
        if getattr(target, name) != value:
            setattr(target, name, value)
            changed = True
    return changed


def stored_periods(service: Service) -> list[Period]:
    """A service's opening-hours rows as periods, in stored order (date-limited ones included)."""
    return [Period(h.weekday, h.opens, h.closes, h.valid_from, h.valid_to) for h in service.opening_hours]


def _sync_children(service: Service, record: ServiceRecord) -> bool:
    changed = False
    wanted_topics = set(record.topics)
    if {t.topic for t in service.topics} != wanted_topics:
        service.topics[:] = [t for t in service.topics if t.topic in wanted_topics] + [
            ServiceTopic(topic=t) for t in sorted(wanted_topics - {t.topic for t in service.topics})
        ]
        changed = True
    wanted_languages = set(record.languages)
    if {lang.language for lang in service.languages} != wanted_languages:
        service.languages[:] = [lang for lang in service.languages if lang.language in wanted_languages] + [
            ServiceLanguage(language=code)
            for code in sorted(wanted_languages - {lang.language for lang in service.languages})
        ]
        changed = True
    if set(stored_periods(service)) != set(record.opening_hours):
        service.opening_hours[:] = [
            OpeningHours(
                weekday=p.weekday,
                opens=p.opens,
                closes=p.closes,
                valid_from=p.valid_from,
                valid_to=p.valid_to,
            )
            for p in sorted(set(record.opening_hours))
        ]
        changed = True
    return changed


def store_records(
    session: Session, records: Iterable[ServiceRecord], *, update_existing: bool = True
) -> StoreResult:
    """Add or update the services of ``records`` (already checked) in the caller's transaction.

    With ``update_existing=False`` services that already exist are left exactly as they are (the
    seed uses this, so staff edits to demo entries survive ``make run``).
    """
    records = list(records)
    ids = [record.uids() for record in records]
    organisations = {
        o.uid: o
        for o in session.scalars(select(Organisation).where(Organisation.uid.in_({i[0] for i in ids})))
    }
    locations = {
        loc.uid: loc
        for loc in session.scalars(select(Location).where(Location.uid.in_({i[2] for i in ids if i[2]})))
    }
    services = {
        s.uid: s
        for s in session.scalars(
            select(Service)
            .where(Service.uid.in_({i[1] for i in ids}))
            .options(
                selectinload(Service.topics),
                selectinload(Service.languages),
                selectinload(Service.opening_hours),
            )
        )
    }
    added = updated = unchanged = 0
    for record, (organisation_uid, service_uid, location_uid) in zip(records, ids, strict=True):
        service = services.get(service_uid)
        if service is not None and not update_existing:
            unchanged += 1
            continue
        organisation = organisations.get(organisation_uid)
        if organisation is None:
            organisation = Organisation(uid=organisation_uid, name=record.organisation)
            organisations[organisation_uid] = organisation
            session.add(organisation)
        _assign(organisation, name=record.organisation, provider=record.provider, demo=record.demo)
        extras = {
            "description": record.organisation_description,
            "email": record.organisation_email,
            "website": record.organisation_website,
        }
        _assign(organisation, **{name: value for name, value in extras.items() if value})
        location = None
        if location_uid is not None:
            location = locations.get(location_uid)
            if location is None:
                location = Location(uid=location_uid, organisation=organisation)
                locations[location_uid] = location
                session.add(location)
            _assign(
                location,
                organisation=organisation,
                name=record.location_name,
                address=record.address,
                postal_code=record.postal_code,
                city=record.city,
                ags=record.ags,
                latitude=record.latitude,
                longitude=record.longitude,
            )
        is_new = service is None
        if service is None:
            service = Service(uid=service_uid, organisation=organisation, name=record.service)
            services[service_uid] = service
            session.add(service)
        fields_changed = _assign(
            service,
            organisation=organisation,
            location=location,
            name=record.service,
            description=record.description,
            free=record.free,
            anonymous=record.anonymous,
            appointment=record.appointment,
            accessible=record.accessible,
            phone=record.phone,
            email=record.email,
            website=record.website,
            online_counselling=record.online_counselling,
            last_verified=record.last_verified,
            demo=record.demo,
        )
        children_changed = _sync_children(service, record)
        if is_new:
            added += 1
        elif fields_changed or children_changed:
            updated += 1
        else:
            unchanged += 1
    session.flush()
    return StoreResult(added=added, updated=updated, unchanged=unchanged)


def load_records(session: Session, *, demo: bool | None = None) -> list[ServiceRecord]:
    """Every service as a record with its ids (for export), in a stable order."""
    query = (
        select(Service)
        .join(Organisation, Organisation.id == Service.organisation_id)
        .options(
            selectinload(Service.organisation),
            selectinload(Service.location),
            selectinload(Service.topics),
            selectinload(Service.languages),
            selectinload(Service.opening_hours),
        )
        .order_by(Organisation.name, Service.name, Service.uid)
    )
    if demo is not None:
        query = query.where(Service.demo.is_(demo))
    records = []
    for service in session.scalars(query):
        organisation, location = service.organisation, service.location
        records.append(
            ServiceRecord(
                organisation=organisation.name,
                provider=organisation.provider,
                service=service.name,
                description=service.description,
                topics=tuple(sorted(service.topic_names)),
                languages=tuple(sorted(service.language_codes)),
                free=service.free,
                anonymous=service.anonymous,
                appointment=service.appointment,
                accessible=service.accessible,
                phone=service.phone,
                email=service.email,
                website=service.website,
                online_counselling=service.online_counselling,
                address=location.address if location else "",
                postal_code=location.postal_code if location else "",
                city=location.city if location else "",
                ags=location.ags if location else None,
                latitude=location.latitude if location else None,
                longitude=location.longitude if location else None,
                opening_hours=tuple(sorted(set(stored_periods(service)))),
                last_verified=service.last_verified,
                demo=service.demo,
                service_uid=service.uid,
                organisation_uid=organisation.uid,
                location_uid=location.uid if location else None,
                organisation_description=organisation.description,
                organisation_email=organisation.email,
                organisation_website=organisation.website,
                location_name=location.name if location else "",
            )
        )
    return records
