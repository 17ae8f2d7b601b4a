"""HSDS 3.0 (Open Referral) JSON: the directory in the exchange format other directories speak.

Written as HSDS tables in one JSON object: ``organizations``, ``services``, ``locations``,
``addresses``, ``service_at_locations``, ``phones``, ``schedules`` and ``languages``, linked by ids.
Read from that form or from nested objects (an HSDS API ``service`` with its ``organization``,
``service_at_locations[].location``, ``phones``, ``schedules``, ``languages``; a list of them works).

Where HSDS has no field, extension fields carry Wegweiser's data: ``x_wegweiser_topics`` (the topics,
required on import), ``x_wegweiser_free``/``_anonymous``/``_appointment_required``/``_accessible``
(yes/no facts, ``null`` = unknown), ``x_wegweiser_online_counselling``, ``x_wegweiser_demo`` and the
organisation's ``x_wegweiser_provider``. The municipality key is the location's
``external_identifier`` with ``external_identifier_type: "AGS"``; ``assured_date`` is the date the
entry was last verified. Schedules are weekly (``freq: WEEKLY``, ``byday``, ``opens_at``/``closes_at``
in German local time).

A service at several locations becomes one service per location (the first keeps its id).
Services whose ``status`` is ``inactive`` or ``defunct`` are left out, with a note.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any, Final

from bot.content.geo_import import GEONAMES_ATTRIBUTION
from bot.content.opening_hours import WEEKDAYS_ICAL, OpeningHoursError, Period, parse_time, span
from bot.content.service_records import UID_NAMESPACE, Problem, ServiceRecord, language_names
from bot.db.models import Provider

TABLES: Final = (
    "organizations",
    "services",
    "locations",
    "addresses",
    "service_at_locations",
    "phones",
    "schedules",
    "languages",
)
STATES: Final = {
    "01": "Schleswig-Holstein",
    "02": "Hamburg",
    "03": "Niedersachsen",
    "04": "Bremen",
    "05": "Nordrhein-Westfalen",
    "06": "Hessen",
    "07": "Rheinland-Pfalz",
    "08": "Baden-Württemberg",
    "09": "Bayern",
    "10": "Saarland",
    "11": "Berlin",
    "12": "Brandenburg",
    "13": "Mecklenburg-Vorpommern",
    "14": "Sachsen",
    "15": "Sachsen-Anhalt",
    "16": "Thüringen",
}
"""Land by the first two digits of the AGS (HSDS addresses require ``state_province``)."""
INACTIVE: Final = frozenset({"inactive", "defunct"})
PHONE_SEPARATOR: Final = "; "


def _child_id(parent: str, kind: str, index: int = 0) -> str:
    """Stable ids for parts Wegweiser stores inside its parent (phones, schedules, …)."""
    return str(uuid.uuid5(UID_NAMESPACE, f"{parent}|{kind}|{index}"))


# ---------------------------------------------------------------- writing


def _schedules(service_uid: str, periods: tuple[Period, ...]) -> list[dict[str, Any]]:
    groups: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for period in sorted(periods):
        key = (period.opens, period.closes, period.valid_from, period.valid_to)
        groups[key].append(period.weekday)
    rows = []
    for index, ((opens, closes, valid_from, valid_to), days) in enumerate(
        sorted(groups.items(), key=lambda item: (min(item[1]), item[0][0]))
    ):
        row: dict[str, Any] = {
            "id": _child_id(service_uid, "schedule", index),
            "service_id": service_uid,
            "freq": "WEEKLY",
            "wkst": "MO",
            "byday": ",".join(WEEKDAYS_ICAL[d] for d in sorted(set(days))),
            "opens_at": f"{opens:%H:%M}",
            "closes_at": f"{closes:%H:%M}",
        }
        if valid_from:
            row["valid_from"] = valid_from.isoformat()
        if valid_to:
            row["valid_to"] = valid_to.isoformat()
        rows.append(row)
    return rows


def build_hsds(records: list[ServiceRecord]) -> dict[str, Any]:
    """The records as HSDS 3.0 tables (a JSON-ready dict, stable order and ids)."""
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    seen_organisations: set[str] = set()
    seen_locations: set[str] = set()
    for record in records:
        organisation_uid, service_uid, location_uid = record.uids()
        if organisation_uid not in seen_organisations:
            seen_organisations.add(organisation_uid)
            tables["organizations"].append(
                {
                    "id": organisation_uid,
                    "name": record.organisation,
                    "description": record.organisation_description,
                    "email": record.organisation_email,
                    "website": record.organisation_website,
                    "x_wegweiser_provider": record.provider.value,
                    "x_wegweiser_demo": record.demo,
                }
            )
        tables["services"].append(
            {
                "id": service_uid,
                "organization_id": organisation_uid,
                "name": record.service,
                "description": record.description,
                "url": record.website,
                "email": record.email,
                "status": "active",
                "assured_date": record.last_verified.isoformat() if record.last_verified else None,
                "x_wegweiser_topics": list(record.topics),
                "x_wegweiser_free": record.free,
                "x_wegweiser_anonymous": record.anonymous,
                "x_wegweiser_appointment_required": record.appointment,
                "x_wegweiser_accessible": record.accessible,
                "x_wegweiser_online_counselling": record.online_counselling,
                "x_wegweiser_demo": record.demo,
            }
        )
        if location_uid is not None:
            if location_uid not in seen_locations:
                seen_locations.add(location_uid)
                location: dict[str, Any] = {
                    "id": location_uid,
                    "location_type": "physical",
                    "organization_id": organisation_uid,
                    "name": record.location_name,
                    "latitude": record.latitude,
                    "longitude": record.longitude,
                }
                if record.ags:
                    location["external_identifier"] = record.ags
                    location["external_identifier_type"] = "AGS"
                tables["locations"].append(location)
                tables["addresses"].append(
                    {
                        "id": _child_id(location_uid, "address"),
                        "location_id": location_uid,
                        "address_1": record.address,
                        "city": record.city,
                        "state_province": STATES.get((record.ags or "")[:2], ""),
                        "postal_code": record.postal_code,
                        "country": "DE",
                        "address_type": "physical",
                    }
                )
            tables["service_at_locations"].append(
                {
                    "id": _child_id(service_uid, f"at|{location_uid}"),
                    "service_id": service_uid,
                    "location_id": location_uid,
                }
            )
        numbers = [n.strip() for n in record.phone.split(PHONE_SEPARATOR.strip()) if n.strip()]
        tables["phones"].extend(
            {"id": _child_id(service_uid, "phone", i), "service_id": service_uid, "number": number}
            for i, number in enumerate(numbers)
        )
        tables["schedules"].extend(_schedules(service_uid, record.opening_hours))
        tables["languages"].extend(
            {
                "id": _child_id(service_uid, f"language|{code}"),
                "service_id": service_uid,
                "code": code,
                "name": language_names().get(code, code),
            }
            for code in record.languages
        )
    return {"x_wegweiser_attribution": GEONAMES_ATTRIBUTION, **tables}


# ---------------------------------------------------------------- reading


class _Reader:
    """Collects problems while the tables are read, named as ``table.field`` at a 1-based row."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.notes: list[Problem] = []

    def problem(self, table: str, row: int, field: str, reason: str) -> None:
        self.problems.append(Problem(row, f"{table}.{field}", reason))

    def text(self, table: str, row: int, item: dict[str, Any], field: str, *, required: bool = False) -> str:
        value = item.get(field)
        if value is None or value == "":
            if required:
                self.problem(table, row, field, "required")
            return ""
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.problem(table, row, field, "must be text")
            return ""
        return str(value).strip()

    def flag(self, table: str, row: int, item: dict[str, Any], field: str) -> bool | None:
        value = item.get(field)
        if value is None or isinstance(value, bool):
            return value
        self.problem(table, row, field, "must be true, false or null")
        return None

    def number(self, table: str, row: int, item: dict[str, Any], field: str) -> float | None:
        value = item.get(field)
        if value is None or value == "":
            return None
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            self.problem(table, row, field, "must be a number")
            return None
        try:
            return float(value)
        except ValueError:
            self.problem(table, row, field, f"{value!r} is not a number")
            return None

    def day(self, table: str, row: int, item: dict[str, Any], field: str) -> date | None:
        value = self.text(table, row, item, field)
        if not value:
            return None
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            self.problem(table, row, field, f"{value!r} is not a date like 2026-11-25")
            return None


