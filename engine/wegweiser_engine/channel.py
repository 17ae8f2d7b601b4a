"""The input channel the app talks to: like Rasa's REST channel, but safe for anonymous use.

- Every request must carry the shared token (Rasa's REST channel is not covered by ``--auth-token``).
- Failures are told apart by cause, as a short code and never the message text: an action that
  raised (``action_failed``, 500), the action server unreachable (``action_server_down``, 502), a
  reply with nothing in it (``empty_reply``, 500), Rasa's internal commands from a user
  (``/restart``, ``/session_start``, … refused with ``command_not_allowed``, 400). Clients switch to
  outage mode only for an unavailable engine, never for one failed message.
- A shared location's coordinates are rounded to two decimals again here, whoever sent them (numbers
  or numbers written as text).
- Phone numbers a person types are answered as usual, then replaced by ``[phone]`` in the stored
  events of that message (text, parse data, entities), so the tracker store does not keep them.
- ``DELETE /webhooks/wegweiser/conversations/<sender>`` forgets a conversation at once (``/delete``).
- A background task deletes conversations silent for longer than the session lifetime (SQL stores;
  the Redis store expires records by itself through ``record_exp``).
"""

from __future__ import annotations

import asyncio
import contextvars
import hmac
import json
import logging
import re
import time
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from wegweiser_engine import speedups, tracker_cache

logger = logging.getLogger(__name__)

TOKEN_HEADER = "X-Wegweiser-Token"
INTERNAL_COMMANDS = frozenset({"restart", "back", "session_start", "nlu_fallback", "action_listen"})
"""Rasa's own intents: a user never sends them (any client can forge a button's payload)."""
COORDINATE_DECIMALS = 2
HEALTH_TIMEOUT_SECONDS = 2.0
PHONE_PLACEHOLDER = "[phone]"
_PHONE = re.compile(
    r"(?<![\w+])\+?\(?\d"
    r"[\d \t\u00a0\u202f\-/().\u2010-\u2015\u2212\u066b\u066c\u200e\u200f\u2066-\u2069]{4,}"
    r"\d(?!\w)"
)
"""Digits (any script: ٠١٧٦, ۰۹۱۲ …) with the separators people and keyboards put between them, with or
without a leading 0 or + (8 916 … in Russia); 7 to 15 digits make a phone number."""
_COORDINATE_KEYS = ("lat", "lon", "latitude", "longitude")
_PAYLOAD = re.compile(r"^\s*/(?P<intent>[A-Za-z_]+)(?P<entities>\{.*\})?\s*$", re.DOTALL)

_failures: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar(
    "wegweiser_failures", default=None
)


class _ActionFailureWatch(logging.Handler):
    """Notes, for the message being handled, that Rasa swallowed an action's exception.

    Rasa logs "Encountered an exception while running action" and carries on with an empty or
    partial reply; the context variable ties the record to the request that caused it.
    """

    def emit(self, record: logging.LogRecord) -> None:
        box = _failures.get()
        if (
            box is not None
            and record.levelno >= logging.ERROR
            and "while running action" in record.getMessage()
        ):
            box.append(record.getMessage())


def watch_action_failures() -> None:
    processor_log = logging.getLogger("rasa.core.processor")
    if not any(isinstance(h, _ActionFailureWatch) for h in processor_log.handlers):
        processor_log.addHandler(_ActionFailureWatch())


def vetted_message(text: str, user_intents: frozenset[str]) -> str | None:
    """The message as Rasa may see it, or ``None`` when it is a command a user must not send.

    A payload (``/intent{…}``) must name one of the domain's user intents; coordinates in it are
    rounded to about a kilometre.
    """
    match = _PAYLOAD.match(text)
    if match is None:
        return text
    intent = match.group("intent")
    if intent in INTERNAL_COMMANDS or intent not in user_intents:
        return None
    raw = match.group("entities")
    if not raw:
        return f"/{intent}"
    try:
        entities = json.loads(raw)
    except json.JSONDecodeError:
        return None
    if not isinstance(entities, dict):
        return None
    for key in _COORDINATE_KEYS:
        value = entities.get(key)
        if isinstance(value, str):
            try:
                value = float(value.strip())
            except ValueError:
                return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            if value != value or abs(value) > 180:  # NaN, infinite or not on Earth
                return None
            entities[key] = round(float(value), COORDINATE_DECIMALS)
        elif value is not None:
            return None
    return f"/{intent}{json.dumps(entities, ensure_ascii=False, separators=(',', ':'))}"


