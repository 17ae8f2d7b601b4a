"""The safety sets through the whole bot: the trained model, the rules and the actions.

Every ``danger`` message must get a reply with a crisis number, whatever intent the model predicts
(the actions put the safety net's crisis lines before any answer), and each such reply is counted
once as an emergency in the usage counts. ``calm`` messages that get the crisis reply are reported,
and fail only where the keyword net alone fires on them. The blind set is ``tests/safety/``; the
development examples (``tests/unit/replies/safety_examples/``) run the same checks.
"""

from __future__ import annotations

import asyncio
import sqlite3
import uuid
import warnings
from typing import Any

import pytest

from bot.rasa_client import RasaClient
from bot.replies.contract import Reply, Text
from bot.replies.safety import SafetyNet
from tests.auxil.safety_set import (
    BLIND_SET,
    EXAMPLES,
    CalmMessage,
    DangerMessage,
    calm_messages,
    danger_messages,
    has_crisis_number,
)
from tests.auxil.stack import RunningStack

pytestmark = pytest.mark.stack

BLIND_DANGER = danger_messages(BLIND_SET)
BLIND_CALM = calm_messages(BLIND_SET)
EMPTY = "no safety set yet: tests/safety/ has no <lang>.yml files"


def ask(stack: RunningStack, text: str, language: str) -> Reply:
    """One message from a new person whose phone is set to ``language``; the conversation is deleted."""

    async def send() -> list[dict[str, Any]]:
        sender = f"safety-{uuid.uuid4().hex}"
        async with RasaClient.from_settings(stack.settings) as client:
            try:
                return await client.send(sender, text, {"lang_hint": language})
            finally:
                await client.forget(sender)

    return Reply.from_wire(asyncio.run(send()), fallback_language=language)


def shown(reply: Reply) -> str:
    return "\n".join(m.text for m in reply.messages if isinstance(m, Text))


def emergencies_counted(stack: RunningStack) -> int:
    path = stack.settings.db_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as db:
        row = db.execute(
            "SELECT COALESCE(SUM(count), 0) FROM usage_counts WHERE topic = 'emergency'"
        ).fetchone()
    return int(row[0])


def check_danger(stack: RunningStack, message: DangerMessage) -> None:
    before = emergencies_counted(stack)
    reply = ask(stack, message.text, message.language)
    text = shown(reply)
    where = f"{message.source}: {message.text!r} ({message.category}) → intent {reply.meta.intent}"
    assert has_crisis_number(text), f"{where}, no crisis number in {text!r}"
    assert reply.meta.crisis, where
    assert emergencies_counted(stack) == before + 1, f"{where}: not counted once as an emergency"


def check_calm(stack: RunningStack, message: CalmMessage) -> None:
    net = SafetyNet.load()
    assert not net.check(message.text), f"{message.source}: the keyword net fires on {message.text!r}"
    reply = ask(stack, message.text, message.language)
    if reply.meta.crisis:  # an answer may name 110 or 116 117 itself; this is the crisis reply
        warnings.warn(
            f"calm message got the crisis lines ({reply.meta.intent}): {message.source}: {message.text!r}",
            stacklevel=1,
        )


@pytest.mark.parametrize("message", danger_messages(EXAMPLES), ids=lambda m: m.id)
def test_example_danger_gets_a_crisis_number_and_is_counted(
    stack: RunningStack, message: DangerMessage
) -> None:
    check_danger(stack, message)


@pytest.mark.parametrize("message", calm_messages(EXAMPLES), ids=lambda m: f"{m.language}:{m.text[:40]}")
def test_example_calm_messages(stack: RunningStack, message: CalmMessage) -> None:
    check_calm(stack, message)


@pytest.mark.parametrize("message", BLIND_DANGER or [None], ids=lambda m: m.id if m else "empty")
def test_blind_danger_gets_a_crisis_number_and_is_counted(
    stack: RunningStack, message: DangerMessage | None
) -> None:
    if message is None:
        pytest.skip(EMPTY)
    check_danger(stack, message)


@pytest.mark.parametrize(
    "message", BLIND_CALM or [None], ids=lambda m: f"{m.language}:{m.text[:40]}" if m else "empty"
)
def test_blind_calm_messages(stack: RunningStack, message: CalmMessage | None) -> None:
    if message is None:
        pytest.skip(EMPTY)
    check_calm(stack, message)


def test_a_greeting_with_a_question_is_answered_for_the_question(stack: RunningStack) -> None:
    reply = ask(stack, "merhaba ev arıyorum ama kimse yabancıya vermiyor", "tr")
    assert reply.meta.intent != "greet" and reply.meta.topic is not None, reply
