"""Reading a conversation: what was asked, in which language, and the replies' common parts.

Every reply starts with exactly one ``meta`` custom message so clients know the reply's language and
topic without guessing (the Telegram adapter uses it for right-to-left layout, the CLI for
``--json``). Several actions can run for one user message (an answer, then the form asking for the
place), so the meta is sent by whichever runs first; the others see it in the tracker and reuse its
language, so one reply never mixes languages.
"""

from __future__ import annotations

import json
from typing import Any, Final

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.runtime import settings
from bot.i18n import messages as m
from bot.i18n import translate
from bot.languages import is_rtl, normalize_language
from bot.nlu.language import reply_language
from bot.topics import MENU, is_topic

COUNSEL: Final = "counsel"
"""The ``kind`` entity of "talk to a counsellor" payloads: show counselling services only."""


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


def conversation_language(tracker: Tracker) -> str:
    """The reply language.

    Within one reply: the language it already has. Otherwise the explicit choice (metadata or slot),
    else the message's language, else the language the conversation was in (so a bare "50667" after
    an Arabic question is answered in Arabic), else the client's hint, else the default.
    """
    meta = reply_meta(tracker)
    code = normalize_language(meta.get("language")) if meta else None
    if code:
        return code
    metadata = metadata_of(tracker)
    text = tracker.latest_message.get("text") or ""
    words = "" if text.startswith("/") else words_besides_places(tracker.latest_message)
    if tracker.get_slot("requested_slot") == "place" and len(words.split()) <= 2:
        words = ""  # the answer to "where?" is a place name, whatever language it seems to be in
    return reply_language(
        choice=metadata.get("lang_choice") or tracker.get_slot("language"),
        text=words or None,
        hint=previous_language(tracker) or metadata.get("lang_hint"),
        default=settings().default_language,
    )


def send_meta(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    *,
    language: str,
    intent: str | None,
    topic: str | None = None,
    language_fallback: bool = False,
) -> None:
    """Start the reply with its meta message, unless an earlier action of this turn already did."""
    if reply_meta(tracker) is not None:
        return
    dispatcher.utter_message(
        json_message={
            "type": "meta",
            "language": language,
            "rtl": is_rtl(language),
            "intent": intent,
            "topic": topic if is_topic(topic) else None,
            "language_fallback": language_fallback,
        }
    )


def payload(intent: str, **entities: object) -> str:
    """A button payload ``/intent{"entity":"value"}``, compact for Telegram's 64-byte limit."""
    if not entities:
        return f"/{intent}"
    return f"/{intent}{json.dumps(entities, ensure_ascii=False, separators=(',', ':'))}"


def near_me_payload(topic: str | None, *, counselling: bool = False) -> str:
    entities: dict[str, object] = {"topic": topic} if is_topic(topic) and topic else {}
    if counselling:
        entities["kind"] = COUNSEL
    return payload("find_service", **entities)


def next_step_buttons(language: str, topic: str | None) -> list[dict[str, str]]:
    """The buttons under every answer: services near me, a counsellor, other topics."""
    return [
        {"title": translate(language, m.BUTTON_NEAR_ME), "payload": near_me_payload(topic)},
        {
            "title": translate(language, m.BUTTON_COUNSELLOR),
            "payload": near_me_payload(topic, counselling=True),
        },
        {"title": translate(language, m.BUTTON_OTHER_TOPICS), "payload": "/help"},
    ]


def topic_menu_buttons(language: str) -> list[dict[str, str]]:
    """The topic groups as buttons (a group of several topics opens its list), and near-me."""
    buttons = [{"title": translate(language, m.TOPIC_TITLES["find_service"]), "payload": "/find_service"}]
    for group, topics in MENU.items():
        if group == "emergency":
            target = payload("emergency")
        elif len(topics) == 1:
            target = payload(topics[0])
        else:
            target = payload("help", menu=group)
        buttons.append({"title": translate(language, m.MENU_GROUP_TITLES[group]), "payload": target})
    return buttons


def group_buttons(language: str, group: str) -> list[dict[str, str]]:
    """The topics of one menu group, and the way back to all groups."""
    buttons = [
        {"title": translate(language, m.TOPIC_TITLES[topic]), "payload": payload(topic)}
        for topic in MENU.get(group, ())
    ]
    buttons.append({"title": translate(language, m.BUTTON_ALL_TOPICS), "payload": "/help"})
    return buttons
