"""When only this message failed (an action raised), a message about danger still gets the crisis lines."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from bot.config import load_settings
from bot.i18n import messages as m
from bot.i18n import translate
from bot.rasa_bridge import RasaBridge
from bot.rasa_client import ChannelAuth, RasaClient
from bot.replies.contract import Text
from bot.replies.conversation import Conversations
from bot.replies.memory import Remembered
from bot.replies.outage import OutageReplies
from bot.replies.safety import SafetyNet


def failing_rasa() -> RasaClient:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/status":
            return httpx.Response(200, json={"model_file": "m.tar.gz"})
        if request.url.path == "/webhooks/wegweiser/":
            return httpx.Response(200, json={"status": "ok", "actions": True})
        return httpx.Response(500, json={"error": "action_failed"})

    return RasaClient("http://rasa", ChannelAuth("c", "a"), transport=httpx.MockTransport(answer))


@pytest.fixture
def conversations(tmp_path: Path) -> Conversations:
    settings = load_settings(var_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'unused.db'}")
    bridge = RasaBridge(failing_rasa(), retry_after=0)
    return Conversations(bridge, OutageReplies(settings, SafetyNet.load()), default_language="de")


async def test_a_failed_message_about_danger_gets_the_crisis_lines(conversations: Conversations) -> None:
    reply = await conversations.reply("tg-a", "ich will mich umbringen", Remembered(), hint="de")
    [message] = reply.messages
    assert isinstance(message, Text) and reply.meta.crisis
    assert message.text.startswith(translate("de", m.EMERGENCY_HEADER))
    assert "0800 111 0 111" in message.text and translate("de", m.ERROR) in message.text
    await conversations.bridge.close()


async def test_another_failed_message_gets_the_apology(conversations: Conversations) -> None:
    reply = await conversations.reply("tg-a", "wo finde ich eine wohnung", Remembered(), hint="de")
    assert not reply.meta.crisis
    assert isinstance(reply.messages[0], Text) and reply.messages[0].text == translate("de", m.ERROR)
    await conversations.bridge.close()