def _flatten(document: Any, reader: _Reader) -> dict[str, list[dict[str, Any]]]:
    """Tables from the tabular or nested form; nested children get their parent's id."""
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    if isinstance(document, list):
        document = {"services": document}
    if not isinstance(document, dict) or not any(name in document for name in TABLES):
        reader.problem("file", 1, "tables", f"expected a JSON object with {', '.join(TABLES)}")
        return tables
    for name in TABLES:
        value = document.get(name) or []
        if not isinstance(value, list):
            reader.problem(name, 1, "table", "must be a list of objects")
            continue
        for index, item in enumerate(value, start=1):
            if isinstance(item, dict):
                tables[name].append(dict(item))
            else:
                reader.problem(name, index, "row", "must be an object")

    def adopt(child_table: str, children: Any, **links: Any) -> list[dict[str, Any]]:
        adopted = []
        for child in children if isinstance(children, list) else []:
            if isinstance(child, dict):
                child = dict(child)
                for key, value in links.items():
                    child.setdefault(key, value)
                tables[child_table].append(child)
                adopted.append(child)
        return adopted

    for organisation in list(tables["organizations"]):
        adopt("services", organisation.pop("services", None), organization_id=organisation.get("id"))
        adopt("locations", organisation.pop("locations", None), organization_id=organisation.get("id"))
    for service in tables["services"]:
        nested = service.pop("organization", None)
        if isinstance(nested, dict):
            nested = {k: v for k, v in nested.items() if k not in ("services", "locations")}
            tables["organizations"].append(nested)
            service.setdefault("organization_id", nested.get("id"))
        for field in ("phones", "schedules", "languages"):
            adopt(field, service.pop(field, None), service_id=service.get("id"))
        for link in adopt(
            "service_at_locations", service.pop("service_at_locations", None), service_id=service.get("id")
        ):
            nested_location = link.pop("location", None)
            if isinstance(nested_location, dict):
                tables["locations"].append(dict(nested_location))
                link.setdefault("location_id", nested_location.get("id"))
    for location in tables["locations"]:
        for field, table in (
            ("addresses", "addresses"),
            ("phones", "phones"),
            ("schedules", "schedules"),
            ("languages", "languages"),
        ):
            adopt(table, location.pop(field, None), location_id=location.get("id"))
    for name in ("organizations", "locations"):  # nested forms repeat shared parents
        unique: dict[Any, dict[str, Any]] = {}
        for item in tables[name]:
            unique.setdefault(item.get("id"), item)
        tables[name] = list(unique.values())
    return tables


