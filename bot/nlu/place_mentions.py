"""Where a message names a place: a shared location, a postal code, or "… in Leipzig".

Rasa's NLU gives the intent and the entities; this reads the place out of them — for the form that
asks "where?" and for a question that also names its town. A message that is about something else
while the form asks (a topic question, an emergency, "/help") is not taken as a place.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Final

from bot.replies.places import MAX_PLACE_WORDS, coordinates_value
from bot.topics import GENERAL_COUNSELLING, TOPICS

ASK_AGAIN: Final = ""
"""What :func:`place_answer` returns when the message asks to give (another) place."""

INTERRUPTIONS: Final = frozenset(
    {t for t in TOPICS if t != GENERAL_COUNSELLING}
    | {"greet", "goodbye", "thank", "deny", "help", "choose_language", "bot_challenge", "privacy"}
)
"""Intents that are about something else than the place asked for (emergency is never a place)."""
PLACE_INTENTS: Final = frozenset({"inform_location", GENERAL_COUNSELLING})

_WORD = re.compile(r"[^\W\d_][\w'’.-]*|\d{4,5}", re.UNICODE)
_LOCATIVE: Final = frozenset(
    {
        # de, en
        *("in", "im", "bei", "nahe", "aus", "nach", "von", "near", "around", "at", "from"),
        # ru, uk, bg
        *("в", "во", "у", "біля", "поблизу", "около", "возле", "рядом", "във", "до", "от", "край"),
        # ar, fa
        *("في", "قرب", "عند", "در", "نزدیک"),
        # ro, pl
        *("în", "din", "la", "lângă", "w", "we", "koło", "przy", "blisko"),
    }
)
"""Words after which people name their town ("… in Leipzig", "… в Лейпциге")."""
_NOT_A_PLACE: Final = frozenset(
    {
        *("der", "die", "das", "dem", "den", "meiner", "meinem", "meine", "mein", "unserer"),
        *("nähe", "naehe", "nahe", "umgebung", "gegend", "stadt", "hier", "ort"),
        *("the", "my", "me", "area", "city", "town", "here", "this"),
        *("мной", "меня", "мене", "мною", "со", "моём", "моем", "моєму", "городе", "місті"),
        *("منطقتي", "مدينتي", "هنا", "من", "شهرم", "اینجا"),
        *("mine", "mea", "orașul", "zona", "mnie", "mojej", "moim", "okolicy", "mieście"),
    }
)
"""Words that follow "in"/"near" without naming a town ("in der Nähe", "near me", "в моём городе")."""
_TURKISH_LOCATIVE = re.compile(r"([^\W\d_][\w-]*)['’](?:de|da|te|ta|deki|daki)\b", re.UNICODE)


def _entities(message: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for entity in message.get("entities") or []:
        name = entity.get("entity")
        if name and name not in found and entity.get("value") is not None:
            found[name] = entity["value"]
    return found


def shared_coordinates(message: dict[str, Any]) -> str | None:
    """``lat``/``lon`` of a shared-location message as a rounded slot value, if both are numbers."""
    entities = _entities(message)
    try:
        lat, lon = float(entities["lat"]), float(entities["lon"])
    except (KeyError, TypeError, ValueError):
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return coordinates_value(lat, lon)


def mentioned_place(text: str) -> str | None:
    """The words after a locative preposition ("Ich brauche einen Arzt in Leipzig" → "Leipzig").

    Used for questions that also name a place; a bare word like "essen" is never taken for the town.
    """
    turkish = _TURKISH_LOCATIVE.findall(text)
    if turkish:
        return str(turkish[-1])
    words = _WORD.findall(text)
    for index in range(len(words) - 2, -1, -1):
        if words[index].casefold() in _LOCATIVE:
            rest = [w.strip(".'’") for w in words[index + 1 :]]
            named = [w for w in rest if w and w.casefold() not in _NOT_A_PLACE]
            if named:
                return " ".join(named[:MAX_PLACE_WORDS])
    return None


def place_answer(message: dict[str, Any], *, asking: bool, resolves: Callable[[str], bool]) -> str | None:
    """The place a message gives, :data:`ASK_AGAIN`, or ``None`` when it is about something else.

    Args:
        message: the tracker's ``latest_message`` (text, intent, entities).
        asking: whether the form has just asked for the place.
        resolves: whether a text names a known place (found or ambiguous).
    """
    intent = (message.get("intent") or {}).get("name")
    text = str(message.get("text") or "").strip()
    if intent == "emergency":
        return None
    coordinates = shared_coordinates(message)
    if coordinates is not None:
        return coordinates
    location = _entities(message).get("location")
    location = str(location).strip() if location is not None else None
    if text.startswith("/"):
        if location:
            return location
        if intent == "inform_location" or (asking and intent in PLACE_INTENTS):
            return ASK_AGAIN
        return None
    if intent == "inform_location":
        return location or text or None
    if asking:
        if intent in INTERRUPTIONS:
            # A bare "Leipzig" misread as a topic still answers the question; a real question is
            # answered by the rules (action_answer then keeps a place it names).
            short = len(text.split()) <= MAX_PLACE_WORDS
            return text if short and resolves(text) else None
        return location or text or None
    if location:
        return location
    mentioned = mentioned_place(text)
    return mentioned if mentioned and resolves(mentioned) else None
