"""Trackers as the action server receives them from Rasa (``Tracker.from_dict`` on plain dicts).

Like Rasa's demo projects, action tests build the tracker state by hand: the latest message (text,
intent, entities, metadata), the slots and the events of the conversation so far.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker


def user_message(
    text: str,
    intent: str | None = None,
    *,
    confidence: float = 0.9,
    entities: dict[str, Any] | None = None,
    metadata: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A ``latest_message`` / user event's parse data."""
    return {
        "text": text,
        "intent": {"name": intent, "confidence": confidence} if intent else {},
        "entities": [{"entity": k, "value": v} for k, v in (entities or {}).items()],
        "metadata": metadata or {},
    }


def user_event(message: dict[str, Any]) -> dict[str, Any]:
    return {
        "event": "user",
        "text": message["text"],
        "parse_data": message,
        "metadata": message.get("metadata") or {},
    }


def meta_event(language: str, intent: str | None = None) -> dict[str, Any]:
    """The ``meta`` message of an earlier reply, as Rasa stores it (a bot event with custom data)."""
    custom = {"type": "meta", "language": language, "rtl": False, "intent": intent, "topic": None}
    return {"event": "bot", "text": None, "data": {"custom": custom}}


def bot_text(text: str) -> dict[str, Any]:
    return {"event": "bot", "text": text, "data": {}}


def slot_event(name: str, value: Any) -> dict[str, Any]:
    return {"event": "slot", "name": name, "value": value}


def tracker(
    message: dict[str, Any],
    *,
    slots: dict[str, Any] | None = None,
    before: list[dict[str, Any]] | None = None,
    after: list[dict[str, Any]] | None = None,
    active_loop: str | None = None,
) -> Tracker:
    """A tracker whose latest message is ``message``.

    Args:
        before: events of earlier turns (their user events and replies).
        after: events of this turn so far (what earlier actions of this reply did).
    """
    events = [*(before or []), user_event(message), *(after or [])]
    return Tracker.from_dict(
        {
            "sender_id": "test",
            "slots": dict(slots or {}),
            "latest_message": message,
            "events": events,
            "active_loop": {"name": active_loop} if active_loop else {},
            "latest_action_name": "action_listen",
        }
    )