def _index(
    reader: _Reader, tables: dict[str, list[dict[str, Any]]], name: str
) -> dict[str, tuple[int, dict[str, Any]]]:
    found: dict[str, tuple[int, dict[str, Any]]] = {}
    for row, item in enumerate(tables[name], start=1):
        item_id = reader.text(name, row, item, "id", required=True)
        if item_id in found:
            reader.problem(name, row, "id", f"the same id as row {found[item_id][0]}")
        elif item_id:
            found[item_id] = (row, item)
    return found


def _by(
    tables: dict[str, list[dict[str, Any]]], name: str, key: str
) -> dict[str, list[tuple[int, dict[str, Any]]]]:
    grouped: dict[str, list[tuple[int, dict[str, Any]]]] = defaultdict(list)
    for row, item in enumerate(tables[name], start=1):
        if item.get(key) is not None:
            grouped[str(item[key])].append((row, item))
    return grouped


def _periods(reader: _Reader, rows: list[tuple[int, dict[str, Any]]]) -> tuple[Period, ...]:
    periods: set[Period] = set()
    for row, item in rows:
        freq = str(item.get("freq") or "WEEKLY").upper()
        if freq != "WEEKLY":
            reader.problem("schedules", row, "freq", "only WEEKLY schedules are supported")
            continue
        days = [d.strip().upper() for d in str(item.get("byday") or "").split(",") if d.strip()]
        if not days:
            reader.problem("schedules", row, "byday", "required, e.g. MO,TU,TH")
            continue
        if any(d not in WEEKDAYS_ICAL for d in days):
            reader.problem("schedules", row, "byday", f"{item.get('byday')!r}: use MO TU WE TH FR SA SU")
            continue
        try:
            opens, closes = span(
                parse_time(reader.text("schedules", row, item, "opens_at", required=True) or "x"),
                parse_time(reader.text("schedules", row, item, "closes_at", required=True) or "x"),
            )
        except OpeningHoursError as exc:
            reader.problem("schedules", row, "opens_at", str(exc))
            continue
        valid_from = reader.day("schedules", row, item, "valid_from")
        valid_to = reader.day("schedules", row, item, "valid_to")
        periods.update(Period(WEEKDAYS_ICAL.index(d), opens, closes, valid_from, valid_to) for d in days)
    return tuple(sorted(periods))


