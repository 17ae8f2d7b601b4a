"""Asking the running stack, and finding a message the model is unsure about, for the inbox tests.

Which short message the model is unsure about depends on the trained data; the tests look for one
among vague messages instead of naming it, so a retrained model does not make them fail for nothing.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from typing import Any

import pytest
from sqlalchemy import select

from bot.db.models import InboxQuestion
from bot.db.session import session_scope
from bot.replies.inbox import NO, YES
from bot.topics import TOPICS
from tests.auxil.stack import RunningStack

__all__ = ["NO", "YES", "an_unsure_message", "ask", "kept", "meta", "payloads"]

Wire = list[dict[str, Any]]

VAGUE = ("geld", "papiere", "ein brief vom amt", "formular", "frage zu geld", "termin", "problem")
"""Short messages that name no topic clearly; the model is unsure about at least one of them."""


def ask(stack: RunningStack, conversation: str, text: str, *, language: str | None = None) -> Wire:
    """One message through ``wegweiser ask --json`` in conversation ``conversation``."""
    extra = ("--lang", language) if language else ()
    result = stack.cli("ask", text, "--json", "--conversation", conversation, *extra)
    replies: Wire = json.loads(result.stdout)
    return replies


def meta(replies: Wire) -> dict[str, Any]:
    [found] = [r["custom"] for r in replies if (r.get("custom") or {}).get("type") == "meta"]
    return dict(found)


def payloads(replies: Wire) -> list[str]:
    return [b["payload"] for r in replies for b in r.get("buttons") or []]


def kept(stack: RunningStack) -> list[tuple[str, str, str | None]]:
    """(text, language, model's guess) of every question in the inbox."""
    with session_scope(stack.settings.db_url) as session:
        return [(r.text, r.language, r.predicted) for r in session.scalars(select(InboxQuestion))]


def kept_since(
    stack: RunningStack, before: list[tuple[str, str, str | None]]
) -> list[tuple[str, str, str | None]]:
    """The questions kept since ``before`` was read (counted: other tests may keep the same question)."""
    return list((Counter(kept(stack)) - Counter(before)).elements())


def an_unsure_message(stack: RunningStack) -> tuple[str, list[str]]:
    """The first vague message the model answers with "did you mean", and the topics it offers."""
    for text in VAGUE:
        replies = ask(stack, f"unsure-{uuid.uuid4().hex[:10]}", text)
        offered = [p for p in payloads(replies) if p.lstrip("/") in TOPICS]
        if meta(replies)["intent"] == "nlu_fallback" and offered:
            return text, offered
    pytest.fail(f"the model was sure about every one of {VAGUE}")
