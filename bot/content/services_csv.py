"""The directory's simple CSV: one row per service, the columns of :data:`CSV_COLUMNS`, UTF-8.

Lists (``topics``, ``languages``) are separated by ``|``, yes/no facts are ``yes``/``no`` (empty =
unknown), ``opening_hours`` is the short form of ``opening_hours.py``, ``last_verified`` an ISO date.
Spreadsheets that save with ``;`` (German Excel) or a byte-order mark are read as well. Cells that
a spreadsheet would run as a formula are written with a leading apostrophe (``csv_cells``) and read
back without it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from datetime import date
from typing import Final, TypeVar

from bot.content.csv_cells import safe_cell, unquote_cell
from bot.content.opening_hours import (
    OpeningHoursError,
    Period,
    format_opening_hours,
    parse_opening_hours,
)
from bot.content.service_records import Problem, ServiceRecord
from bot.db.models import Provider

CSV_COLUMNS: Final = (
    "organisation",
    "provider",
    "service",
    "description",
    "topics",
    "languages",
    "free",
    "anonymous",
    "appointment",
    "accessible",
    "phone",
    "email",
    "website",
    "online_counselling",
    "address",
    "postal_code",
    "city",
    "ags",
    "latitude",
    "longitude",
    "opening_hours",
    "last_verified",
    "demo",
)
_YES: Final = frozenset({"yes", "ja", "true", "1", "y", "j"})
_NO: Final = frozenset({"no", "nein", "false", "0", "n"})
_PROVIDER_ALIASES: Final = {"paritätischer": "paritaetischer", "kommune": "municipality"}
_T = TypeVar("_T")


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def _boolean(value: str) -> bool | None:
    value = value.strip().casefold()
    if not value:
        return None
    if value in _YES:
        return True
    if value in _NO:
        return False
    raise ValueError("write yes or no (or leave it empty if unknown)")


def _number(value: str) -> float | None:
    value = value.strip()
    if not value:
        return None
    try:
        return float(value.replace(",", ".") if "." not in value else value)
    except ValueError:
        raise ValueError(f"{value!r} is not a number like 50.9375") from None


def _list(value: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(item.strip() for item in value.split("|") if item.strip()))


def _parse_row(cells: dict[str, str], row: int) -> tuple[ServiceRecord, list[Problem]]:
    problems: list[Problem] = []

    def parsed(column: str, parse: Callable[[str], _T], value: str) -> _T | None:
        try:
            return parse(value)
        except ValueError as exc:
            problems.append(Problem(row, column, str(exc)))
            return None

    provider_text = cells["provider"].strip().casefold()
    provider_text = _PROVIDER_ALIASES.get(provider_text, provider_text)
    provider = Provider.OTHER
    if provider_text in {p.value for p in Provider}:
        provider = Provider(provider_text)
    else:
        choices = ", ".join(p.value for p in Provider)
        reason = "required" if not provider_text else f"unknown provider {provider_text!r}"
        problems.append(Problem(row, "provider", f"{reason}: one of {choices}"))
    booleans = {c: parsed(c, _boolean, cells[c]) for c in ("free", "anonymous", "appointment", "accessible")}
    demo = parsed("demo", _boolean, cells["demo"])
    latitude = parsed("latitude", _number, cells["latitude"])
    longitude = parsed("longitude", _number, cells["longitude"])
    hours: list[Period] = []
    try:
        hours = parse_opening_hours(cells["opening_hours"])
    except OpeningHoursError as exc:
        problems.append(Problem(row, "opening_hours", str(exc)))
    verified = None
    if cells["last_verified"].strip():
        try:
            verified = date.fromisoformat(cells["last_verified"].strip())
        except ValueError:
            problems.append(Problem(row, "last_verified", "write a date like 2026-11-25"))
    record = ServiceRecord(
        organisation=cells["organisation"].strip(),
        provider=provider,
        service=cells["service"].strip(),
        description=cells["description"].strip(),
        topics=_list(cells["topics"]),
        languages=tuple(code.casefold() for code in _list(cells["languages"])),
        free=booleans["free"],
        anonymous=booleans["anonymous"],
        appointment=booleans["appointment"],
        accessible=booleans["accessible"],
        phone=cells["phone"].strip(),
        email=cells["email"].strip(),
        website=cells["website"].strip(),
        online_counselling=cells["online_counselling"].strip(),
        address=cells["address"].strip(),
        postal_code=cells["postal_code"].strip(),
        city=cells["city"].strip(),
        ags=cells["ags"].strip() or None,
        latitude=latitude,
        longitude=longitude,
        opening_hours=tuple(hours),
        last_verified=verified,
        demo=bool(demo),
        row=row,
    )
    return record, problems


def parse_services_csv(text: str) -> tuple[list[ServiceRecord], list[Problem]]:
    """Records of every row and the problems found while reading them (row = spreadsheet row)."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        return [], [Problem(1, "file", "the file is empty")]
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text.split("\n", 1)[0]))
    try:
        return _read_rows(reader)
    except csv.Error as exc:  # a cell over the csv module's 128 KiB limit, a NUL byte, …
        reason = f"cannot be read as CSV ({exc})"
        if "field larger than field limit" in str(exc):
            reason = f"a cell is longer than {csv.field_size_limit()} characters"
        return [], [Problem(reader.line_num or 1, "file", reason)]


def _read_rows(reader: Iterator[list[str]]) -> tuple[list[ServiceRecord], list[Problem]]:
    header = [h.strip().casefold() for h in next(reader)]
    problems = [Problem(1, column, "missing column") for column in CSV_COLUMNS if column not in header] + [
        Problem(1, column or "(empty)", f"unknown column; the columns are: {', '.join(CSV_COLUMNS)}")
        for column in header
        if column not in CSV_COLUMNS
    ]
    if problems:
        return [], problems
    records = []
    for row, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            problems.append(Problem(row, "row", f"{len(cells)} cells, the header has {len(header)}"))
            continue
        values = [unquote_cell(cell) for cell in cells]
        record, row_problems = _parse_row(dict(zip(header, values, strict=True)), row)
        problems.extend(row_problems)
        records.append(record)
    if not records and not problems:
        problems.append(Problem(2, "file", "no services in the file"))
    return records, problems


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def _coordinate(value: float | None) -> str:
    return "" if value is None else repr(round(value, 6))


def write_services_csv(records: list[ServiceRecord]) -> str:
    """The records as CSV text (comma-separated, header first), readable by :func:`parse_services_csv`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for record in records:
        cells = [
            record.organisation,
            record.provider.value,
            record.service,
            record.description,
            "|".join(record.topics),
            "|".join(record.languages),
            _yes_no(record.free),
            _yes_no(record.anonymous),
            _yes_no(record.appointment),
            _yes_no(record.accessible),
            record.phone,
            record.email,
            record.website,
            record.online_counselling,
            record.address,
            record.postal_code,
            record.city,
            record.ags or "",
            _coordinate(record.latitude),
            _coordinate(record.longitude),
            format_opening_hours(record.opening_hours),
            record.last_verified.isoformat() if record.last_verified else "",
            _yes_no(record.demo),
        ]
        writer.writerow([safe_cell(cell) for cell in cells])
    return buffer.getvalue()
