"""Rasa as a client sees it: available or not, and back by itself when it recovers.

Only an unavailable engine (Rasa down, its action server down) puts a client (the Telegram adapter, the
chat page) into outage mode, and only after a health probe confirms it: one failing action, one refused
message or one empty reply fails that message alone (:class:`bot.rasa_client.MessageFailed`), so nobody
else notices. A message that met an unavailable engine is tried once more after a short pause (unless
Rasa was merely slow). While the engine is down, messages are answered in outage mode at once instead of
each waiting for a timeout, and a background probe asks with growing pauses (1, 2, 4, 8 s) until it is
healthy again. With several workers (``WEGWEISER_ADAPTER_STATE=redis``) "down" is shared
(:class:`bot.shared_state.EngineFlag`): the worker that found out probes, the others answer from the
menu at once too.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from bot.rasa_client import EngineUnavailable, MessageFailed, RasaClient, RasaError

if TYPE_CHECKING:
    from bot.shared_state import EngineFlag

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 0.5
SLOW_SECONDS = 2.0
"""A failure that took longer than this is not retried: the person has waited long enough."""
PROBE_PAUSES: Sequence[float] = (1.0, 2.0, 4.0, 8.0)


class EngineDown(EngineUnavailable):
    """The adapter knows the engine is down: answer in outage mode."""


class RasaBridge:
    def __init__(
        self,
        client: RasaClient,
        *,
        retry_after: float = RETRY_AFTER_SECONDS,
        probe_pauses: Sequence[float] = PROBE_PAUSES,
        shared: EngineFlag | None = None,
    ) -> None:
        self._client = client
        self._shared = shared
        self._retry_after = retry_after
        self._probe_pauses = tuple(probe_pauses)
        self._available = True
        self._probe: asyncio.Task[None] | None = None

    @property
    def available(self) -> bool:
        return self._available

    async def send(self, sender: str, text: str, metadata: dict[str, Any]) -> list[dict[str, Any]]:
        """Rasa's reply messages.

        Raises:
            EngineUnavailable: the engine cannot answer now (the caller answers in outage mode).
            MessageFailed: this message failed; the engine is fine (the caller apologises).
        """
        if not self._available or (self._shared is not None and await self._shared.is_down()):
            raise EngineDown("the language engine is down")
        for attempt in (1, 2):
            started = time.monotonic()
            try:
                return await self._client.send(sender, text, metadata)
            except MessageFailed:
                raise
            except EngineUnavailable as exc:
                slow = time.monotonic() - started > SLOW_SECONDS
                if attempt == 1 and not slow:
                    await asyncio.sleep(self._retry_after)
                    continue
                if await self._client.is_healthy():
                    # The probe says the engine is fine: this message failed, nobody else.
                    raise MessageFailed(
                        f"one message failed although the engine is healthy ({exc})"
                    ) from None
                await self._went_down(exc)
                raise
        raise AssertionError("unreachable")  # pragma: no cover

    async def forget(self, sender: str) -> bool:
        """Delete ``sender``'s conversation in Rasa; ``False`` when Rasa could not do it now."""
        try:
            await self._client.forget(sender)
        except RasaError as exc:
            logger.warning("Could not delete a conversation in Rasa: %s", type(exc).__name__)
            return False
        return True

    async def close(self) -> None:
        if self._probe is not None:
            self._probe.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._probe
            self._probe = None
        await self._client.aclose()

    async def _went_down(self, exc: RasaError) -> None:
        if self._shared is not None:
            await self._shared.set_down()
        if self._available:
            logger.warning("The engine is not answering (%s); answering from the menu until it is back.", exc)
        self._available = False
        if self._probe is None or self._probe.done():
            self._probe = asyncio.create_task(self._wait_until_back(), name="rasa-probe")

    async def _wait_until_back(self) -> None:
        attempt = 0
        while True:
            pause = self._probe_pauses[min(attempt, len(self._probe_pauses) - 1)]
            await asyncio.sleep(pause)
            attempt += 1
            if self._shared is not None:
                await self._shared.set_down()  # still probing: keep the others answering from the menu
            if await self._client.is_healthy():
                if self._shared is not None:
                    await self._shared.clear()
                self._available = True
                logger.warning("The engine answers again; understanding free text again.")
                return