def scrub_phone_numbers(text: str) -> str:
    """``text`` with numbers that look like phone numbers (7 to 15 digits) replaced by ``[phone]``."""

    def replace(match: re.Match[str]) -> str:
        digits = sum(c.isdigit() for c in match.group(0))
        return PHONE_PLACEHOLDER if 7 <= digits <= 15 else match.group(0)

    return _PHONE.sub(replace, text)


def _scrubbed(value: Any) -> Any:
    if isinstance(value, str):
        return scrub_phone_numbers(value)
    if isinstance(value, list):
        return [_scrubbed(v) for v in value]
    if isinstance(value, dict):
        return {k: _scrubbed(v) for k, v in value.items()}
    return value


def _scrub_user_events(events: list[Any]) -> bool:
    """Scrub the ``user`` events in ``events`` in place; whether anything changed."""
    changed = False
    for index, event in enumerate(events):
        if isinstance(event, dict) and event.get("event") == "user":
            clean = _scrubbed(event)
            if clean != event:
                events[index] = clean
                changed = True
    return changed


def scrub_stored_phone_numbers(store: Any, sender_id: str, recent: int = 20) -> None:
    """Replace phone numbers in ``sender_id``'s recent stored user events, whatever the store."""
    store = _innermost(store)
    tracker_cache.forget(store, sender_id)  # the kept tracker still holds the number
    if hasattr(store, "SQLEvent"):
        event = store.SQLEvent
        with store.session_scope() as session:
            rows = (
                session.query(event)
                .filter(event.sender_id == sender_id, event.type_name == "user")
                .order_by(event.id.desc())
                .limit(recent)
                .all()
            )
            for row in rows:
                data = json.loads(row.data)
                events = [data]
                if _scrub_user_events(events):
                    row.data = json.dumps(events[0])
            session.commit()
        _erase_sqlite_log(store)
    elif hasattr(store, "red"):
        key = store.key_prefix + sender_id
        stored = store.red.get(key)
        if stored is not None:
            tracker = json.loads(stored)
            if _scrub_user_events(tracker.get("events") or []):
                store.red.set(key, json.dumps(tracker), keepttl=True)
    elif hasattr(store, "store"):
        stored = store.store.get(sender_id)
        if stored is not None:
            tracker = json.loads(stored)
            if _scrub_user_events(tracker.get("events") or []):
                store.store[sender_id] = json.dumps(tracker)


async def action_server_healthy(agent: Any) -> bool:
    """Whether the action server Rasa calls answers its health check."""
    endpoint = getattr(agent, "action_endpoint", None)
    url = getattr(endpoint, "url", None)
    if not url:
        return True  # no custom actions configured: nothing to be down
    import aiohttp

    base = url.rsplit("/webhook", 1)[0]
    try:
        timeout = aiohttp.ClientTimeout(total=HEALTH_TIMEOUT_SECONDS)
        async with aiohttp.ClientSession(timeout=timeout) as session, session.get(f"{base}/health") as answer:
            return answer.status == 200
    except (TimeoutError, aiohttp.ClientError, OSError):
        return False


def _innermost(store: Any) -> Any:
    """Unwrap Rasa's AwaitableTrackerStore/FailSafeTrackerStore wrappers."""
    while hasattr(store, "_tracker_store"):
        store = store._tracker_store
    return store


