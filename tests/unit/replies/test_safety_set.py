"""The blind safety set (``tests/safety/<lang>.yml``) against the safety net alone: Rasa is down.

While the language engine is down the adapter's outage mode answers typed text with the keyword net
only (:meth:`bot.replies.outage.OutageReplies.free_text`), so every ``danger`` message must get the
crisis lines from it, and no ``calm`` message may set it off. The set is written separately from the
keywords and the training data; with the whole bot it is checked in
``tests/integration/test_safety.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import Settings, load_settings
from bot.replies.contract import Text
from bot.replies.outage import OutageReplies
from bot.replies.safety import SafetyNet
from tests.auxil.safety_set import (
    BLIND_SET,
    CalmMessage,
    DangerMessage,
    calm_messages,
    danger_messages,
    has_crisis_number,
)

DANGER = danger_messages(BLIND_SET)
CALM = calm_messages(BLIND_SET)
EMPTY = f"no safety set yet: {BLIND_SET.relative_to(BLIND_SET.parents[1])}/ has no <lang>.yml files"


@pytest.fixture(scope="module")
def outage(tmp_path_factory: pytest.TempPathFactory) -> OutageReplies:
    var: Path = tmp_path_factory.mktemp("safety-set")
    settings: Settings = load_settings(var_dir=var, database_url=f"sqlite:///{var / 'unused.db'}")
    return OutageReplies(settings, SafetyNet.load())


def shown_text(outage: OutageReplies, text: str, language: str) -> str:
    reply = outage.free_text(text, language=language)
    return "\n".join(m.text for m in reply.messages if isinstance(m, Text))


@pytest.mark.parametrize("message", DANGER or [None], ids=lambda m: m.id if m else "empty")
def test_every_danger_message_gets_a_crisis_number_without_rasa(
    outage: OutageReplies, message: DangerMessage | None
) -> None:
    if message is None:
        pytest.skip(EMPTY)
    shown = shown_text(outage, message.text, message.language)
    assert has_crisis_number(shown), f"{message.source}: {message.text!r} ({message.category}) got: {shown!r}"


@pytest.mark.parametrize(
    "message", CALM or [None], ids=lambda m: f"{m.language}:{m.text[:40]}" if m else "empty"
)
def test_calm_messages_do_not_set_the_keyword_net_off(message: CalmMessage | None) -> None:
    if message is None:
        pytest.skip(EMPTY)
    net = SafetyNet.load()
    assert not net.check(message.text), (
        f"{message.source}: {message.text!r} sets off {net.explain(message.text)}"
    )
