"""Where is the person? A place from a shared location, a postal code or a town or district name.

Names are matched tolerantly: case, umlauts ("Koln", "Muenchen"), abbreviations ("Frankfurt a. M."),
Cyrillic ("Лейпциг"), Arabic and Persian spellings of big cities (``place_names.ALIASES``) and typos
(rapidfuzz). Ambiguity is asked back, never guessed: "Neustadt" and "Halle" return candidates. The rule:

1. Names equal to the input are *exact*; names whose town part or district is the input are *partial*
   ("Neustadt an der Weinstraße", "Hamburg Neustadt" for "Neustadt").
2. Places are grouped by name and region; same-named groups within 20 km are one town (a town's
   postal codes can spill into the next district).
3. One exact town with at least three postal codes wins outright ("Essen" is the city, not "Essen
   (Oldenburg)"). Otherwise every exact and partial town counts: one is the place, several are
   candidates to ask back (biggest first).
4. A typo match is a guess: it resolves at once only to a town with at least three postal codes
   ("Muenchn"); a smaller place comes back as the one candidate, to be confirmed.

A town with many postal codes resolves to the mean of their centroids. The gazetteer is GeoNames (CC BY
4.0): show :data:`~bot.content.geo_import.GEONAMES_ATTRIBUTION` with places shown to people.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Final

from rapidfuzz import fuzz, process
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from bot.content.distance import bounding_box, haversine_km
from bot.content.geo_import import GEONAMES_ATTRIBUTION
from bot.content.place_names import (
    base_name,
    bracket_base,
    fold,
    fold_name,
    folded_aliases,
    is_non_latin,
    name_keys,
)
from bot.db.models import GazetteerImport, PostalCode, Region

MAX_CANDIDATES: Final = 8
SAME_TOWN_KM: Final = 20.0
CITY_MIN_CODES: Final = 3
FUZZY_MIN_LENGTH: Final = 4
FUZZY_CUTOFF: Final = 84.0
NEAREST_CODE_RADII_KM: Final = (10.0, 30.0, 80.0)
_POSTAL_CODE = re.compile(r"(?<!\d)(\d{5})(?!\d)")
_SHORT_POSTAL_CODE = re.compile(r"^\s*(\d{4})\s*$")
# fmt: off
_FILLER_WORDS: Final = frozenset({
    "in", "im", "bei", "near", "at", "the", "city", "stadt", "ort", "from", "aus", "von", "und",
    "and", "ich", "wohne", "lebe", "live", "i", "am", "my", "mein", "meine", "plz", "postleitzahl",
    "postal", "code",
})
# fmt: on
"""Words skipped when looking for a town inside a sentence ("ich wohne in Koln")."""


@dataclass(frozen=True)
class Place:
    """A resolved place: what to search around and how to name it back to the person."""

    name: str
    postal_code: str | None
    """The postal code asked for, or a town's only code; ``None`` for a town with several."""
    ags: str | None
    """Region key (AGS) for regional answers and counters; ``None`` when unknown."""
    latitude: float
    longitude: float
    region_name: str | None = None
    """E.g. "Landkreis Kelheim": tells same-named candidates apart."""


@dataclass(frozen=True)
class PlaceResolution:
    """The outcome: a ``place``, or ``candidates`` to ask back, or neither (nothing found)."""

    place: Place | None = None
    candidates: tuple[Place, ...] = ()
    attribution: str = GEONAMES_ATTRIBUTION

    @property
    def found(self) -> bool:
        return self.place is not None

    @property
    def ambiguous(self) -> bool:
        return self.place is None and bool(self.candidates)


@dataclass(frozen=True)
class _Entry:
    postal_code: str
    place: str
    ags: str | None
    latitude: float
    longitude: float


@dataclass
class _Index:
    exact: dict[str, list[_Entry]] = field(default_factory=lambda: defaultdict(list))
    partial: dict[str, list[_Entry]] = field(default_factory=lambda: defaultdict(list))
    region_names: dict[str, str] = field(default_factory=dict)
    fuzzy_keys: list[str] = field(default_factory=list)

    def knows(self, key: str) -> bool:
        return key in self.exact or key in self.partial


def _build_index(entries: Iterable[_Entry], regions: dict[str, str]) -> _Index:
    index = _Index(region_names=regions)
    ordinary: list[_Entry] = []
    for entry in entries:
        ordinary.append(entry)
        for key in name_keys(entry.place):
            index.exact[key].append(entry)
    towns_by_region = {(key, e.ags) for key, rows in index.exact.items() for e in rows}
    for entry in ordinary:
        partial_names: set[str] = set()
        head = bracket_base(entry.place)
        if head:
            partial_names.add(head)
        for key in name_keys(entry.place):
            base = base_name(key)
            if base:
                index.partial[base].append(entry)
        if " " in entry.place:
            city, district = entry.place.split(" ", 1)
            if (fold_name(city), entry.ags) in towns_by_region:
                partial_names.add(district)
                partial_names.add(district.split(",")[0])
        for name in partial_names:
            for key in name_keys(name):
                index.partial[key].append(entry)
    index.fuzzy_keys = sorted(set(index.exact) | set(index.partial) | set(folded_aliases()))
    return index


