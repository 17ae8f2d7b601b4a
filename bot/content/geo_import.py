"""Import the postal code gazetteer (GeoNames) and derive the regions from it: ``wegweiser geo import``.

Two formats, told apart by their first line: GeoNames' own tab-separated postal code dump (``DE.txt``,
also inside ``DE.zip``) and its CSV conversion with a header (``postal_codes_de.csv``). Both carry the
same columns in the same order. Importing again updates what changed and adds what is new, so the
command is safe to repeat. The data is CC BY 4.0: :data:`GEONAMES_ATTRIBUTION` goes wherever it shows.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Final

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from bot.db.models import GazetteerImport, PostalCode, Region
from bot.errors import OperatorError

GEONAMES_ATTRIBUTION: Final = "Postal codes and places: GeoNames (www.geonames.org), licensed under CC BY 4.0"
GEONAMES_DOWNLOAD_HINT: Final = (
    "download DE.zip from https://download.geonames.org/export/zip/ (GeoNames, CC BY 4.0) and run "
    "`wegweiser geo import DE.zip`, or set WEGWEISER_GEONAMES_FILE to the file"
)
CSV_HEADER: Final = (
    "country_code",
    "zipcode",
    "place",
    "state",
    "state_code",
    "province",
    "province_code",
    "community",
    "community_code",
    "latitude",
    "longitude",
)
"""Columns of the CSV form; GeoNames' dump has the same eleven (plus ``accuracy``), without a header."""
MAX_SHOWN_PROBLEMS: Final = 20


class GazetteerFileError(OperatorError):
    """The gazetteer file cannot be read; the message names each bad line and what is wrong."""


@dataclass(frozen=True)
class GazetteerRow:
    postal_code: str
    place: str
    ags: str | None
    region_name: str
    latitude: float
    longitude: float
    special: bool
    """A large-customer or PO-box code: the state code is numeric and the place names a company."""

    @property
    def key(self) -> tuple[str, str, str]:
        return self.postal_code, self.place, self.ags or ""


@dataclass(frozen=True)
class GeoImportResult:
    rows: int
    added: int
    updated: int
    regions: int


def _text_of(path: Path) -> str:
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                names = [n for n in archive.namelist() if n.lower().endswith((".txt", ".csv"))]
                data = [n for n in names if not n.lower().startswith("readme")]
                if not data:
                    raise GazetteerFileError(f"{path}: the archive holds no .txt or .csv file")
                return archive.read(data[0]).decode("utf-8-sig")
        return path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise GazetteerFileError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise GazetteerFileError(f"{path}: not UTF-8 text; use GeoNames' file as downloaded") from None


def _records(text: str) -> Iterable[tuple[int, list[str]]]:
    first = text.split("\n", 1)[0]
    if "\t" in first:
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                yield number, line.split("\t")
        return
    reader = csv.reader(io.StringIO(text))
    header = [h.strip().lower() for h in next(reader, [])]
    if tuple(header[: len(CSV_HEADER)]) != CSV_HEADER:
        raise GazetteerFileError(
            "unknown format: expected GeoNames' tab-separated DE.txt or a CSV with the header "
            + ",".join(CSV_HEADER)
        )
    for number, fields in enumerate(reader, start=2):
        if any(f.strip() for f in fields):
            yield number, fields


def _parse(number: int, fields: list[str]) -> GazetteerRow | str:
    if len(fields) < 11:
        return f"line {number}: expected at least 11 columns, found {len(fields)}"
    country, code, place, _state, state_code = (f.strip() for f in fields[:5])
    region_name, ags = fields[7].strip(), fields[8].strip()
    if not code or not place:
        return f"line {number}: postal code and place name are required"
    try:
        latitude, longitude = float(fields[9]), float(fields[10])
    except ValueError:
        return f"line {number}: latitude/longitude must be numbers, got {fields[9]!r}, {fields[10]!r}"
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return f"line {number}: coordinates out of range ({latitude}, {longitude})"
    if country and country != "DE":
        return f"line {number}: country {country!r} — only German postal codes (DE) are supported"
    return GazetteerRow(
        postal_code=code,
        place=place,
        ags=ags if ags.isdigit() else None,
        region_name=region_name,
        latitude=latitude,
        longitude=longitude,
        special=state_code.isdigit(),
    )


