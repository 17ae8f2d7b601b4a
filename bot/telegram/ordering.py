"""Concurrent updates, in order per chat: many chats at once, each chat's messages in turn.

python-telegram-bot handles one update at a time unless told otherwise; then one slow conversation
would hold up everyone. Here updates run concurrently and a per-chat lock keeps each chat's order.
A chat that sends faster than it is answered never occupies more than a few places: when more than
``max_waiting_per_chat`` of its updates wait, the oldest waiting one is left out, so the person's
latest message is always answered — and they are told once (``on_flood``, at most once a minute)
that they are sending very fast and the latest message is answered. Nothing is dropped silently.
State is keyed by pseudonym and removed as soon as a chat has nothing waiting. With several workers
(``WEGWEISER_ADAPTER_STATE=redis``) each update also waits for the chat's earlier updates that other
workers received (:class:`bot.shared_state.ChatTurns`, in Telegram's numbering).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

if TYPE_CHECKING:
    from bot.shared_state import ChatTurns

logger = logging.getLogger(__name__)

MAX_CONCURRENT = 64
MAX_WAITING_PER_CHAT = 3
TELL_AGAIN_AFTER_SECONDS = 60.0
MAX_REMEMBERED_NOTICES = 4096

FloodNotice = Callable[[Update], Awaitable[None]]


@dataclass
class _Chat:
    """One chat's turn: whether an update of it runs, and the futures of those waiting in order.

    A waiting update's future is set to ``True`` when its turn comes, ``False`` when a newer one
    supersedes it; either way it stops waiting at once (a superseded update must not keep holding
    one of the shared places while the chat's earlier ones run).
    """

    running: bool = False
    waiting: deque[asyncio.Future[bool]] = field(default_factory=deque)


class PerChatUpdateProcessor(BaseUpdateProcessor):
    def __init__(
        self,
        key: Callable[[int], str],
        *,
        max_concurrent_updates: int = MAX_CONCURRENT,
        max_waiting_per_chat: int = MAX_WAITING_PER_CHAT,
        on_flood: FloodNotice | None = None,
        tell_again_after: float = TELL_AGAIN_AFTER_SECONDS,
        shared: ChatTurns | None = None,
    ) -> None:
        super().__init__(max_concurrent_updates)
        self._shared = shared
        self._key = key
        self._max_waiting = max_waiting_per_chat
        self._on_flood = on_flood
        self._tell_again_after = tell_again_after
        self._chats: dict[str, _Chat] = {}
        self._told: dict[str, float] = {}
        self._notices: set[asyncio.Task[None]] = set()

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            await coroutine
            return
        key = self._key(chat.id)
        state = self._chats.setdefault(key, _Chat())
        if state.running and not await self._wait_turn(key, state, update):
            if asyncio.iscoroutine(coroutine):
                coroutine.close()
            if self._shared is not None and isinstance(update, Update):
                await self._shared.leave(key, update.update_id)
            return
        state.running = True
        try:
            if self._shared is not None and isinstance(update, Update):
                async with self._shared.turn(key, update.update_id):
                    await coroutine
            else:
                await coroutine
        finally:
            self._next_turn(key, state)

    async def _wait_turn(self, key: str, state: _Chat, update: object) -> bool:
        """Wait for this update's turn; ``False`` when a newer update of the chat superseded it."""
        turn: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        state.waiting.append(turn)
        if len(state.waiting) > self._max_waiting:
            state.waiting.popleft().set_result(False)
            assert isinstance(update, Update)
            self._tell(key, update)
        try:
            return await turn
        except asyncio.CancelledError:
            if turn in state.waiting:
                state.waiting.remove(turn)
            elif turn.done() and not turn.cancelled() and turn.result():
                self._next_turn(key, state)  # the turn came, but is not taken: pass it on
            raise

    def _next_turn(self, key: str, state: _Chat) -> None:
        if state.waiting:
            state.waiting.popleft().set_result(True)
        else:
            state.running = False
            self._chats.pop(key, None)

    def _tell(self, key: str, update: Update) -> None:
        """Say once (per minute) that the latest message is answered; the notice runs on its own."""
        now = time.monotonic()
        if now - self._told.get(key, -self._tell_again_after) < self._tell_again_after:
            return
        if len(self._told) >= MAX_REMEMBERED_NOTICES:
            self._told = {k: t for k, t in self._told.items() if now - t < self._tell_again_after}
        self._told[key] = now
        logger.info("%s: sending faster than answered; older waiting messages left out, told once.", key)
        if self._on_flood is not None:
            task = asyncio.create_task(self._notify(update))
            self._notices.add(task)
            task.add_done_callback(self._notices.discard)

    async def _notify(self, update: Update) -> None:
        assert self._on_flood is not None
        try:
            await self._on_flood(update)
        except Exception as exc:  # a failed notice must not hide the answers that follow
            logger.warning("Could not tell a chat that it sends too fast (%s).", type(exc).__name__)

    async def initialize(self) -> None:
        """Nothing to prepare."""

    async def shutdown(self) -> None:
        for task in list(self._notices):
            task.cancel()
        self._chats.clear()
        self._told.clear()