def _languages(reader: _Reader, rows: list[tuple[int, dict[str, Any]]]) -> tuple[str, ...]:
    by_name = {name.casefold(): code for code, name in language_names().items()}
    codes: list[str] = []
    for row, item in rows:
        code = reader.text("languages", row, item, "code").casefold()
        if not code:
            name = reader.text("languages", row, item, "name").casefold()
            code = by_name.get(name, "")
        if not code:
            reader.problem("languages", row, "code", "required (an ISO 639 code such as ar)")
        elif code not in codes:
            codes.append(code)
    return tuple(codes)


def parse_hsds(document: Any) -> tuple[list[ServiceRecord], list[Problem], list[Problem]]:
    """Records, problems (the file is rejected) and notes (imported, but differently)."""
    reader = _Reader()
    tables = _flatten(document, reader)
    organisations = _index(reader, tables, "organizations")
    locations = _index(reader, tables, "locations")
    services = _index(reader, tables, "services")
    _index(reader, tables, "service_at_locations")
    addresses = _by(tables, "addresses", "location_id")
    links = _by(tables, "service_at_locations", "service_id")
    phones = _by(tables, "phones", "service_id")
    service_schedules = _by(tables, "schedules", "service_id")
    location_schedules = _by(tables, "schedules", "location_id")
    service_languages = _by(tables, "languages", "service_id")
    for table, key, known in (
        ("service_at_locations", "location_id", locations),
        ("addresses", "location_id", locations),
        ("phones", "service_id", services),
        ("languages", "service_id", services),
    ):
        for row, item in enumerate(tables[table], start=1):
            if item.get(key) is not None and str(item[key]) not in known:
                reader.problem(table, row, key, f"no {key.removesuffix('_id')} with id {item[key]!r}")
    records: list[ServiceRecord] = []
    for service_id, (row, item) in services.items():
        status = reader.text("services", row, item, "status").casefold()
        if status in INACTIVE:
            reader.notes.append(Problem(row, "services.status", f"{status}: not imported"))
            continue
        organisation_id = reader.text("services", row, item, "organization_id", required=True)
        org_row, organisation = organisations.get(organisation_id) or (0, None)
        if organisation_id and organisation is None:
            reader.problem("services", row, "organization_id", f"no organization with id {organisation_id!r}")
            continue
        if organisation is None:
            continue
        provider_text = reader.text("organizations", org_row, organisation, "x_wegweiser_provider") or "other"
        if provider_text not in {p.value for p in Provider}:
            reader.problem(
                "organizations",
                org_row,
                "x_wegweiser_provider",
                f"unknown provider {provider_text!r}: one of {', '.join(p.value for p in Provider)}",
            )
            provider_text = "other"
        topics = item.get("x_wegweiser_topics")
        if not isinstance(topics, list) or not all(isinstance(t, str) for t in topics):
            reader.problem("services", row, "x_wegweiser_topics", "required: a list of topic names")
            topics = []
        schedules = service_schedules.get(service_id, [])
        numbers = [
            reader.text("phones", r, p, "number", required=True) for r, p in phones.get(service_id, [])
        ]
        base = ServiceRecord(
            organisation=reader.text("organizations", org_row, organisation, "name", required=True),
            provider=Provider(provider_text),
            service=reader.text("services", row, item, "name", required=True),
            description=reader.text("services", row, item, "description"),
            topics=tuple(dict.fromkeys(topics)),
            languages=_languages(reader, service_languages.get(service_id, [])),
            free=reader.flag("services", row, item, "x_wegweiser_free"),
            anonymous=reader.flag("services", row, item, "x_wegweiser_anonymous"),
            appointment=reader.flag("services", row, item, "x_wegweiser_appointment_required"),
            accessible=reader.flag("services", row, item, "x_wegweiser_accessible"),
            phone=PHONE_SEPARATOR.join(n for n in numbers if n),
            email=reader.text("services", row, item, "email"),
            website=reader.text("services", row, item, "url"),
            online_counselling=reader.text("services", row, item, "x_wegweiser_online_counselling"),
            last_verified=reader.day("services", row, item, "assured_date"),
            demo=bool(reader.flag("services", row, item, "x_wegweiser_demo")),
            service_uid=service_id,
            organisation_uid=organisation_id,
            organisation_description=reader.text("organizations", org_row, organisation, "description"),
            organisation_email=reader.text("organizations", org_row, organisation, "email"),
            organisation_website=reader.text("organizations", org_row, organisation, "website"),
            row=row,
        )
        located = [
            str(link.get("location_id"))
            for _, link in links.get(service_id, [])
            if str(link.get("location_id")) in locations
        ]
        if not located:
            records.append(_with_schedules(reader, base, schedules, []))
            continue
        if len(located) > 1:
            reader.notes.append(
                Problem(
                    row,
                    "services.service_at_locations",
                    f"offered at {len(located)} locations: one service each",
                )
            )
        for position, location_id in enumerate(dict.fromkeys(located)):
            records.append(
                _with_schedules(
                    reader,
                    _located(reader, base, location_id, locations[location_id], addresses, position),
                    schedules,
                    location_schedules.get(location_id, []),
                )
            )
    return records, reader.problems, reader.notes