def read_gazetteer(path: Path) -> list[GazetteerRow]:
    """Parse the whole file first; raise :class:`GazetteerFileError` naming every bad line."""
    rows: dict[tuple[str, str, str], GazetteerRow] = {}
    problems: list[str] = []
    try:
        for number, fields in _records(_text_of(path)):
            parsed = _parse(number, fields)
            if isinstance(parsed, str):
                problems.append(parsed)
            else:
                rows[parsed.key] = parsed
    except GazetteerFileError as exc:
        raise GazetteerFileError(
            f"{path}: {exc}" if not str(exc).startswith(str(path)) else str(exc)
        ) from None
    if problems:
        shown = problems[:MAX_SHOWN_PROBLEMS]
        if len(problems) > len(shown):
            shown.append(f"… and {len(problems) - len(shown)} more")
        raise GazetteerFileError(f"{path}: nothing imported.\n" + "\n".join(shown))
    if not rows:
        raise GazetteerFileError(f"{path}: the file holds no postal codes")
    return list(rows.values())


def derive_regions(rows: Iterable[GazetteerRow]) -> list[Region]:
    """One region per key: the most used name and the mean of its ordinary postal code centroids."""
    names: dict[str, Counter[str]] = defaultdict(Counter)
    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    fallback: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for row in rows:
        if row.ags is None:
            continue
        (fallback if row.special else points)[row.ags].append((row.latitude, row.longitude))
        if row.region_name and not row.special:
            names[row.ags][row.region_name] += 1
        elif row.region_name:
            names[row.ags][row.region_name] += 0
    regions = []
    for ags in sorted(set(points) | set(fallback)):
        coordinates = points.get(ags) or fallback[ags]
        name = names[ags].most_common(1)[0][0] if names[ags] else ags
        regions.append(
            Region(
                ags=ags,
                name=name,
                latitude=round(sum(p[0] for p in coordinates) / len(coordinates), 5),
                longitude=round(sum(p[1] for p in coordinates) / len(coordinates), 5),
            )
        )
    return regions


def _store_postal_codes(session: Session, rows: list[GazetteerRow]) -> tuple[int, int]:
    existing = {
        (code, place, ags or ""): (row_id, lat, lon, special)
        for row_id, code, place, ags, lat, lon, special in session.execute(
            select(
                PostalCode.id,
                PostalCode.postal_code,
                PostalCode.place,
                PostalCode.ags,
                PostalCode.latitude,
                PostalCode.longitude,
                PostalCode.special,
            )
        )
    }
    new: list[dict[str, object]] = []
    changed: list[dict[str, object]] = []
    for row in rows:
        values = {"latitude": row.latitude, "longitude": row.longitude, "special": row.special}
        known = existing.get(row.key)
        if known is None:
            new.append({"postal_code": row.postal_code, "place": row.place, "ags": row.ags, **values})
        elif known[1:] != (row.latitude, row.longitude, row.special):
            changed.append({"id": known[0], **values})
    if new:
        session.execute(insert(PostalCode), new)
    if changed:
        session.execute(update(PostalCode), changed)
    return len(new), len(changed)


def import_gazetteer(session: Session, *, path: Path) -> GeoImportResult:
    """Import ``path`` into ``postal_codes`` and refresh ``regions``, in the caller's transaction."""
    rows = read_gazetteer(path)
    added, updated = _store_postal_codes(session, rows)
    regions = derive_regions(rows)
    for region in regions:
        session.merge(region)
    result = GeoImportResult(rows=len(rows), added=added, updated=updated, regions=len(regions))
    session.add(GazetteerImport(**asdict(result)))
    session.flush()
    return result


def gazetteer_is_empty(session: Session) -> bool:
    return not session.scalar(select(func.count()).select_from(PostalCode))
