"""Run in .venv-rasa: Rasa's SQL tracker store with ``wegweiser_engine.tracker_cache`` applied must read
back what the database holds, whatever changed it: another process, a deletion, the phone-number scrub,
the purge, an unsaved change, a new session. A second store on the same file stands for the database
as read without the cache (its own kept trackers are never used: it only writes or reads once).

Reads a JSON job on stdin ({"db": path}), prints a JSON result on stdout.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time

from rasa.core.tracker_store import InMemoryTrackerStore, SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity
from wegweiser_engine import channel, speedups, tracker_cache

DOMAIN = Domain.from_yaml(
    """
intents: [housing_search]
slots:
  language: {type: text, mappings: [{type: custom}]}
"""
)


def started(sender: str) -> DialogueStateTracker:
    at = time.time()
    return DialogueStateTracker.from_events(
        sender,
        [
            ActionExecuted("action_session_start", timestamp=at),
            SessionStarted(timestamp=at),
            SlotSet("language", "de", timestamp=at),
            ActionExecuted("action_listen", timestamp=at),
        ],
        DOMAIN.slots,
    )


def turn(tracker: DialogueStateTracker, text: str) -> None:
    tracker.update(UserUttered(text, {"name": "housing_search", "confidence": 0.9}))
    tracker.update(BotUttered(f"answer to {text}"))
    tracker.update(ActionExecuted("action_listen"))


def texts(tracker: DialogueStateTracker | None) -> list[str] | None:
    if tracker is None:
        return None
    return [e["text"] for e in tracker.current_state(EventVerbosity.ALL)["events"] if e["event"] == "user"]


async def fresh(db: str, sender: str) -> DialogueStateTracker | None:
    """The conversation as the database holds it, read by a store that never kept it."""
    return await SQLTrackerStore(DOMAIN, dialect="sqlite", db=db).retrieve(sender)


async def main(job: dict) -> dict:
    db = job["db"]
    speedups.apply()
    applied = tracker_cache.apply(limit=5, max_age=1800)
    store = SQLTrackerStore(DOMAIN, dialect="sqlite", db=db)
    other = SQLTrackerStore(DOMAIN, dialect="sqlite", db=db)  # another process on the same database
    result: dict[str, object] = {"applied": applied}

    tracker = started("tg-a")
    turn(tracker, "eins")
    await store.save(tracker)
    again = await store.retrieve("tg-a")
    result["kept_and_handed_out"] = again is tracker
    result["kept_reads_as_stored"] = texts(again) == texts(await fresh(db, "tg-a"))

    # turn after turn from memory: each save stores exactly the new events, once
    tracker = started("tg-c")
    await store.save(tracker)
    hits = 0
    for number in range(3):
        mine = await store.retrieve("tg-c")
        assert mine is not None
        hits += mine is tracker
        turn(mine, f"Runde {number}")
        await store.save(mine)
    stored = await fresh(db, "tg-c")
    result["turns_from_memory"] = hits
    result["turns_stored"] = texts(stored)
    result["rows_match_events"] = stored is not None and len(stored.events) == len(tracker.events)

    # another process answers the next message: its events must be seen
    assert again is not None
    await store.save(again)
    elsewhere = await other.retrieve("tg-a")
    assert elsewhere is not None
    turn(elsewhere, "zwei")
    await other.save(elsewhere)
    result["sees_other_process"] = texts(await store.retrieve("tg-a"))

    # changed after its save and never saved again: the database wins
    mine = await store.retrieve("tg-a")
    assert mine is not None
    await store.save(mine)
    turn(mine, "nicht gespeichert")
    result["unsaved_change"] = texts(await store.retrieve("tg-a"))

    # the phone-number scrub rewrites stored rows in place (same count, same newest row)
    mine = await store.retrieve("tg-a")
    assert mine is not None
    turn(mine, "ruf mich an 0151 2345 6789")
    await store.save(mine)
    channel.scrub_stored_phone_numbers(store, "tg-a")
    result["after_scrub"] = texts(await store.retrieve("tg-a"))

    # "delete my data": nothing is handed out afterwards
    mine = await store.retrieve("tg-a")
    assert mine is not None
    await store.save(mine)
    channel.delete_conversation(store, "tg-a")
    result["after_delete"] = texts(await store.retrieve("tg-a"))

    # a new session began while it was held: only the new session is read back
    tracker = started("tg-b")
    turn(tracker, "alte Sitzung")
    at = time.time()
    tracker.update(ActionExecuted("action_session_start", timestamp=at))
    tracker.update(SessionStarted(timestamp=at))
    turn(tracker, "neue Sitzung")
    await store.save(tracker)
    result["new_session"] = texts(await store.retrieve("tg-b"))

    # bounded: at most `limit` conversations kept, the least recently saved out first
    for number in range(8):
        many = started(f"tg-many-{number}")
        turn(many, f"Frage {number}")
        await store.save(many)
    kept = store.__dict__["_wegweiser_held"].kept
    result["kept_count"] = len(kept)
    result["kept_newest"] = sorted(kept)
    # the purge's cutoff drops kept conversations too
    channel.purge_expired(store, 3600)
    result["kept_after_purge_of_old"] = len(kept)
    tracker_cache.forget_older_than(store, -1)
    result["kept_after_cutoff_now"] = len(kept)

    # kept longer than a session lives: read from the database, not handed out
    tracker = started("tg-old")
    turn(tracker, "vor langer Zeit")
    await store.save(tracker)
    kept["tg-old"].saved_at -= 3600
    again = await store.retrieve("tg-old")
    result["old_kept_handed_out"] = again is tracker
    result["old_kept_reads_as_stored"] = texts(again)

    # handed out and never saved again (read through the HTTP API): dropped at the purge's cutoff
    tracker = started("tg-read")
    turn(tracker, "nur gelesen")
    await store.save(tracker)
    handed = store.__dict__["_wegweiser_held"].handed
    result["read_handed_out"] = (await store.retrieve("tg-read")) is tracker and "tg-read" in handed
    tracker_cache.forget_older_than(store, 3600)
    result["handed_after_purge_of_old"] = "tg-read" in handed
    tracker_cache.forget_older_than(store, -1)
    result["handed_after_cutoff_now"] = "tg-read" in handed

    # a store that keeps nothing (in memory, Redis) gets nothing attached by a deletion or purge
    memory = InMemoryTrackerStore(DOMAIN)
    await memory.save(started("tg-m"))
    channel.delete_conversation(memory, "tg-m")
    channel.purge_expired(memory, 3600)
    result["memory_store_untouched"] = "_wegweiser_held" not in memory.__dict__
    result["memory_deleted"] = await memory.retrieve("tg-m") is None
    return result


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(json.load(sys.stdin))), ensure_ascii=False))
