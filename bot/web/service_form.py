"""The service edit form: from a stored service to form fields and back to a checked record.

A saved form becomes a :class:`~bot.content.service_records.ServiceRecord`, so the staff app and the
file import check services by the same rules and store them through the same code
(:func:`~bot.content.service_store.store_records`), postal code → coordinates included.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from bot.content.opening_hours import (
    OpeningHoursError,
    format_opening_hours,
    parse_opening_hours,
)
from bot.content.service_records import Problem, ServiceRecord, check_records
from bot.content.service_store import stored_periods
from bot.db.models import Organisation, Service
from bot.languages import language_codes
from bot.staff.i18n import L_

YES_NO = {"yes": True, "no": False, "": None}
FIELD_TITLES = {
    "organisation_id": L_("Organisation"),
    "name": L_("Name of the service"),
    "description": L_("Description"),
    "topics": L_("Topics"),
    "languages": L_("Languages spoken (without interpreter)"),
    "other_languages": L_("Other languages (codes, separated by commas)"),
    "free": L_("Free of charge"),
    "anonymous": L_("Anonymous (no name needed)"),
    "appointment": L_("Appointment needed"),
    "accessible": L_("Step-free access"),
    "phone": L_("Phone"),
    "email": L_("E-mail"),
    "website": L_("Website"),
    "online_counselling": L_("Online counselling (link)"),
    "address": L_("Street and number"),
    "postal_code": L_("Postal code"),
    "city": L_("Town"),
    "latitude": L_("Latitude"),
    "longitude": L_("Longitude"),
    "opening_hours": L_("Opening hours"),
    "last_verified": L_("Details last checked with the service on"),
    "ags": L_("Region key"),
    "service": L_("Name of the service"),
    "organisation": L_("Organisation"),
    "provider": L_("Provider"),
    "file": L_("File"),
    "organisation_email": L_("E-mail of the organisation"),
    "organisation_website": L_("Website of the organisation"),
}
"""Form fields and file columns by name, for conflict tables and import problems."""
FLAGS = ("free", "anonymous", "appointment", "accessible")


def _flag(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def _coordinate(value: float | None) -> str:
    return "" if value is None else f"{value:.6f}".rstrip("0").rstrip(".")


@dataclass
class ServiceForm:
    """Every field as the person typed it (strings), so a refused save shows exactly that again."""

    organisation_id: str = ""
    name: str = ""
    description: str = ""
    topics: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    other_languages: str = ""
    free: str = ""
    anonymous: str = ""
    appointment: str = ""
    accessible: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    online_counselling: str = ""
    address: str = ""
    postal_code: str = ""
    city: str = ""
    latitude: str = ""
    longitude: str = ""
    opening_hours: str = ""
    last_verified: str = ""
    version: str = "0"

    @classmethod
    def of(cls, service: Service) -> ServiceForm:
        location = service.location
        spoken = service.language_codes
        return cls(
            organisation_id=str(service.organisation_id),
            name=service.name,
            description=service.description,
            topics=service.topic_names,
            languages=[code for code in spoken if code in language_codes()],
            other_languages=", ".join(code for code in spoken if code not in language_codes()),
            free=_flag(service.free),
            anonymous=_flag(service.anonymous),
            appointment=_flag(service.appointment),
            accessible=_flag(service.accessible),
            phone=service.phone,
            email=service.email,
            website=service.website,
            online_counselling=service.online_counselling,
            address=location.address if location else "",
            postal_code=location.postal_code if location else "",
            city=location.city if location else "",
            latitude=_coordinate(location.latitude if location else None),
            longitude=_coordinate(location.longitude if location else None),
            opening_hours="\n".join(
                format_opening_hours(
                    p for p in stored_periods(service) if p.valid_from is None and p.valid_to is None
                ).split("|")
            ),
            last_verified=service.last_verified.isoformat() if service.last_verified else "",
            version=str(service.version),
        )

    @classmethod
    def parse(cls, data: dict[str, Any]) -> ServiceForm:
        """From submitted form data (``data[name]`` is a string, or a list for checkboxes)."""
        values: dict[str, Any] = {}
        for item in fields(cls):
            raw = data.get(item.name)
            if item.name in ("topics", "languages"):
                values[item.name] = [str(v) for v in (raw or [])]
            else:
                values[item.name] = str(raw or "").strip()
        return cls(**values)


def _number(value: str, name: str, problems: list[Problem]) -> float | None:
    if not value:
        return None
    try:
        return float(value.replace(",", "."))
    except ValueError:
        problems.append(Problem(0, name, f"{value!r} is not a number like 50.9375"))
        return None


def form_to_record(
    form: ServiceForm,
    *,
    organisation: Organisation,
    existing: Service | None,
) -> tuple[ServiceRecord, list[Problem]]:
    """The record to store and the problems found in the form (field = form field name).

    When the postal code changed but the coordinates were left as they were, the coordinates are
    dropped so that the gazetteer fills in the new place.
    """
    problems: list[Problem] = []
    hours = []
    try:
        hours = parse_opening_hours("|".join(line for line in form.opening_hours.splitlines()))
    except OpeningHoursError as exc:
        problems.append(Problem(0, "opening_hours", str(exc)))
    verified: date | None = None
    if form.last_verified:
        try:
            verified = date.fromisoformat(form.last_verified)
        except ValueError:
            problems.append(Problem(0, "last_verified", "write a date like 2026-11-25"))
    latitude = _number(form.latitude, "latitude", problems)
    longitude = _number(form.longitude, "longitude", problems)
    location = existing.location if existing else None
    # Hours limited to dates (holidays, from HSDS files) have no place in the text field: keep them.
    dated = tuple(p for p in (stored_periods(existing) if existing else []) if p.valid_from or p.valid_to)
    if (
        location is not None
        and form.postal_code != location.postal_code
        and latitude == location.latitude
        and longitude == location.longitude
    ):
        latitude = longitude = None
    other = [code.strip().casefold() for code in re.split(r"[,\s]+", form.other_languages) if code.strip()]
    record = ServiceRecord(
        organisation=organisation.name,
        provider=organisation.provider,
        service=form.name,
        description=form.description,
        topics=tuple(dict.fromkeys(form.topics)),
        languages=tuple(dict.fromkeys([*form.languages, *other])),
        free=YES_NO.get(form.free),
        anonymous=YES_NO.get(form.anonymous),
        appointment=YES_NO.get(form.appointment),
        accessible=YES_NO.get(form.accessible),
        phone=form.phone,
        email=form.email,
        website=form.website,
        online_counselling=form.online_counselling,
        address=form.address,
        postal_code=form.postal_code,
        city=form.city,
        ags=None if location is None or form.postal_code != location.postal_code else location.ags,
        latitude=latitude,
        longitude=longitude,
        opening_hours=tuple(hours) + dated,
        last_verified=verified,
        demo=existing.demo if existing else organisation.demo,
        service_uid=existing.uid if existing else None,
        organisation_uid=organisation.uid,
        location_uid=location.uid if location else None,
        organisation_description=organisation.description,
        organisation_email=organisation.email,
        organisation_website=organisation.website,
        location_name=location.name if location else "",
    )
    problems.extend(check_records([record]))
    return record, problems


def field_errors(problems: list[Problem]) -> dict[str, list[str]]:
    """Problems by form field ("service" is the form's ``name``, "ags" belongs to the postal code)."""
    aliases = {"service": "name", "ags": "postal_code", "organisation": "organisation_id"}
    errors: dict[str, list[str]] = {}
    for problem in problems:
        name = aliases.get(problem.field, problem.field)
        errors.setdefault(name, []).append(problem.reason)
    return errors