def _erase_sqlite_log(store: Any) -> None:
    """After a deletion or scrub: copy SQLite's write-ahead log into the database file and empty it.

    The tracker's SQLite connections stay open (``speedups.py``), so the log file is not removed
    between messages, and it still holds the pages as they were before the deletion; the database
    file itself overwrites deleted content (``secure_delete``, set in ``speedups.py``)."""
    if store.engine.dialect.name != "sqlite":
        return
    with store.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def delete_conversation(store: Any, sender_id: str) -> None:
    """Remove every stored event of one conversation, whatever the tracker store."""
    store = _innermost(store)
    tracker_cache.forget(store, sender_id)
    if hasattr(store, "SQLEvent"):
        with store.session_scope() as session:
            session.query(store.SQLEvent).filter(store.SQLEvent.sender_id == sender_id).delete()
            session.commit()
        _erase_sqlite_log(store)
    elif hasattr(store, "red"):
        store.red.delete(store.key_prefix + sender_id)
    elif hasattr(store, "store"):
        store.store.pop(sender_id, None)
    else:
        raise RuntimeError(f"cannot delete conversations from {type(store).__name__}")


def purge_expired(store: Any, max_age_seconds: float) -> int:
    """Delete conversations whose newest event is older than ``max_age_seconds``; return how many."""
    store = _innermost(store)
    tracker_cache.forget_older_than(store, max_age_seconds)
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
        if count:
            _erase_sqlite_log(store)
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
            kept_conversations=int(credentials.get("kept_conversations") or 0),
        )

    def __init__(
        self, token: str, session_seconds: float, purge_interval: float, kept_conversations: int = 0
    ) -> None:
        if not token:
            raise ValueError("the wegweiser channel needs a token in credentials.yml")
        self.token = token
        self.session_seconds = session_seconds
        self.purge_interval = purge_interval
        self.kept_conversations = kept_conversations

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

        @hook.listener("before_server_start")
        async def start_watching(_app: Any, _loop: Any) -> None:
            watch_action_failures()
            speedups.apply()
            tracker_cache.apply(channel.kept_conversations, channel.session_seconds)

        @hook.listener("after_server_stop")
        async def close_clients(_app: Any, _loop: Any) -> None:
            await speedups.close_sessions()

        @hook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            if not channel._authorised(request):
                return response.json({"status": "ok"})
            agent = getattr(request.app.ctx, "agent", None)
            actions = await action_server_healthy(agent) if agent is not None else False
            return response.json({"status": "ok", "actions": actions})

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
            agent = getattr(request.app.ctx, "agent", None)
            domain = getattr(agent, "domain", None)
            user_intents = frozenset(getattr(domain, "intents", ()) or ())
            vetted = vetted_message(text, user_intents)
            if vetted is None:
                return response.json({"error": "command_not_allowed"}, status=400)
            collector = CollectingOutputChannel()
            failures: list[str] = []
            token = _failures.set(failures)
            try:
                await on_new_message(
                    UserMessage(
                        vetted,
                        collector,
                        sender_id,
                        input_channel=channel.name(),
                        metadata=metadata,
                    )
                )
            except Exception as exc:  # never log the text; say what kind of failure it was
                logger.error("Handling a message failed: %s", type(exc).__name__)
                return response.json({"error": "action_failed"}, status=500)
            finally:
                _failures.reset(token)
            if scrub_phone_numbers(vetted) != vetted and agent is not None:
                try:
                    scrub_stored_phone_numbers(agent.tracker_store, sender_id)
                except Exception as exc:  # the reply stands; the purge removes the events later
                    logger.warning("Could not scrub a stored message: %s", type(exc).__name__)
            if failures or not collector.messages:
                if agent is not None and not await action_server_healthy(agent):
                    return response.json({"error": "action_server_down"}, status=502)
                code = "action_failed" if failures else "empty_reply"
                logger.error("A message got no complete reply (%s).", code)
                return response.json({"error": code}, status=500)
            return response.json(collector.messages)

        @hook.route("/conversations/<sender_id>", methods=["DELETE"])
        async def forget(request: Request, sender_id: str) -> HTTPResponse:
            if not channel._authorised(request):
                return response.json({"error": "unauthorised"}, status=401)
            agent = request.app.ctx.agent
            delete_conversation(agent.tracker_store, sender_id)
            return response.json({"deleted": True})

        return hook