def _with_schedules(
    reader: _Reader,
    record: ServiceRecord,
    own: list[tuple[int, dict[str, Any]]],
    at_location: list[tuple[int, dict[str, Any]]],
) -> ServiceRecord:
    return replace(record, opening_hours=_periods(reader, own or at_location))


def _located(
    reader: _Reader,
    record: ServiceRecord,
    location_id: str,
    location_row: tuple[int, dict[str, Any]],
    addresses: dict[str, list[tuple[int, dict[str, Any]]]],
    position: int,
) -> ServiceRecord:
    row, location = location_row
    candidates = addresses.get(location_id, [])
    physical = [a for a in candidates if str(a[1].get("address_type") or "physical") == "physical"]
    address_row, address = (physical or candidates or [(0, {})])[0]
    text: Callable[[str], str] = lambda field: reader.text("addresses", address_row, address, field)  # noqa: E731
    ags = ""
    if str(location.get("external_identifier_type") or "").upper() == "AGS":
        ags = reader.text("locations", row, location, "external_identifier")
    uid = record.service_uid if position == 0 else _child_id(str(record.service_uid), f"at|{location_id}")
    return replace(
        record,
        service_uid=uid,
        location_uid=location_id,
        location_name=reader.text("locations", row, location, "name"),
        address=" ".join(p for p in (text("address_1"), text("address_2")) if p),
        postal_code=text("postal_code"),
        city=text("city"),
        ags=ags or None,
        latitude=reader.number("locations", row, location, "latitude"),
        longitude=reader.number("locations", row, location, "longitude"),
    )
