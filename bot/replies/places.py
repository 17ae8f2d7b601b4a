"""The place for "services near me": asking for it, keeping it coarse, naming it, asking back.

Only a coarse place is ever kept — a postal code, a town name or coordinates rounded to two decimals
(about a kilometre) — and the same value is resolved again whenever it is needed.
"""

from __future__ import annotations

import re
from typing import Final

from sqlalchemy.orm import Session

from bot.content.places import Place, PlaceResolution, resolve_place
from bot.i18n import messages as m
from bot.i18n import translate
from bot.replies.contract import Button, Message, RequestLocation, Text, payload

COORDINATE_DECIMALS: Final = 2
"""Two decimals: about 1.1 km north–south and 0.7 km east–west in Germany."""
MAX_PLACE_WORDS: Final = 3
"""A message this short may be the answer to "where?", whatever else it looks like."""
PLACE_SHOWN_CHARS: Final = 60
"""How much of an unknown place name is quoted back."""

_COORDINATES = re.compile(r"^\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$")
_POSTAL_CODE = re.compile(r"(?<!\d)\d{4,5}(?!\d)")
"""Any script's digits: people type postal codes in Arabic-Indic or Persian digits too."""


def coarse(latitude: float, longitude: float) -> tuple[float, float]:
    return round(latitude, COORDINATE_DECIMALS), round(longitude, COORDINATE_DECIMALS)


def coordinates_value(lat: float, lon: float) -> str:
    """The kept value of a shared location: rounded to two decimals (about a kilometre)."""
    lat, lon = coarse(lat, lon)
    return f"{lat:.2f},{lon:.2f}"


def parse_coordinates(value: str) -> tuple[float, float] | None:
    match = _COORDINATES.match(value)
    if match is None:
        return None
    lat, lon = float(match.group(1)), float(match.group(2))
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return lat, lon


def could_be_place(text: str) -> bool:
    """Whether a typed answer to "where?" may name a place: a postal code, or a few words."""
    return bool(_POSTAL_CODE.search(text)) or 0 < len(text.split()) <= MAX_PLACE_WORDS


def resolve_value(session: Session, value: str) -> PlaceResolution:
    """Resolve a kept place value (or a candidate typed by the person) again."""
    coordinates = parse_coordinates(value)
    if coordinates is not None:
        lat, lon = coarse(*coordinates)
        return resolve_place(session, lat=lat, lon=lon)
    return resolve_place(session, text=value)


def kept_value(given: str, place: Place) -> str:
    """What to keep: the postal code, else the town name as given, else rounded coordinates."""
    if parse_coordinates(given) is not None:
        return coordinates_value(place.latitude, place.longitude)
    if place.postal_code and place.postal_code in given:
        return place.postal_code
    return place.name or coordinates_value(place.latitude, place.longitude)


def place_label(language: str, value: str, place: Place) -> str:
    """How the reply names the place: "50667 Köln", "Leipzig" (also for a point near Leipzig)."""
    if parse_coordinates(value) is not None:
        return place.name or translate(language, m.PLACE_YOUR_LOCATION)
    if place.postal_code and value == place.postal_code:
        return f"{place.postal_code} {place.name}".strip()
    return place.name or value


def candidate_buttons(candidates: tuple[Place, ...]) -> tuple[Button, ...]:
    """One button per candidate town; the payload carries its postal code or its centre, rounded."""
    buttons = []
    for place in candidates:
        title = f"{place.name} ({place.region_name})" if place.region_name else place.name
        if place.postal_code:
            target = payload("inform_location", location=place.postal_code)
        else:
            lat, lon = coarse(place.latitude, place.longitude)
            target = payload("inform_location", lat=lat, lon=lon)
        buttons.append(Button(title, target))
    return tuple(buttons)


def ask_place(
    language: str, *, topic: str | None, counselling: bool, text: bool = True
) -> tuple[Message, ...]:
    """The question "where?": the place keyboard (saying what it is for) and its text."""
    request = RequestLocation(topic, counselling)
    return (request, Text(translate(language, m.ASK_PLACE))) if text else (request,)


def place_question(language: str, resolution: PlaceResolution, given: str) -> tuple[Message, ...]:
    """The place was not found or is ambiguous: say so (candidates as buttons)."""
    shown = given.strip()[:PLACE_SHOWN_CHARS]
    if resolution.ambiguous:
        return (
            Text(
                translate(language, m.PLACE_AMBIGUOUS, place=shown),
                candidate_buttons(resolution.candidates),
            ),
        )
    return (Text(translate(language, m.PLACE_NOT_FOUND, place=shown)),)
