"""Rasa 3.6.21's SQL tracker store keeps the conversation it has just saved, for its next message.

Every message otherwise reads the whole current session back from the database and replays it event
by event: a good part of Rasa's time per message (docs/performance.md). Here the tracker just saved is
kept in this process and handed out again only while the database still holds exactly what it held
after that save: the same number of events and the same newest row for the conversation (one indexed
query). Anything else reads from the database as before: another process wrote, the conversation was
deleted, scrubbed or purged (those paths also call :func:`forget`), the tracker changed after it was
saved, or it began a new session while it was held.

Kept trackers are bounded (``limit`` conversations, least recently used out first) and dropped once
older than the session lifetime, so nothing outlives the retention promise. Only for one engine
process per tracker store: the stack turns it off for replicas (``bot/engine/runtime.py``).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker

Signature = tuple[int, int | None]


@dataclass
class _Kept:
    tracker: DialogueStateTracker
    events: int
    newest: Event
    signature: Signature
    saved_at: float


@dataclass
class _Settings:
    limit: int = 0
    max_age: float = 1800.0
    originals: dict[str, Any] = field(default_factory=dict)


_settings = _Settings()


@dataclass
class _Held:
    """One store's kept trackers (least recently saved first) and the ones handed out since."""

    kept: OrderedDict[str, _Kept] = field(default_factory=OrderedDict)
    handed: dict[str, tuple[DialogueStateTracker, int]] = field(default_factory=dict)

    def drop_older_than(self, cutoff: float, limit: int | None = None) -> None:
        while self.kept and (
            (limit is not None and len(self.kept) > limit) or next(iter(self.kept.values())).saved_at < cutoff
        ):
            self.kept.popitem(last=False)


def _held_by(store: Any) -> _Held | None:
    """What ``store`` keeps, if it ever kept anything (in-memory and Redis stores never do)."""
    held: _Held | None = store.__dict__.get("_wegweiser_held")
    return held


def _held(store: Any) -> _Held:
    held = _held_by(store)
    if held is None:
        held = store.__dict__["_wegweiser_held"] = _Held()
    return held


_count_and_newest = sa.select(
    sa.func.count(SQLTrackerStore.SQLEvent.id), sa.func.max(SQLTrackerStore.SQLEvent.id)
).where(SQLTrackerStore.SQLEvent.sender_id == sa.bindparam("sender"))


def _signature(store: SQLTrackerStore, sender_id: str) -> Signature:
    """How many events the database holds for the conversation, and its newest row id (one compiled
    statement on a pooled connection: a tenth of what an ORM query costs)."""
    with store.engine.connect() as connection:
        count, newest = connection.execute(_count_and_newest, {"sender": sender_id}).one()
    return int(count), newest


def _reads_back_the_same(tracker: DialogueStateTracker) -> bool:
    """Whether reading the conversation back would give these events: Rasa reads the events from the
    newest session start on (by timestamp), so none of them may be older than it."""
    starts = [event.timestamp for event in tracker.events if isinstance(event, SessionStarted)]
    return not starts or all(event.timestamp >= starts[-1] for event in tracker.events)


async def _retrieve(self: SQLTrackerStore, sender_id: str) -> DialogueStateTracker | None:
    held = _held(self)
    kept = held.kept.pop(sender_id, None)
    held.handed.pop(sender_id, None)
    if (
        kept is not None
        and len(kept.tracker.events) == kept.events
        and kept.tracker.events[-1] is kept.newest
        and time.time() - kept.saved_at < _settings.max_age
        and _signature(self, sender_id) == kept.signature
    ):
        # the database holds exactly these events of the session: its save need not count them again
        held.handed[sender_id] = (kept.tracker, kept.events)
        return kept.tracker
    tracker: DialogueStateTracker | None = await _settings.originals["retrieve"](self, sender_id)
    return tracker


def _additional_events(self: SQLTrackerStore, session: Any, tracker: DialogueStateTracker) -> Iterator[Event]:
    """The events to insert: after those the database held when the tracker was handed out."""
    handed = _held(self).handed.pop(tracker.sender_id, None)
    if handed is not None and handed[0] is tracker and len(tracker.events) >= handed[1]:
        return islice(tracker.events, handed[1], len(tracker.events))
    events: Iterator[Event] = _settings.originals["additional_events"](self, session, tracker)
    return events


async def _save(self: SQLTrackerStore, tracker: DialogueStateTracker) -> None:
    held = _held(self)
    held.kept.pop(tracker.sender_id, None)  # never hand out a tracker from before this save
    await _settings.originals["save"](self, tracker)
    if not tracker.events or not _reads_back_the_same(tracker):
        return
    held.kept[tracker.sender_id] = _Kept(
        tracker=tracker,
        events=len(tracker.events),
        newest=tracker.events[-1],
        signature=_signature(self, tracker.sender_id),
        saved_at=time.time(),
    )
    held.drop_older_than(time.time() - _settings.max_age, limit=_settings.limit)


def forget(store: Any, sender_id: str) -> None:
    """Drop what is kept of one conversation: it was deleted or changed in the database."""
    held = _held_by(store)
    if held is None:
        return
    held.kept.pop(sender_id, None)
    held.handed.pop(sender_id, None)


def forget_older_than(store: Any, max_age: float) -> None:
    """Drop kept conversations saved longer than ``max_age`` seconds ago (the purge's cutoff), and
    handed-out ones that were never saved again (read through the HTTP API) once as old."""
    held = _held_by(store)
    if held is None:
        return
    cutoff = time.time() - max_age
    held.drop_older_than(cutoff)
    for sender_id, (tracker, _) in list(held.handed.items()):
        if not tracker.events or (tracker.events[-1].timestamp or 0) < cutoff:
            held.handed.pop(sender_id, None)


def apply(limit: int, max_age: float) -> bool:
    """Keep up to ``limit`` conversations (0: off), each at most ``max_age`` seconds; idempotent."""
    _settings.limit, _settings.max_age = limit, max_age
    if limit <= 0 or _settings.originals:
        return bool(_settings.originals)
    _settings.originals.update(
        retrieve=SQLTrackerStore.retrieve,
        save=SQLTrackerStore.save,
        additional_events=SQLTrackerStore._additional_events,
    )
    SQLTrackerStore.retrieve = _retrieve  # type: ignore[method-assign]
    SQLTrackerStore.save = _save  # type: ignore[method-assign]
    SQLTrackerStore._additional_events = _additional_events  # type: ignore[method-assign]
    return True
