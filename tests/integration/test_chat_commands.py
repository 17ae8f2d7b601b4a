"""The bot's commands typed on the chat page do what they do on Telegram: /delete forgets at once."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import httpx
import pytest

from bot.i18n import messages as m
from bot.i18n import translate
from bot.pseudonym import pseudonym, pseudonym_key
from bot.web.chat import COOKIE
from tests.auxil.stack import RunningStack
from tests.auxil.telegram_stack import tracker_events

pytestmark = pytest.mark.stack


def say(client: httpx.Client, text: str) -> dict[str, Any]:
    response = client.post("/chat/message", json={"text": text})
    assert response.status_code == 200
    reply: dict[str, Any] = response.json()
    return reply


def shown(reply: dict[str, Any]) -> str:
    return "\n".join(message.get("text", "") for message in reply["messages"])


def test_delete_on_the_chat_page_forgets_the_conversation_at_once(stack: RunningStack) -> None:
    with httpx.Client(base_url=stack.settings.web_url, trust_env=False, timeout=30) as client:
        say(client, "How do I get health insurance?")
        cookie = client.cookies[COOKIE]
        sender = pseudonym(pseudonym_key(stack.settings), cookie, channel="web")
        assert any(e.get("event") == "user" for e in tracker_events(stack, sender))

        done = say(client, "/delete")
        assert shown(done) == translate("en", m.CONVERSATION_DELETED)
        assert tracker_events(stack, sender) == []
        assert COOKIE not in client.cookies  # the next message starts a conversation of its own

        say(client, "hello")
        assert client.cookies[COOKIE] != cookie
        assert tracker_events(stack, sender) == []


def test_commands_are_answered_as_on_telegram_not_with_an_apology(stack: RunningStack) -> None:
    headers = {"Accept-Language": "uk-UA,uk;q=0.9"}
    with httpx.Client(
        base_url=stack.settings.web_url, trust_env=False, timeout=30, headers=headers
    ) as client:
        start = say(client, "/start")
        assert start["messages"][0]["kind"] == "language_picker"
        assert translate("uk", m.GREETING) in shown(start)

        chosen = say(client, "/language Türkçe")  # switches through the engine, which keeps it
        assert (chosen["language"], chosen["intent"]) == ("tr", "choose_language")
        assert say(client, "/menu")["language"] == "tr"

        unknown = say(client, "/restart")  # Rasa's own command: refused, and the menu offered
        assert translate("tr", m.ERROR) not in shown(unknown)
        assert shown(unknown) == translate("tr", m.HELP) and unknown["messages"][0]["buttons"]


def test_ask_explains_that_commands_belong_to_the_clients(stack: RunningStack) -> None:
    result = stack.cli("ask", "/start", check=False)
    assert result.returncode != 0
    assert "/start" in result.stderr and "chat page" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_command_typed_in_wegweiser_chat_does_not_end_the_session(stack: RunningStack) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "chat", "--lang", "en"],
        env=stack.env,
        input="/start\nhello\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    said = result.stdout.split("/start", 1)
    assert len(said) == 2 and "chat page" in said[1]  # the refusal, explained
    assert translate("en", m.GREETING).split("!")[0] in said[1]  # and "hello" still answered


def test_the_chat_page_does_not_say_telegram_sees_the_chat(stack: RunningStack) -> None:
    with httpx.Client(base_url=stack.settings.web_url, trust_env=False, timeout=30) as client:
        for asked in ("/privacy", "what do you do with my data?"):  # the command, and the engine's answer
            reply = say(client, asked)
            assert reply["intent"] == "privacy", asked
            assert "/delete" in shown(reply)
            assert translate(reply["language"], m.PRIVACY_TELEGRAM) not in shown(reply)
