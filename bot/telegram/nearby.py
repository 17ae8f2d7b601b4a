"""Services near me while Rasa is down: the place asked, resolved and searched straight in the database.

The replies are the ones the actions send (``actions/place.py``, ``actions/services.py``), built from
the same parts, so a person notices no difference but the missing free-text understanding. A shared
location arrives already rounded (:func:`bot.telegram.door.location_message`) and is rounded again
here, so neither the place lookup nor the search ever sees a finer point. Without NLU, a typed text
counts as the answer to "where?" only while that question is open and only when it is short or
holds a postal code; longer texts are left to the honest "cannot understand" reply.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy.orm import Session

from actions.place import (
    MAX_PLACE_WORDS,
    candidate_buttons,
    coordinates_value,
    place_label,
    resolve_slot,
    slot_value,
)
from actions.services import after_buttons, find, intro
from bot.i18n import messages as m
from bot.i18n import translate
from bot.telegram.door import coarse

_POSTAL_CODE = re.compile(r"(?<!\d)\d{4,5}(?!\d)")
"""Any script's digits: people type postal codes in Arabic-Indic or Persian digits too."""
PLACE_SHOWN_CHARS = 60
"""How much of an unknown place name is quoted back (as the actions do)."""


def request_location() -> dict[str, Any]:
    return {"custom": {"type": "request_location"}}


def ask_place(language: str) -> list[dict[str, Any]]:
    """The question "where?": the place keyboard and its text."""
    return [request_location(), {"text": translate(language, m.ASK_PLACE)}]


def could_be_place(text: str) -> bool:
    """Whether a typed answer to "where?" may name a place: a postal code, or a few words."""
    return bool(_POSTAL_CODE.search(text)) or 0 < len(text.split()) <= MAX_PLACE_WORDS


def services_reply(
    session: Session,
    *,
    language: str,
    topic: str | None,
    counselling: bool,
    text: str | None = None,
    point: tuple[float, float] | None = None,
) -> list[dict[str, Any]]:
    """The reply (without its meta) to a place given as ``text`` or as a shared ``point``.

    Found: an intro, one ``service_card`` per service, then the next steps. Ambiguous: the
    candidates as buttons. Unknown: said so, and asked again.
    """
    value = coordinates_value(*coarse(*point)) if point is not None else (text or "").strip()
    resolution = resolve_slot(session, value)
    place = resolution.place
    if place is None:
        shown = value[:PLACE_SHOWN_CHARS]
        if resolution.ambiguous:
            question = {
                "text": translate(language, m.PLACE_AMBIGUOUS, place=shown),
                "buttons": candidate_buttons(resolution.candidates),
            }
        else:
            question = {"text": translate(language, m.PLACE_NOT_FOUND, place=shown)}
        return [question, request_location()]
    kept = value if point is not None else slot_value(value, place)
    found = find(session, place=place, topic=topic, language=language, counselling=counselling)
    label = place_label(language, kept, place)
    reply: list[dict[str, Any]] = [
        {"text": intro(language, found=found, place=label, counselling=counselling)}
    ]
    reply.extend({"custom": {"type": "service_card", "service": hit.as_card()}} for hit in found.hits)
    closing = [m.DEMO_NOTE] if any(hit.demo for hit in found.hits) else []
    reply.append(
        {
            "text": "\n".join(translate(language, line) for line in [*closing, m.NEXT_STEPS]),
            "buttons": after_buttons(language, topic=found.topic, counselling=counselling),
        }
    )
    return reply
