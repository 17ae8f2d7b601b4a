"""One service as it travels in and out of files: a flat, format-neutral record and its checks.

CSV and HSDS files both become :class:`ServiceRecord` lists; both are checked by the same rules
(:func:`check_records`) and stored by the same code (``service_store``). A problem is reported as
(row, field, reason) so staff can fix the file in a spreadsheet; the staff web app shows the same list.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from typing import Final

from babel import Locale
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.content.csv_cells import looks_like_formula
from bot.content.distance import haversine_km
from bot.content.opening_hours import Period
from bot.content.places import resolve_place
from bot.db.models import PostalCode, Provider
from bot.staff.i18n import L_
from bot.topics import TOPICS

UID_NAMESPACE: Final = uuid.UUID("5f0c3c4e-9a56-4f7e-8a59-3e2b7f1d6a10")
"""Ids of records without their own (CSV rows) derive from their natural key in this namespace, so
re-importing the same file updates instead of duplicating."""
EXTRA_LANGUAGES: Final = {"prs": "Dari", "kmr": "Kurmanji"}
GERMANY_BOUNDS: Final = (46.5, 55.5, 5.0, 16.0)
_EMAIL: Final = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL: Final = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
_PHONE: Final = re.compile(r"^\+?[0-9][0-9 ()/\-.;+]{2,98}$")
_POSTAL_CODE: Final = re.compile(r"^\d{5}$")
_AGS: Final = re.compile(r"^\d{5}(\d{3})?$")
MAX_REASON_SHOWN: Final = 1000
MAX_FIELD_SHOWN: Final = 100
FAR_FROM_POSTAL_CODE_KM: Final = 30.0
"""Coordinates further than this from their postal code's centre are most likely wrong (German postal
code areas are a few kilometres across; the largest rural ones about 20 km)."""


@dataclass(frozen=True)
class Problem:
    """What is wrong where: ``row`` as a spreadsheet numbers it (CSV header = row 1), or the
    1-based position in the HSDS table that ``field`` names (``services.name``)."""

    row: int
    field: str
    reason: str

    def __post_init__(self) -> None:
        # Reasons quote the bad value; a huge value is not sent back whole (a page or a terminal each).
        for name, limit in (("field", MAX_FIELD_SHOWN), ("reason", MAX_REASON_SHOWN)):
            text: str = getattr(self, name)
            if len(text) > limit:
                object.__setattr__(self, name, text[: limit - 1] + "…")

    def __str__(self) -> str:
        return f"row {self.row}, {self.field}: {self.reason}"


@dataclass(frozen=True)
class ServiceRecord:
    """A service with its organisation and location, as one flat row (the CSV columns and more)."""

    organisation: str
    provider: Provider
    service: str
    description: str = ""
    topics: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    free: bool | None = None
    anonymous: bool | None = None
    appointment: bool | None = None
    accessible: bool | None = None
    phone: str = ""
    email: str = ""
    website: str = ""
    online_counselling: str = ""
    address: str = ""
    postal_code: str = ""
    city: str = ""
    ags: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    opening_hours: tuple[Period, ...] = ()
    last_verified: date | None = None
    demo: bool = False
    service_uid: str | None = None
    """HSDS id; ``None`` = derived from organisation, service name and address (:meth:`uids`)."""
    organisation_uid: str | None = None
    location_uid: str | None = None
    organisation_description: str = ""
    organisation_email: str = ""
    organisation_website: str = ""
    location_name: str = ""
    row: int = field(default=0, compare=False)
    """Where it came from in its file (for problems); not part of the data."""

    @property
    def has_location(self) -> bool:
        return bool(self.address or self.postal_code or self.latitude is not None)

    def uids(self) -> tuple[str, str, str | None]:
        """(organisation, service, location) ids: given ones, else derived from natural keys."""
        org_key = _key(self.organisation)
        place_key = f"{_key(self.address)}|{self.postal_code}"
        organisation = self.organisation_uid or _derived("organisation", org_key)
        location = None
        if self.has_location:
            location = self.location_uid or _derived("location", f"{org_key}|{place_key}")
        service = self.service_uid or _derived("service", f"{org_key}|{_key(self.service)}|{place_key}")
        return organisation, service, location


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def _derived(kind: str, key: str) -> str:
    return str(uuid.uuid5(UID_NAMESPACE, f"{kind}|{key}"))


@cache
def language_names() -> dict[str, str]:
    """Language codes a service may list (ISO 639, as Babel knows them) with English names."""
    return {**dict(Locale("en").languages), **EXTRA_LANGUAGES}


def _check_one(record: ServiceRecord, where: int, name: str) -> list[Problem]:
    problems: list[Problem] = []

    def problem(column: str, reason: str) -> None:
        problems.append(Problem(where, name.format(column), reason))

    if not record.organisation.strip():
        problem("organisation", "required")
    if not record.service.strip():
        problem("service", "required")
    for column, value, limit in (
        ("organisation", record.organisation, 300),
        ("service", record.service, 300),
        ("address", record.address, 300),
        ("city", record.city, 200),
        ("location_name", record.location_name, 300),
        ("email", record.email, 254),
        ("organisation_email", record.organisation_email, 254),
        ("website", record.website, 500),
        ("online_counselling", record.online_counselling, 500),
        ("organisation_website", record.organisation_website, 500),
        ("id", record.service_uid or "", 36),
        ("organisation_id", record.organisation_uid or "", 36),
        ("location_id", record.location_uid or "", 36),
    ):
        if len(value) > limit:
            problem(column, f"longer than {limit} characters")
    if not record.topics:
        problem("topics", "at least one topic is required, e.g. counselling_migration")
    for topic in record.topics:
        if topic not in TOPICS:
            problem("topics", f"unknown topic {topic!r}; known topics: {', '.join(TOPICS)}")
    for language in record.languages:
        if language not in language_names():
            problem("languages", f"unknown language code {language!r}; use ISO codes like de, ar, fa")
    for column, address in (("email", record.email), ("organisation_email", record.organisation_email)):
        if address and not _EMAIL.match(address):
            problem(column, f"{address!r} is not an e-mail address")
    for column, url in (
        ("website", record.website),
        ("online_counselling", record.online_counselling),
        ("organisation_website", record.organisation_website),
    ):
        if url and not _URL.match(url):
            problem(column, f"{url!r} is not a web address starting with https://")
    if record.phone and not _PHONE.match(record.phone):
        problem("phone", f"{record.phone!r} is not a phone number (digits, spaces, + ( ) / -)")
    if record.postal_code and not _POSTAL_CODE.match(record.postal_code):
        problem("postal_code", f"{record.postal_code!r} is not a German postal code (5 digits)")
    if record.ags and not _AGS.match(record.ags):
        problem("ags", f"{record.ags!r} is not a municipality key (5 or 8 digits)")
    if (record.latitude is None) != (record.longitude is None):
        problem("latitude", "give both latitude and longitude, or neither")
    elif record.latitude is not None and record.longitude is not None:
        south, north, west, east = GERMANY_BOUNDS
        if not (south <= record.latitude <= north and west <= record.longitude <= east):
            problem("latitude", f"({record.latitude}, {record.longitude}) is not in Germany")
    if record.last_verified and record.last_verified > date.today():
        problem("last_verified", "lies in the future")
    return problems


def check_records(records: Iterable[ServiceRecord], *, field_format: str = "{}") -> list[Problem]:
    """Every problem of every record, plus duplicates and contradictions between records.

    ``field_format`` turns a column name into the field shown (``"services.{}"`` for HSDS).
    """
    problems: list[Problem] = []
    seen_services: dict[str, int] = {}
    providers: dict[str, tuple[Provider, int]] = {}
    places: dict[str, tuple[tuple[str, str], int]] = {}
    for record in records:
        problems.extend(_check_one(record, record.row, field_format))
        organisation_uid, service_uid, location_uid = record.uids()
        if service_uid in seen_services:
            problems.append(
                Problem(
                    record.row,
                    field_format.format("service"),
                    f"the same service as row {seen_services[service_uid]}",
                )
            )
        seen_services.setdefault(service_uid, record.row)
        provider, first = providers.setdefault(organisation_uid, (record.provider, record.row))
        if provider != record.provider:
            problems.append(
                Problem(
                    record.row,
                    field_format.format("provider"),
                    f"{record.organisation!r} has provider {provider} in row {first}",
                )
            )
        if location_uid is not None:
            place = (record.address, record.postal_code)
            known, first = places.setdefault(location_uid, (place, record.row))
            if known != place:
                problems.append(
                    Problem(
                        record.row,
                        field_format.format("address"),
                        f"the same location as row {first} has another address",
                    )
                )
    return problems


TEXT_COLUMNS: Final = (
    "organisation",
    "service",
    "description",
    "phone",
    "email",
    "address",
    "city",
    "location_name",
    "organisation_description",
    "organisation_email",
)
FORMULA_NOTE: Final = L_(
    "Starts with =, +, -, @ or a tab: a spreadsheet could run it as a formula. Check that it is meant; "
    "exports write such cells with an apostrophe in front."
)


def formula_notes(records: Iterable[ServiceRecord], *, field_format: str = "{}") -> list[Problem]:
    """A warning for each text that a spreadsheet would take for a formula (not a refusal: a
    description may well start with a dash). Phone numbers like +49 … are what they look like."""
    notes = []
    for record in records:
        for column in TEXT_COLUMNS:
            value: str = getattr(record, column)
            if column == "phone" and _PHONE.match(value):
                continue
            if looks_like_formula(value):
                notes.append(Problem(record.row, field_format.format(column), FORMULA_NOTE))
    return notes


def complete_from_gazetteer(
    session: Session,
    records: list[ServiceRecord],
    *,
    field_format: str = "{}",
    warnings: list[Problem] | None = None,
) -> tuple[list[ServiceRecord], list[Problem]]:
    """Fill in missing coordinates, town and AGS from the postal code; report what cannot be placed.

    A service with an address needs coordinates to be found "near" anyone: either given, or the
    centroid of its postal code (GeoNames). Given coordinates more than
    :data:`FAR_FROM_POSTAL_CODE_KM` from that centroid go to ``warnings`` (a Köln address at
    Leipzig's coordinates would be offered to people in Leipzig).
    """
    completed: list[ServiceRecord] = []
    problems: list[Problem] = []
    gazetteer_empty: bool | None = None
    for record in records:
        if not record.has_location or not record.postal_code or not _POSTAL_CODE.match(record.postal_code):
            if record.has_location and record.latitude is None:
                problems.append(
                    Problem(
                        record.row,
                        field_format.format("postal_code"),
                        "needed to place the address (or give latitude/longitude)",
                    )
                )
            completed.append(record)
            continue
        found = resolve_place(session, text=record.postal_code).place
        if found is None:
            if record.latitude is None:
                if gazetteer_empty is None:
                    gazetteer_empty = session.scalar(select(PostalCode.id).limit(1)) is None
                hint = (
                    " (the postal code list is empty: run `wegweiser geo import`)" if gazetteer_empty else ""
                )
                problems.append(
                    Problem(
                        record.row,
                        field_format.format("postal_code"),
                        f"unknown postal code {record.postal_code}; give latitude/longitude{hint}",
                    )
                )
            completed.append(record)
            continue
        if record.latitude is not None and record.longitude is not None and warnings is not None:
            km = haversine_km(record.latitude, record.longitude, found.latitude, found.longitude)
            if km > FAR_FROM_POSTAL_CODE_KM:
                warnings.append(
                    Problem(
                        record.row,
                        field_format.format("latitude"),
                        f"({record.latitude}, {record.longitude}) is {km:.0f} km from postal code "
                        f"{record.postal_code} ({found.name}); check the coordinates and the postal code, "
                        "or leave the coordinates empty to use the postal code's centre",
                    )
                )
        completed.append(
            replace(
                record,
                latitude=record.latitude if record.latitude is not None else found.latitude,
                longitude=record.longitude if record.longitude is not None else found.longitude,
                city=record.city or found.name,
                ags=record.ags or found.ags,
            )
        )
    return completed, problems
