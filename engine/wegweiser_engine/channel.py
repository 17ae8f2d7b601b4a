"""The input channel the app talks to: like Rasa's REST channel, but safe for anonymous use.

- Every request must carry the shared token (Rasa's REST channel is not covered by ``--auth-token``).
- A failure answers HTTP 500 instead of a silent ``[]``, and never logs the message text.
- ``DELETE /webhooks/wegweiser/conversations/<sender>`` forgets a conversation at once (``/delete``).
- A background task deletes conversations silent for longer than the session lifetime (SQL stores;
  the Redis store expires records by itself through ``record_exp``).
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

logger = logging.getLogger(__name__)

TOKEN_HEADER = "X-Wegweiser-Token"


def _innermost(store: Any) -> Any:
    """Unwrap Rasa's AwaitableTrackerStore/FailSafeTrackerStore wrappers."""
    while hasattr(store, "_tracker_store"):
        store = store._tracker_store
    return store


def delete_conversation(store: Any, sender_id: str) -> None:
    """Remove every stored event of one conversation, whatever the tracker store."""
    store = _innermost(store)
    if hasattr(store, "SQLEvent"):
        with store.session_scope() as session:
            session.query(store.SQLEvent).filter(store.SQLEvent.sender_id == sender_id).delete()
            session.commit()
    elif hasattr(store, "red"):
        store.red.delete(store.key_prefix + sender_id)
    elif hasattr(store, "store"):
        store.store.pop(sender_id, None)
    else:
        raise RuntimeError(f"cannot delete conversations from {type(store).__name__}")


def purge_expired(store: Any, max_age_seconds: float) -> int:
    """Delete conversations whose newest event is older than ``max_age_seconds``; return how many."""
    store = _innermost(store)
    cutoff = time.time() - max_age_seconds
    if hasattr(store, "SQLEvent"):
        import sqlalchemy as sa

        event = store.SQLEvent
        with store.session_scope() as session:
            stale = (
                session.query(event.sender_id)
                .group_by(event.sender_id)
                .having(sa.func.max(event.timestamp) < cutoff)
                .subquery()
            )
            count = (
                session.query(event)
                .filter(event.sender_id.in_(sa.select(stale.c.sender_id)))
                .delete(synchronize_session=False)
            )
            session.commit()
            return int(count)
    if hasattr(store, "store") and not hasattr(store, "red"):
        import json

        stale_ids = []
        for sender_id, serialised in list(store.store.items()):
            events = json.loads(serialised).get("events") or []
            if events and events[-1].get("timestamp", 0) < cutoff:
                stale_ids.append(sender_id)
        for sender_id in stale_ids:
            store.store.pop(sender_id, None)
        return len(stale_ids)
    return 0  # Redis: records carry their own TTL (record_exp)


class WegweiserInput(InputChannel):
    """Token-checked REST-style channel with conversation deletion and expiry."""

    @classmethod
    def name(cls) -> str:
        return "wegweiser"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        credentials = credentials or {}
        return cls(
            token=str(credentials.get("token") or ""),
            session_seconds=float(credentials.get("session_seconds") or 1800),
            purge_interval=float(credentials.get("purge_interval") or 60),
        )

    def __init__(self, token: str, session_seconds: float, purge_interval: float) -> None:
        if not token:
            raise ValueError("the wegweiser channel needs a token in credentials.yml")
        self.token = token
        self.session_seconds = session_seconds
        self.purge_interval = purge_interval

    def _authorised(self, request: Request) -> bool:
        given = request.headers.get(TOKEN_HEADER, "")
        return hmac.compare_digest(given.encode(), self.token.encode())

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        hook = Blueprint("wegweiser_webhook", __name__)
        channel = self

        @hook.listener("after_server_start")
        async def start_purging(app: Any, _loop: Any) -> None:
            async def purge_loop() -> None:
                while True:
                    await asyncio.sleep(channel.purge_interval)
                    agent = getattr(app.ctx, "agent", None)
                    if agent is None or agent.tracker_store is None:
                        continue
                    try:
                        removed = purge_expired(agent.tracker_store, channel.session_seconds)
                    except Exception as exc:  # keep purging on the next round
                        logger.warning("Expired-conversation purge failed: %s", type(exc).__name__)
                    else:
                        if removed:
                            logger.info("Deleted %d events of expired conversations.", removed)

            app.add_task(purge_loop())

        @hook.route("/", methods=["GET"])
        async def health(_request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @hook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not channel._authorised(request):
                return response.json({"error": "unauthorised"}, status=401)
            body = request.json or {}
            sender_id = body.get("sender")
            text = body.get("message")
            if not isinstance(sender_id, str) or not sender_id or not isinstance(text, str):
                return response.json({"error": "sender and message are required"}, status=400)
            metadata = body.get("metadata") if isinstance(body.get("metadata"), dict) else None
            collector = CollectingOutputChannel()
            try:
                await on_new_message(
                    UserMessage(
                        text,
                        collector,
                        sender_id,
                        input_channel=channel.name(),
                        metadata=metadata,
                    )
                )
            except Exception as exc:  # never log the text; say what kind of failure it was
                logger.error("Handling a message failed: %s", type(exc).__name__)
                return response.json({"error": type(exc).__name__}, status=500)
            return response.json(collector.messages)

        @hook.route("/conversations/<sender_id>", methods=["DELETE"])
        async def forget(request: Request, sender_id: str) -> HTTPResponse:
            if not channel._authorised(request):
                return response.json({"error": "unauthorised"}, status=401)
            agent = request.app.ctx.agent
            delete_conversation(agent.tracker_store, sender_id)
            return response.json({"deleted": True})

        return hook
