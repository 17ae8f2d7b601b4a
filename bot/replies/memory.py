"""What a client remembers of a conversation while it lasts: only what the last reply said.

The language engine's tracker holds the conversation. A client keeps just enough to answer while the
engine cannot (outage mode): the language and topic of the last reply, whether it asked "where?" (and
for what), and a language chosen meanwhile, passed on as the explicit choice once the engine is back.
All of it is read from the replies themselves (their meta and their place request), never guessed
from what the person sent. Keyed by pseudonym, in memory only, forgotten after the conversation's
lifetime, on ``/delete``, or when the table is full (oldest first).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from bot.replies.contract import Reply, RequestLocation
from bot.topics import is_topic


@dataclass
class Remembered:
    language: str | None = None
    topic: str | None = None
    """The last topic a reply was about (what "services near me" searches for without the engine)."""
    place_request: RequestLocation | None = None
    """The last reply asked "where?" — and for which topic, and whether for a counsellor."""
    chosen_language: str | None = None
    """Chosen while the engine was down; sent along as the explicit choice until another is made."""
    seen: float = 0.0

    def note(self, reply: Reply) -> None:
        """Remember what a reply that was shown says about the conversation."""
        self.language = reply.language
        if is_topic(reply.meta.topic):
            self.topic = reply.meta.topic
        self.place_request = reply.place_request()


class ConversationMemory:
    def __init__(
        self,
        lifetime_seconds: float,
        *,
        max_conversations: int = 100_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._lifetime = lifetime_seconds
        self._max = max_conversations
        self._clock = clock
        self._entries: OrderedDict[str, Remembered] = OrderedDict()

    def __len__(self) -> int:
        self._expire()
        return len(self._entries)

    def get(self, sender: str) -> Remembered:
        """What is remembered of ``sender``'s conversation (new when none or expired), seen now."""
        self._expire()
        entry = self._entries.pop(sender, None) or Remembered()
        entry.seen = self._clock()
        self._entries[sender] = entry
        while len(self._entries) > self._max:
            self._entries.popitem(last=False)
        return entry

    def forget(self, sender: str) -> None:
        self._entries.pop(sender, None)

    def _expire(self) -> None:
        cutoff = self._clock() - self._lifetime
        while self._entries:
            sender, entry = next(iter(self._entries.items()))
            if entry.seen >= cutoff:
                break
            del self._entries[sender]
