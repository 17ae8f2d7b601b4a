"""Service directory files in and out: ``wegweiser services import/export`` and the staff app's upload.

The whole file is read and checked before anything is written: a file with any problem imports
nothing and every problem is reported as (row, field, reason). :func:`check_services_file` is that
check on its own (the staff app shows its result as a preview); :func:`import_services_file` checks
and stores in the caller's transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Final

from sqlalchemy.orm import Session

from bot.content.service_records import (
    Problem,
    ServiceRecord,
    check_records,
    complete_from_gazetteer,
    formula_notes,
)
from bot.content.service_store import StoreResult, load_records, store_records
from bot.content.services_csv import parse_services_csv, write_services_csv
from bot.content.services_hsds import build_hsds, parse_hsds
from bot.errors import OperatorError

MAX_SHOWN_PROBLEMS: Final = 50
TOO_DEEP: Final = "nested too deeply to be a directory file (HSDS tables are a few levels deep)"


class ServiceFormat(StrEnum):
    HSDS = "hsds"
    CSV = "csv"


class ServicesFileError(OperatorError):
    """The file was not imported; the message lists each problem as row, field and reason."""


@dataclass(frozen=True)
class ServiceFileCheck:
    """The outcome of reading and checking a file: importable when ``problems`` is empty."""

    format: ServiceFormat
    records: list[ServiceRecord]
    problems: list[Problem]
    notes: list[Problem] = field(default_factory=list)
    """Imported, but worth a look: not exactly as written (an inactive service left out), a text a
    spreadsheet would take for a formula, or coordinates far from their postal code."""

    @property
    def ok(self) -> bool:
        return not self.problems


def detect_format(data: bytes, filename: str | None = None) -> ServiceFormat:
    """By extension (``.json``/``.csv``), else by content (a JSON document starts with { or [)."""
    suffix = Path(filename or "").suffix.casefold()
    if suffix == ".json":
        return ServiceFormat.HSDS
    if suffix in (".csv", ".txt", ".tsv"):
        return ServiceFormat.CSV
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return ServiceFormat.HSDS if head in (b"{", b"[") else ServiceFormat.CSV


def check_services_file(
    session: Session,
    *,
    data: bytes,
    filename: str | None = None,
    format: ServiceFormat | None = None,
) -> ServiceFileCheck:
    """Read and check a whole file without writing anything.

    Fills in coordinates, town and AGS from the postal code where the file has none (so it needs the
    session, read-only).
    """
    chosen = format or detect_format(data, filename)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return ServiceFileCheck(chosen, [], [Problem(1, "file", f"not UTF-8 text ({exc.reason})")])
    notes: list[Problem] = []
    if chosen is ServiceFormat.CSV:
        records, problems = parse_services_csv(text)
        field_format = "{}"
    else:
        try:
            document = json.loads(text)
            records, problems, notes = parse_hsds(document)
        except json.JSONDecodeError as exc:
            return ServiceFileCheck(chosen, [], [Problem(exc.lineno, "file", f"not valid JSON: {exc.msg}")])
        except RecursionError:
            return ServiceFileCheck(chosen, [], [Problem(1, "file", TOO_DEEP)])
        field_format = "services.{}"
    far: list[Problem] = []
    records, placing = complete_from_gazetteer(session, records, field_format=field_format, warnings=far)
    notes = [*notes, *far]
    problems = sorted(
        {*problems, *placing, *check_records(records, field_format=field_format)},
        key=lambda p: (p.row, p.field, p.reason),
    )
    notes = [*notes, *formula_notes(records, field_format=field_format)]
    return ServiceFileCheck(chosen, records, problems, notes)


def describe_problems(problems: list[Problem]) -> str:
    shown = [str(p) for p in problems[:MAX_SHOWN_PROBLEMS]]
    if len(problems) > len(shown):
        shown.append(f"… and {len(problems) - len(shown)} more")
    return "\n".join(shown)


def import_services_file(
    session: Session,
    *,
    path: Path,
    format: ServiceFormat | None = None,
    update_existing: bool = True,
) -> tuple[StoreResult, ServiceFileCheck]:
    """Check ``path`` and store its services; raise :class:`ServicesFileError` if anything is wrong.

    Runs in the caller's transaction (``session_scope``), so a failure while storing also leaves the
    database as it was.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ServicesFileError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    check = check_services_file(session, data=data, filename=path.name, format=format)
    if not check.ok:
        raise ServicesFileError(
            f"{path}: nothing imported, {len(check.problems)} problem(s):\n"
            + describe_problems(check.problems)
        )
    return store_records(session, check.records, update_existing=update_existing), check


def export_services(session: Session, *, format: ServiceFormat, demo: bool | None = None) -> tuple[str, int]:
    """The directory as text in ``format`` and how many services it holds."""
    records = load_records(session, demo=demo)
    if format is ServiceFormat.CSV:
        return write_services_csv(records), len(records)
    text = json.dumps(build_hsds(records), ensure_ascii=False, indent=2) + "\n"
    return text, len(records)


def export_services_file(
    session: Session, *, path: Path, format: ServiceFormat | None = None, demo: bool | None = None
) -> int:
    """Write the directory to ``path`` (format from the extension unless given); return the count."""
    chosen = format or (ServiceFormat.HSDS if path.suffix.casefold() == ".json" else ServiceFormat.CSV)
    text, count = export_services(session, format=chosen, demo=demo)
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ServicesFileError(f"{path}: cannot write it ({exc.strerror or exc})") from None
    return count
