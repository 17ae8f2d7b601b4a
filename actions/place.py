"""The place for "services near me": the form that asks for it, and reading it from messages.

``find_services_form`` has one slot, ``place``. It is filled from a shared location
(``/inform_location{"lat": 50.94, "lon": 6.96}``, already rounded by the client), from a postal
code (the ``location`` entity), or from the text typed while the form asks. The validation resolves
it with :func:`bot.content.places.resolve_place`: ambiguous names are asked back with the candidates
as buttons, unknown ones re-asked. Only the coarse place is kept in the slot — a postal code, a town
name or coordinates rounded to two decimals — and the region key (AGS) in ``region``.

A message that is about something else while the form asks (a topic question, an emergency, "/help")
is not taken as a place: the form then rejects it and the rules in ``rules/rules.yml`` answer it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Final

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.orm import Session

from actions.conversation import (
    conversation_language,
    intent_of,
    payload,
    send_meta,
    turn_events,
)
from actions.runtime import database
from bot.content.places import Place, PlaceResolution, resolve_place
from bot.i18n import messages as m
from bot.i18n import translate
from bot.topics import TOPICS

FORM: Final = "find_services_form"
PLACE_SLOT: Final = "place"
REGION_SLOT: Final = "region"
ASK_AGAIN: Final = ""
"""What :func:`place_answer` returns when the message asks to give (another) place."""

INTERRUPTIONS: Final = frozenset(
    {t for t in TOPICS if t != "find_service"}
    | {"greet", "goodbye", "thank", "deny", "help", "choose_language", "bot_challenge", "privacy"}
)
"""Intents that are about something else than the place asked for (emergency is never a place)."""
PLACE_INTENTS: Final = frozenset({"inform_location", "find_service"})
MAX_PLACE_WORDS: Final = 3
"""A message this short that resolves to a place answers the question, whatever NLU made of it."""

_COORDINATES = re.compile(r"^\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$")
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


# --- plain helpers -------------------------------------------------------------------------------


def coordinates_value(lat: float, lon: float) -> str:
    """The slot value for a shared location: rounded to two decimals (about a kilometre)."""
    return f"{round(lat, 2):.2f},{round(lon, 2):.2f}"


def parse_coordinates(value: str) -> tuple[float, float] | None:
    match = _COORDINATES.match(value)
    if match is None:
        return None
    lat, lon = float(match.group(1)), float(match.group(2))
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return lat, lon


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


def resolve_slot(session: Session, value: str) -> PlaceResolution:
    """Resolve a ``place`` slot value (or a candidate typed by the user) again."""
    coordinates = parse_coordinates(value)
    if coordinates is not None:
        return resolve_place(session, lat=coordinates[0], lon=coordinates[1])
    return resolve_place(session, text=value)


def slot_value(given: str, place: Place) -> str:
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


def candidate_buttons(candidates: tuple[Place, ...]) -> list[dict[str, str]]:
    """One button per candidate town; the payload carries its postal code or its centre, rounded."""
    buttons = []
    for place in candidates:
        title = f"{place.name} ({place.region_name})" if place.region_name else place.name
        if place.postal_code:
            target = payload("inform_location", location=place.postal_code)
        else:
            target = payload("inform_location", lat=round(place.latitude, 2), lon=round(place.longitude, 2))
        buttons.append({"title": title, "payload": target})
    return buttons


def rejected_place_this_turn(tracker: Tracker) -> bool:
    """Whether the validation has just told the user why the place was not taken."""
    events = turn_events(tracker)
    cleared = any(
        e.get("event") == "slot" and e.get("name") == PLACE_SLOT and e.get("value") is None for e in events
    )
    explained = any(e.get("event") == "bot" and e.get("text") for e in events)
    return cleared and explained


# --- actions -------------------------------------------------------------------------------------


def _start_reply(dispatcher: CollectingDispatcher, tracker: Tracker) -> str:
    """Send the reply's meta (the topic searched for stays its topic) and return its language."""
    language = conversation_language(tracker)
    send_meta(
        dispatcher,
        tracker,
        language=language,
        intent=intent_of(tracker),
        topic=tracker.get_slot("topic"),
    )
    return language


class ValidateFindServicesForm(FormValidationAction):
    def name(self) -> str:
        return "validate_find_services_form"

    async def extract_place(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        asking = tracker.get_slot("requested_slot") == PLACE_SLOT

        def resolves(text: str) -> bool:
            with database() as session:
                found = resolve_slot(session, text)
            return found.found or found.ambiguous

        given = place_answer(tracker.latest_message, asking=asking, resolves=resolves)
        if given is None:
            return {}
        if given == ASK_AGAIN:
            return {PLACE_SLOT: None}
        return {PLACE_SLOT: given}

    async def validate_place(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        if not isinstance(value, str) or not value.strip():
            return {PLACE_SLOT: None}
        with database() as session:
            resolution = resolve_slot(session, value)
        if resolution.place is not None:
            return {
                PLACE_SLOT: slot_value(value, resolution.place),
                REGION_SLOT: resolution.place.ags,
            }
        language = _start_reply(dispatcher, tracker)
        shown = value.strip()[:60]
        if resolution.ambiguous:
            dispatcher.utter_message(
                text=translate(language, m.PLACE_AMBIGUOUS, place=shown),
                buttons=candidate_buttons(resolution.candidates),
            )
        else:
            dispatcher.utter_message(text=translate(language, m.PLACE_NOT_FOUND, place=shown))
        return {PLACE_SLOT: None, REGION_SLOT: None}


class ActionAskPlace(Action):
    """Asks for the place: the client offers "share location" and a field for a postal code."""

    def name(self) -> str:
        return "action_ask_place"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        language = _start_reply(dispatcher, tracker)
        dispatcher.utter_message(json_message={"type": "request_location"})
        if not rejected_place_this_turn(tracker):
            dispatcher.utter_message(text=translate(language, m.ASK_PLACE))
        return []
