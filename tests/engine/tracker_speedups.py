"""Run in .venv-rasa: a conversation read back from Rasa's SQL tracker store with and without the
speed-ups of ``wegweiser_engine.speedups`` must be the same conversation.

Reads a JSON job on stdin ({"db": path}), prints a JSON result on stdout.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity
from rasa.shared.utils.common import all_subclasses
from wegweiser_engine import speedups

DOMAIN = Domain.from_yaml(
    """
intents: [housing_search]
slots:
  language: {type: text, mappings: [{type: custom}]}
"""
)


def conversation(sender: str) -> DialogueStateTracker:
    at = time.time() - 100
    events: list[Event] = [
        ActionExecuted("action_session_start", timestamp=at),
        SessionStarted(timestamp=at),
        ActionExecuted("action_listen", timestamp=at + 1),
        UserUttered("alt", {"name": "housing_search", "confidence": 0.9}, timestamp=at + 2),
        BotUttered("old session", timestamp=at + 3),
        ActionExecuted("action_session_start", timestamp=at + 10),
        SessionStarted(timestamp=at + 10),
        SlotSet("language", "uk", timestamp=at + 11),
        ActionExecuted("action_listen", timestamp=at + 12),
    ]
    for turn in range(20):
        events += [
            UserUttered(
                f"Де знайти житло {turn}?",
                {"name": "housing_search", "confidence": 0.8},
                parse_data={"intent_ranking": [{"name": "housing_search", "confidence": 0.8}]},
                timestamp=at + 13 + turn,
            ),
            BotUttered(
                f"Відповідь {turn}",
                {"buttons": [{"title": "x", "payload": "/y"}]},
                timestamp=at + 13.5 + turn,
            ),
            ActionExecuted("action_listen", timestamp=at + 13.7 + turn),
        ]
    return DialogueStateTracker.from_events(sender, events, DOMAIN.slots)


def state(tracker: DialogueStateTracker | None) -> object:
    return None if tracker is None else tracker.current_state(EventVerbosity.ALL)


async def main(job: dict) -> dict:
    store = SQLTrackerStore(DOMAIN, dialect="sqlite", db=job["db"])
    await store.save(conversation("tg-speedups"))
    names = [*sorted({cls.type_name for cls in all_subclasses(Event)}), "topic", "no-such-event"]

    def classes() -> dict[str, str | None]:
        found: dict[str, str | None] = {}
        for name in names:
            try:
                cls = Event.resolve_by_type(name)
                found[name] = None if cls is None else cls.__name__
            except ValueError as error:
                found[name] = f"error: {error}"
        return found

    before = {
        "last_session": state(await store.retrieve("tg-speedups")),
        "all_sessions": state(await store.retrieve_full_tracker("tg-speedups")),
        "unknown": state(await store.retrieve("tg-nobody")),
        "classes": classes(),
    }
    speedups.apply()
    after = {
        "last_session": state(await store.retrieve("tg-speedups")),
        "all_sessions": state(await store.retrieve_full_tracker("tg-speedups")),
        "unknown": state(await store.retrieve("tg-nobody")),
        "classes": classes(),
    }
    return {
        "same": before == after,
        "events_last_session": len(after["last_session"]["events"]),  # type: ignore[index]
        "events_all_sessions": len(after["all_sessions"]["events"]),  # type: ignore[index]
        "language": after["last_session"]["slots"]["language"],  # type: ignore[index]
        "patched": SQLTrackerStore._retrieve is speedups._sql_retrieve,
        # a store made after the speed-ups keeps its SQLite connections open between messages
        "pool_before": type(store.engine.pool).__name__,
        "pool_after": type(SQLTrackerStore(DOMAIN, dialect="sqlite", db=job["db"]).engine.pool).__name__,
    }


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(json.load(sys.stdin))), ensure_ascii=False))
