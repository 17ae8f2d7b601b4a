"""Log records of the Rasa process never carry what people wrote or whose conversation it was.

When the tracker store's database fails mid-statement, SQLAlchemy's error text quotes the statement
and its parameters — ``[SQL: INSERT INTO events …] [parameters: ('<conversation key>', …,
'{"event": "user", "text": "<what the person wrote>", …}')]`` — and Rasa logs that text
(``FailSafeTrackerStore``: "Please investigate the following error: …"), as do tracebacks. Rasa's
DEBUG lines quote messages and events too.

:func:`install` wraps Python's log record factory, so every record of every logger (Rasa's, Sanic's,
SQLAlchemy's, in any thread, whatever handlers Rasa or Sanic set up later) is redacted when it is
made: SQL statements and parameters, quoted message texts and conversation keys, and event payloads
are replaced by ``[redacted]``; the rest of the wording stays, so an operator still reads what failed
("connection … refused", "Could not create tables"). Standard library only: it runs before Rasa is
imported (``wegweiser_engine.serve``) and is unit-tested without Rasa.
"""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import Callable
from typing import Any

REDACTED = "[redacted]"
_SQL = re.compile(
    r"\[(?:SQL|parameters|SQL parameters hidden)[^\]]*?:.*?(?=\(Background on this error|\Z)", re.DOTALL
)
"""SQLAlchemy's ``[SQL: …]`` and ``[parameters: …]`` sections, up to its "Background" link or the end."""
_KEYS = (
    "text",
    "sender_id",
    "sender",
    "conversation_id",
    "recipient_id",
    "message",
    "message_id",
    "metadata",
    "parse_data",
    "entities",
    "value",
    "data",
    "events",
)
_QUOTED = r"(?:'(?:\\.|[^'\\])*'|\"(?:\\.|[^\"\\])*\")"
_PAIR = re.compile(
    r"(?P<key>(?P<q>['\"])(?:" + "|".join(_KEYS) + r")(?P=q)\s*:\s*)"
    r"(?P<value>" + _QUOTED + r"|\{[^{}]*\}|\[[^\[\]]*\]|[^,}\]\s]+)"
)
"""``'text': '…'`` / ``"sender_id": "…"`` in a dict or JSON: an event payload's private values."""
_RASA_QUOTES = re.compile(
    r"(?P<lead>(?:user message|[Cc]onversation|[Tt]racker for|sender(?: id)?|sender_id|"
    r"[Tt]ext|[Mm]essage)\s*[=:]?\s*)" + _QUOTED
)
"""Rasa's own wording around a quoted text or key: "Received user message '…'", "conversation '…'"."""
_EVENT_REPR = re.compile(
    r"(?P<kind>UserUttered|BotUttered|SlotSet|DialogueStateTracker)\((?:[^()]|\([^()]*\))*\)"
)
"""Event and tracker reprs (``UserUttered(text: …, intent: …)``) keep only their type."""


def redact(text: str) -> str:
    """``text`` without SQL statements and parameters, quoted message texts, keys or event payloads."""
    text = _SQL.sub(f"[SQL and parameters {REDACTED}]\n", text)
    text = _EVENT_REPR.sub(lambda match: f"{match['kind']}({REDACTED})", text)
    text = _PAIR.sub(lambda match: f"{match['key']}'{REDACTED}'", text)
    return _RASA_QUOTES.sub(lambda match: f"{match['lead']}'{REDACTED}'", text)


def redact_record(record: logging.LogRecord) -> logging.LogRecord:
    """The record with its message and traceback redacted (the traceback kept as redacted text)."""
    try:
        message = record.getMessage()
    except Exception:  # a broken format string: its arguments are not shown either
        message = str(record.msg)
    cleaned = redact(message)
    if cleaned != message or not isinstance(record.msg, str):
        record.msg, record.args = cleaned, None
    if record.exc_info:
        # Formatters print ``exc_text`` when it is set and never format ``exc_info`` again.
        record.exc_text = redact("".join(traceback.format_exception(*record.exc_info)).rstrip("\n"))
        record.exc_info = None
    if record.stack_info:
        record.stack_info = redact(record.stack_info)
    return record


_installed: list[Callable[..., logging.LogRecord]] = []


def install() -> None:
    """Redact every log record of this process from now on (idempotent)."""
    if _installed:
        return
    make = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return redact_record(make(*args, **kwargs))

    _installed.append(make)
    logging.setLogRecordFactory(factory)


def uninstall() -> None:
    """Back to the factory before :func:`install` (for tests)."""
    if _installed:
        logging.setLogRecordFactory(_installed.pop())
