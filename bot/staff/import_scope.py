"""Which rows of a directory file an account may write: the rows as written and the records they hit.

A row names an organisation, a service and a location by id (HSDS ``id``, or ids derived from a CSV
row's names). Storing it updates whatever already has those ids, so checking only what the row says
would let an editor reuse another organisation's service id and move that service into their own
organisation, move a shared location with every service on it, or rename another organisation. Every
existing record an id points to must be inside the account's scope too. The staff app runs this in
the preview and again in the transaction that writes.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.content.service_records import Problem, ServiceRecord
from bot.db.models import Location, Organisation, Service
from bot.staff import permissions
from bot.staff.i18n import L_

OUTSIDE = L_("Outside your organisation and region.")
FOREIGN_SERVICE = L_("This id belongs to a service outside your organisation and region.")
FOREIGN_LOCATION = L_(
    "This id belongs to a location outside your organisation and region (or one with services of others)."
)
FOREIGN_ORGANISATION = L_(
    "This would change an organisation that is not yours (name, provider or contacts); "
    "ask its editors or an admin."
)


def _changes_organisation(organisation: Organisation, record: ServiceRecord) -> bool:
    """Whether storing ``record`` would change ``organisation`` (as ``service_store`` assigns)."""
    if (organisation.name, organisation.provider, organisation.demo) != (
        record.organisation,
        record.provider,
        record.demo,
    ):
        return True
    extras = {
        "description": record.organisation_description,
        "email": record.organisation_email,
        "website": record.organisation_website,
    }
    return any(value and getattr(organisation, name) != value for name, value in extras.items())


def import_scope_problems(
    session: Session, user: permissions.Staff, records: Sequence[ServiceRecord]
) -> list[Problem]:
    """One problem per row and kind of record that ``user`` may not write (admins: none)."""
    ids = [record.uids() for record in records]
    organisations = {
        o.uid: o
        for o in session.scalars(select(Organisation).where(Organisation.uid.in_({i[0] for i in ids})))
    }
    services = {
        s.uid: s
        for s in session.scalars(
            select(Service)
            .where(Service.uid.in_({i[1] for i in ids}))
            .options(selectinload(Service.location))
        )
    }
    locations = {
        loc.uid: loc
        for loc in session.scalars(
            select(Location)
            .where(Location.uid.in_({i[2] for i in ids if i[2]}))
            .options(selectinload(Location.services))
        )
    }

    def may_edit(organisation_id: int | None, region: str | None) -> bool:
        return permissions.can_edit_service(user, organisation_id=organisation_id, region=region)

    problems: list[Problem] = []
    for record, (organisation_uid, service_uid, location_uid) in zip(records, ids, strict=True):
        organisation = organisations.get(organisation_uid)
        if not may_edit(organisation.id if organisation else None, record.ags):
            problems.append(Problem(record.row, "organisation", OUTSIDE))
        service = services.get(service_uid)
        if service is not None and not may_edit(
            service.organisation_id, service.location.ags if service.location else None
        ):
            problems.append(Problem(record.row, "service", FOREIGN_SERVICE))
        location = locations.get(location_uid) if location_uid else None
        if location is not None and not (
            may_edit(location.organisation_id, location.ags)
            and all(may_edit(other.organisation_id, location.ags) for other in location.services)
        ):
            problems.append(Problem(record.row, "address", FOREIGN_LOCATION))
        if (
            organisation is not None
            and _changes_organisation(organisation, record)
            and not permissions.can_edit_organisation(user, organisation_id=organisation.id)
        ):
            problems.append(Problem(record.row, "organisation", FOREIGN_ORGANISATION))
    return problems
