"""The glue between Rasa's tracker and the reply builders: read the turn, send the reply.

Every reply starts with exactly one ``meta`` message (:mod:`bot.replies.contract`). Several actions
can run for one user message (an answer, then the form asking for the place); the first sends the
meta, the others see it in the tracker and keep its language, so one reply never mixes languages.

The safety net looks at every typed message here, whatever intent was predicted: if it is about
violence, suicide, abuse, trafficking or a medical emergency, the first reply of the turn starts with
the crisis lines of that category (and is counted as an emergency, as the emergency reply is).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.runtime import count_use, settings
from bot.content.usage import EMERGENCY
from bot.languages import normalize_language
from bot.nlu.language import TURN_CACHE, detect_language, in_other_language
from bot.replies.contract import Reply, message_to_wire
from bot.replies.emergency import with_crisis_lines
from bot.replies.fixed import other_language
from bot.replies.language import LanguageSignals, decide_language
from bot.replies.safety import NO_DANGER, Danger, SafetyNet


def intent_of(tracker: Tracker) -> str | None:
    intent = tracker.latest_message.get("intent") or {}
    name = intent.get("name")
    return str(name) if name else None


def metadata_of(tracker: Tracker) -> dict[str, Any]:
    metadata = tracker.latest_message.get("metadata") or {}
    return metadata if isinstance(metadata, dict) else {}


def entity_value(tracker: Tracker, entity: str) -> str | None:
    """The latest message's first value of ``entity`` as text (payload numbers included)."""
    for found in tracker.latest_message.get("entities") or []:
        if found.get("entity") == entity and found.get("value") is not None:
            return str(found["value"]).strip() or None
    return None


def turn_events(tracker: Tracker) -> list[dict[str, Any]]:
    """The events after the latest user message: what this reply has done so far."""
    events = list(tracker.events)
    for index in range(len(events) - 1, -1, -1):
        if events[index].get("event") == "user":
            return events[index + 1 :]
    return events


def _meta_of(event: dict[str, Any]) -> dict[str, Any] | None:
    if event.get("event") != "bot":
        return None
    custom = (event.get("data") or {}).get("custom")
    return custom if isinstance(custom, dict) and custom.get("type") == "meta" else None


def reply_meta(tracker: Tracker) -> dict[str, Any] | None:
    """The meta message this reply already carries, if an earlier action of the turn sent one."""
    return next((meta for e in turn_events(tracker) if (meta := _meta_of(e)) is not None), None)


def previous_intent(tracker: Tracker) -> str | None:
    """The meta intent of the last reply before this message ("was the last reply a fallback?")."""
    events = list(tracker.events)
    latest_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=len(events))
    for event in reversed(events[:latest_user]):
        meta = _meta_of(event)
        if meta is not None:
            intent = meta.get("intent")
            return str(intent) if intent else None
    return None


def intent_ranking(tracker: Tracker) -> list[tuple[str, float]]:
    """The latest message's intents with their confidences, best first (as Rasa ranked them)."""
    ranking = []
    for row in tracker.latest_message.get("intent_ranking") or []:
        if isinstance(row, dict) and row.get("name"):
            ranking.append((str(row["name"]), float(row.get("confidence") or 0.0)))
    return ranking


def previous_language(tracker: Tracker) -> str | None:
    """The language of the last reply before this message (how a bare "50667" keeps Arabic)."""
    for event in reversed(list(tracker.events)):
        meta = _meta_of(event)
        if meta is not None:
            return normalize_language(meta.get("language"))
    return None


def words_besides_places(message: dict[str, Any]) -> str:
    """The message without the places it names: "Mülheim" or "50667" says nothing about the language
    (place names look Polish or Turkish to any detector), "ich wohne in Mülheim" still does."""
    text = str(message.get("text") or "")
    spans = sorted(
        (int(e["start"]), int(e["end"]))
        for e in message.get("entities") or []
        if e.get("entity") == "location" and isinstance(e.get("start"), int) and isinstance(e.get("end"), int)
    )
    for start, end in reversed(spans):
        text = text[:start] + " " + text[end:]
    return " ".join(text.split())


def language_signals(tracker: Tracker) -> LanguageSignals:
    """What the turn tells about the reply language (see :mod:`bot.replies.language`)."""
    metadata = metadata_of(tracker)
    text = tracker.latest_message.get("text") or ""
    words = "" if text.startswith("/") else words_besides_places(tracker.latest_message)
    if tracker.get_slot("requested_slot") == "place" and len(words.split()) <= 2:
        words = ""  # the answer to "where?" is a place name, whatever language it seems to be in
    return LanguageSignals(
        choice=metadata.get("lang_choice") or tracker.get_slot("language"),
        text=words or None,
        previous=previous_language(tracker),
        hint=metadata.get("lang_hint"),
    )


def conversation_language(tracker: Tracker) -> str:
    """The reply language: within one reply the one it already has, else the one decision."""
    meta = reply_meta(tracker)
    code = normalize_language(meta.get("language")) if meta else None
    if code:
        return code
    return decide_language(
        language_signals(tracker), default=settings().default_language, detect=detect_language
    )


def written_in_other_language(tracker: Tracker) -> bool:
    """The typed message is in a language the bot does not answer in, and the person has not chosen
    one of its languages (then they know, and get the answer in it)."""
    signals = language_signals(tracker)
    if signals.choice or not signals.text:
        return False
    return in_other_language(signals.text)


def danger_in(tracker: Tracker) -> Danger:
    """What the safety net finds in the latest typed message (buttons' payloads are not typed text)."""
    text = str(tracker.latest_message.get("text") or "")
    if not text.strip() or text.startswith("/"):
        return NO_DANGER
    return _danger(text)


@lru_cache(maxsize=TURN_CACHE)
def _danger(text: str) -> Danger:
    """Once per message: a topic's answer asks for its crisis lines, then :func:`send` for the turn's."""
    return SafetyNet.load().check(text)


def is_emergency_reply(reply: Reply) -> bool:
    """The emergency reply itself (crisis lines, no topic), which ``action_emergency`` counts."""
    return reply.meta.crisis and reply.meta.topic is None


def send(dispatcher: CollectingDispatcher, tracker: Tracker, reply: Reply) -> None:
    """Utter ``reply``; its meta only when no earlier action of this turn has sent one.

    The first reply of a turn gets the crisis lines first when the safety net fires, whatever the
    action; a reply that already carries them is left as it is. Such a turn is counted once as an
    emergency, also when a topic's answer brings its own crisis lines (``emergency_route``, e.g. "i
    was raped" predicted as ``violence_women``); the emergency reply is counted by its action. A
    message in a language the bot does not answer in gets its languages to choose from instead of an
    answer to a guess (:func:`written_in_other_language`; crisis lines stay, first).
    """
    if reply_meta(tracker) is None:
        if written_in_other_language(tracker):
            languages = other_language(reply.language)
            # crisis lines stay, with the languages under them; any other answer was a guess
            reply = reply.plus(*languages.messages) if reply.meta.crisis else languages
        danger = danger_in(tracker)
        if danger and not is_emergency_reply(reply):
            reply = with_crisis_lines(reply, danger)
            count_use(tracker, topic=EMERGENCY, region=tracker.get_slot("region"), language=reply.language)
        dispatcher.utter_message(json_message=reply.meta.to_wire())
    for message in reply.messages:
        wire = message_to_wire(message)
        if "custom" in wire:
            dispatcher.utter_message(json_message=wire["custom"])
        else:
            dispatcher.utter_message(text=wire["text"], buttons=wire.get("buttons") or [])
