"""Rasa as the adapter sees it: available or not, and back by itself when it recovers.

A failed message is tried once more after a short pause (unless Rasa was merely slow). Then Rasa
counts as down: messages are answered in degraded mode at once instead of each waiting for a
timeout, while a background check asks Rasa's status with growing pauses (1, 2, 4, 8 s) until it is
ready again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Sequence
from typing import Any

from bot.rasa_client import RasaClient, RasaUnavailable

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 0.5
SLOW_SECONDS = 2.0
"""A failure that took longer than this is not retried: the user has waited long enough."""
PROBE_PAUSES: Sequence[float] = (1.0, 2.0, 4.0, 8.0)


class RasaBridge:
    def __init__(
        self,
        client: RasaClient,
        *,
        retry_after: float = RETRY_AFTER_SECONDS,
        probe_pauses: Sequence[float] = PROBE_PAUSES,
    ) -> None:
        self._client = client
        self._retry_after = retry_after
        self._probe_pauses = tuple(probe_pauses)
        self._available = True
        self._probe: asyncio.Task[None] | None = None

    @property
    def available(self) -> bool:
        return self._available

    async def send(self, sender: str, text: str, metadata: dict[str, Any]) -> list[dict[str, Any]] | None:
        """Rasa's replies, or ``None`` when Rasa cannot answer now (the caller degrades)."""
        if not self._available:
            return None
        for attempt in (1, 2):
            started = time.monotonic()
            try:
                replies = await self._client.send(sender, text, metadata)
            except RasaUnavailable as exc:
                slow = time.monotonic() - started > SLOW_SECONDS
                if attempt == 1 and not slow:
                    await asyncio.sleep(self._retry_after)
                    continue
                self._went_down(exc)
                return None
            return replies
        return None  # pragma: no cover (the loop always returns)

    async def forget(self, sender: str) -> bool:
        """Delete ``sender``'s conversation in Rasa; ``False`` when Rasa could not be reached."""
        try:
            await self._client.forget(sender)
        except RasaUnavailable as exc:
            self._went_down(exc)
            return False
        return True

    async def close(self) -> None:
        if self._probe is not None:
            self._probe.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._probe
            self._probe = None
        await self._client.aclose()

    def _went_down(self, exc: RasaUnavailable) -> None:
        if self._available:
            logger.warning("Rasa is not answering (%s); answering from the menu until it is back.", exc)
        self._available = False
        if self._probe is None or self._probe.done():
            self._probe = asyncio.create_task(self._wait_until_back(), name="rasa-probe")

    async def _wait_until_back(self) -> None:
        attempt = 0
        while True:
            pause = self._probe_pauses[min(attempt, len(self._probe_pauses) - 1)]
            await asyncio.sleep(pause)
            attempt += 1
            if await self._client.is_ready():
                self._available = True
                logger.warning("Rasa answers again; understanding free text again.")
                return