def _area_codes() -> Select[str, str, str | None, float, float]:
    """The postal code rows of :class:`_Entry`, for names and nearest areas: large-customer and
    PO-box codes (``special``) are no area anyone lives in, so they never match."""
    return select(
        PostalCode.postal_code,
        PostalCode.place,
        PostalCode.ags,
        PostalCode.latitude,
        PostalCode.longitude,
    ).where(PostalCode.special.is_(False))


_CACHE: dict[str, tuple[int, _Index]] = {}
_CACHE_LOCK = threading.Lock()


def _index(session: Session) -> _Index:
    """The in-memory name index of this database, rebuilt when the gazetteer changes."""
    url = session.get_bind().engine.url.render_as_string(hide_password=True)
    # Every write to the gazetteer is an import, and every import adds a row: its newest id is the
    # stamp (a primary-key lookup; counting the postal codes was 5 % of the action server's time).
    stamp = int(session.scalar(select(func.max(GazetteerImport.id))) or 0)
    with _CACHE_LOCK:
        cached = _CACHE.get(url)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        rows = session.execute(_area_codes().order_by(PostalCode.id))
        regions = {ags: name for ags, name in session.execute(select(Region.ags, Region.name))}
        index = _build_index((_Entry(*row) for row in rows), regions)
        _CACHE[url] = (stamp, index)
        return index


@dataclass
class _Town:
    name: str
    ags: str | None
    entries: list[_Entry]

    @property
    def codes(self) -> set[str]:
        return {e.postal_code for e in self.entries}

    @property
    def centroid(self) -> tuple[float, float]:
        by_code: dict[str, list[_Entry]] = defaultdict(list)
        for entry in self.entries:
            by_code[entry.postal_code].append(entry)
        points = [
            (sum(e.latitude for e in es) / len(es), sum(e.longitude for e in es) / len(es))
            for es in by_code.values()
        ]
        return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)


def _towns(entries: Iterable[_Entry]) -> list[_Town]:
    """Group by (name, region), then merge same-named groups close to a bigger one."""
    groups: dict[tuple[str, str | None], list[_Entry]] = defaultdict(list)
    seen: set[tuple[str, str, str | None]] = set()
    for entry in entries:
        marker = (entry.postal_code, entry.place, entry.ags)
        if marker not in seen:
            seen.add(marker)
            groups[(entry.place, entry.ags)].append(entry)
    towns = sorted(
        (_Town(name, ags, rows) for (name, ags), rows in groups.items()),
        key=lambda t: (-len(t.codes), t.name, t.ags or ""),
    )
    merged: list[_Town] = []
    for town in towns:
        home = next(
            (
                big
                for big in merged
                if big.name == town.name and haversine_km(*big.centroid, *town.centroid) <= SAME_TOWN_KM
            ),
            None,
        )
        if home is None:
            merged.append(town)
        else:
            home.entries.extend(town.entries)
    return merged


def _place_of_town(town: _Town, index: _Index) -> Place:
    latitude, longitude = town.centroid
    codes = town.codes
    return Place(
        name=town.name,
        postal_code=next(iter(codes)) if len(codes) == 1 else None,
        ags=town.ags,
        latitude=round(latitude, 5),
        longitude=round(longitude, 5),
        region_name=index.region_names.get(town.ags or ""),
    )


def _decide(
    exact: list[_Entry], partial: list[_Entry], index: _Index, *, guessed: bool = False
) -> PlaceResolution:
    """The rule of the module docstring; ``guessed`` (a typo match) confirms small places first."""
    exact_towns = _towns(exact)
    if len(exact_towns) == 1 and len(exact_towns[0].codes) >= CITY_MIN_CODES:
        return PlaceResolution(place=_place_of_town(exact_towns[0], index))
    towns = _towns(exact + partial)
    if not towns:
        return PlaceResolution()
    if len(towns) == 1 and not (guessed and len(towns[0].codes) < CITY_MIN_CODES):
        return PlaceResolution(place=_place_of_town(towns[0], index))
    return PlaceResolution(candidates=tuple(_place_of_town(t, index) for t in towns[:MAX_CANDIDATES]))


def _lookup(index: _Index, key: str, *, guessed: bool = False) -> PlaceResolution | None:
    """Resolve a folded key; ``name@AGS`` (from an alias) keeps only that region's town."""
    key, _, ags = key.partition("@")
    if not index.knows(key):
        return None
    exact, partial = index.exact.get(key, []), index.partial.get(key, [])
    if ags:
        exact = [e for e in exact if e.ags == ags]
        partial = [e for e in partial if e.ags == ags]
    return _decide(exact, partial, index, guessed=guessed)


