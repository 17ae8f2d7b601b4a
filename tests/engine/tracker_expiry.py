"""Run in .venv-rasa: exercise wegweiser_engine.channel's delete and purge on real tracker stores.

Reads a JSON job on stdin ({"store": "sql"|"redis", ...}), prints a JSON result on stdout.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time

from rasa.core.tracker_store import RedisTrackerStore, SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from wegweiser_engine.channel import delete_conversation, purge_expired


def conversation(sender: str, seconds_ago: float) -> DialogueStateTracker:
    at = time.time() - seconds_ago
    return DialogueStateTracker.from_events(
        sender,
        [
            ActionExecuted("action_listen", timestamp=at - 2),
            UserUttered("Wo finde ich eine Wohnung?", timestamp=at - 1),
            BotUttered("Fragen Sie beim Wohnungsamt.", timestamp=at),
        ],
    )


async def main(job: dict) -> dict:
    domain = Domain.empty()
    if job["store"] == "sql":
        store = SQLTrackerStore(domain, **job["sql"])
    else:
        store = RedisTrackerStore(domain, **job["redis"])
    for sender, age in job["conversations"].items():
        await store.save(conversation(sender, age))
    result: dict = {}
    if job["store"] == "redis":
        result["ttl"] = {s: store.red.ttl(store.key_prefix + s) for s in job["conversations"]}
    result["purged"] = purge_expired(store, job["max_age_seconds"])
    delete_conversation(store, job["delete"])
    remaining = [s for s in job["conversations"] if await store.retrieve(s) is not None]
    result["remaining"] = sorted(remaining)
    return result


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(json.load(sys.stdin)))))
