"""What the adapter remembers of a conversation while it lasts, keyed by pseudonym, in memory only.

Rasa's tracker holds the conversation; the adapter keeps only what it needs to answer when Rasa
cannot (the conversation's language and topic, whether "where?" is open and a counsellor was asked
for) and a language chosen meanwhile, passed on to Rasa with every message once it is back.
Nothing here names a chat or a person, nothing is written to disk, and an entry is forgotten after
the session lifetime, on ``/delete``, or when the table is full (oldest first).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class SessionState:
    language: str | None = None
    place_keyboard: bool = False
    """The place keyboard is open: the last reply asked "where?"."""
    topic: str | None = None
    """The last topic a reply was about (what "services near me" searches for without Rasa)."""
    counselling: bool = False
    """The last "services near me" asked for a counsellor."""
    pending_language: str | None = None
    """Chosen while Rasa was down; sent along as the explicit choice until another is made."""
    seen: float = 0.0


class Sessions:
    def __init__(
        self,
        lifetime_seconds: float,
        *,
        max_sessions: int = 100_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._lifetime = lifetime_seconds
        self._max = max_sessions
        self._clock = clock
        self._states: OrderedDict[str, SessionState] = OrderedDict()

    def __len__(self) -> int:
        self._expire()
        return len(self._states)

    def get(self, sender: str) -> SessionState:
        """The state of ``sender``'s conversation (new when none or expired), marked as seen now."""
        self._expire()
        state = self._states.pop(sender, None) or SessionState()
        state.seen = self._clock()
        self._states[sender] = state
        while len(self._states) > self._max:
            self._states.popitem(last=False)
        return state

    def forget(self, sender: str) -> None:
        self._states.pop(sender, None)

    def _expire(self) -> None:
        cutoff = self._clock() - self._lifetime
        while self._states:
            sender, state = next(iter(self._states.items()))
            if state.seen >= cutoff:
                break
            del self._states[sender]