def _by_name(index: _Index, text: str) -> PlaceResolution:
    key = fold(text)
    if not key:
        return PlaceResolution()
    aliases = folded_aliases()
    order = [aliases.get(key), key] if is_non_latin(text) else [key, aliases.get(key)]
    for candidate in order:
        if candidate and (found := _lookup(index, candidate)) is not None:
            return found
    if len(key) >= FUZZY_MIN_LENGTH:
        best = process.extract(key, index.fuzzy_keys, scorer=fuzz.ratio, limit=5, score_cutoff=FUZZY_CUTOFF)
        keys = list(dict.fromkeys(aliases.get(k, k) for k, score, _ in best if score >= best[0][1] - 0.01))
        if len(keys) == 1 and (found := _lookup(index, keys[0], guessed=True)) is not None:
            return found
        exact = [e for k in keys for e in index.exact.get(k, [])]
        partial = [e for k in keys for e in index.partial.get(k, [])]
        if exact or partial:
            return _decide(exact, partial, index, guessed=True)
    words = [w for w in key.split() if w not in _FILLER_WORDS]
    for size in range(min(3, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            phrase = " ".join(words[start : start + size])
            if len(phrase) < 3 or phrase == key:
                continue
            found = _lookup(index, aliases.get(phrase, phrase)) or _lookup(index, phrase)
            if found is not None:
                return found
    return PlaceResolution()


def _region_name(session: Session, ags: str | None) -> str | None:
    return None if ags is None else session.scalar(select(Region.name).where(Region.ags == ags))


def _by_postal_code(session: Session, code: str) -> PlaceResolution:
    """A postal code straight from the database (indexed): ordinary entries before special ones."""
    rows = session.execute(
        select(
            PostalCode.place, PostalCode.ags, PostalCode.latitude, PostalCode.longitude, PostalCode.special
        )
        .where(PostalCode.postal_code == code)
        .order_by(PostalCode.special, PostalCode.id)
    ).all()
    entries = [r for r in rows if not r.special] or rows
    if not entries:
        return PlaceResolution()
    ags = Counter(e.ags for e in entries).most_common(1)[0][0]
    return PlaceResolution(
        place=Place(
            name=entries[0].place,
            postal_code=code,
            ags=ags,
            latitude=round(sum(e.latitude for e in entries) / len(entries), 5),
            longitude=round(sum(e.longitude for e in entries) / len(entries), 5),
            region_name=_region_name(session, ags),
        )
    )


def _by_coordinates(session: Session, lat: float, lon: float) -> PlaceResolution:
    """The given point, named after the nearest postal code area (the point itself is kept)."""
    nearest: tuple[float, str, str, str | None] | None = None
    for radius in NEAREST_CODE_RADII_KM:
        box = bounding_box(lat, lon, radius)
        rows = session.execute(
            _area_codes().where(
                PostalCode.latitude.between(box.south, box.north),
                PostalCode.longitude.between(box.west, box.east),
            )
        ).all()
        for code, place, ags, row_lat, row_lon in rows:
            distance = haversine_km(lat, lon, row_lat, row_lon)
            if nearest is None or distance < nearest[0]:
                nearest = (distance, code, place, ags)
        if nearest is not None:
            break
    if nearest is None:
        if session.scalar(select(PostalCode.id).limit(1)) is None:
            # No gazetteer loaded: the point is still good for "near me", it just has no name.
            return PlaceResolution(place=Place("", None, None, lat, lon))
        return PlaceResolution()  # far from every German postal code area
    _, code, place, ags = nearest
    return PlaceResolution(
        place=Place(
            name=place,
            postal_code=code,
            ags=ags,
            latitude=lat,
            longitude=lon,
            region_name=_region_name(session, ags),
        )
    )


def _western_digits(text: str) -> str:
    """Arabic-Indic and Persian digits (٥٠٦٦٧, ۵۰۶۶۷) as 0–9: people type postal codes that way."""
    return "".join(str(unicodedata.digit(c)) if c.isdigit() and not c.isascii() else c for c in text)


def resolve_place(
    session: Session,
    *,
    text: str | None = None,
    lat: float | None = None,
    lon: float | None = None,
) -> PlaceResolution:
    """Resolve a shared location (``lat``/``lon``, already coarsened) or a typed ``text``.

    ``text`` may be a postal code ("50667", also inside "50667 Köln"), a town or a district, in any
    spelling the module docstring lists. Coordinates give a place named after the nearest postal
    code area (the coordinates themselves are kept); points far from Germany give nothing, and
    without a gazetteer the point comes back unnamed (``name == ""``).

    Returns:
        ``PlaceResolution`` with ``.place``, or ``.candidates`` to ask back, or neither.
    """
    if lat is not None and lon is not None:
        if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
            return PlaceResolution()
        return _by_coordinates(session, float(lat), float(lon))
    if not text or not text.strip():
        return PlaceResolution()
    text = _western_digits(text)
    if match := _POSTAL_CODE.search(text):
        return _by_postal_code(session, match.group(1))
    if match := _SHORT_POSTAL_CODE.match(text):
        return _by_postal_code(session, "0" + match.group(1))
    return _by_name(_index(session), text.strip())
