"""The whole path from the CLI: `wegweiser ask` → Rasa → action server → database → reply."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

from tests.auxil.ports import free_port
from tests.auxil.stack import RunningStack

pytestmark = pytest.mark.stack


def ask(stack: RunningStack, text: str, *extra: str) -> list[dict[str, Any]]:
    result = stack.cli("ask", text, "--json", *extra)
    replies: list[dict[str, Any]] = json.loads(result.stdout)
    return replies


def meta(replies: list[dict[str, Any]]) -> dict[str, Any]:
    found = [r["custom"] for r in replies if (r.get("custom") or {}).get("type") == "meta"]
    assert len(found) == 1, replies
    return found[0]


def texts(replies: list[dict[str, Any]]) -> str:
    return "\n".join(r["text"] for r in replies if r.get("text"))


@pytest.mark.parametrize(
    ("message", "language", "intent"),
    [
        ("Hallo", "de", "greet"),
        ("Guten Morgen!", "de", "greet"),
        ("hello there", "en", "greet"),
        ("Was kannst du alles?", "de", "help"),
        ("what can you do for me", "en", "help"),
        ("Wie bekomme ich eine Krankenversicherung?", "de", "health_insurance"),
        ("How do I get health insurance?", "en", "health_insurance"),
    ],
)
def test_answers_in_the_language_asked(stack: RunningStack, message: str, language: str, intent: str) -> None:
    replies = ask(stack, message)
    info = meta(replies)
    assert (info["intent"], info["language"]) == (intent, language)
    assert texts(replies).strip()


def test_health_insurance_answer_is_the_published_text(stack: RunningStack) -> None:
    german = texts(ask(stack, "Wie bekomme ich eine Krankenversicherung?"))
    english = texts(ask(stack, "How do I get health insurance?"))
    assert "Krankenkasse" in german and "Krankenkasse" in english
    assert german != english
    assert "health insurance" in english.lower()


def test_topic_answers_offer_next_steps(stack: RunningStack) -> None:
    replies = ask(stack, "How do I get health insurance?")
    payloads = [b["payload"] for r in replies for b in r.get("buttons") or []]
    assert any(p.startswith("/find_service") for p in payloads)
    assert "/help" in payloads


def test_explicit_language_wins(stack: RunningStack) -> None:
    replies = ask(stack, "How do I get health insurance?", "--lang", "de")
    assert meta(replies)["language"] == "de"
    assert "Krankenkasse" in texts(replies)


def test_ask_when_rasa_is_not_running_says_how_to_fix(stack: RunningStack) -> None:
    env = stack.env | {"WEGWEISER_RASA_PORT": str(free_port())}
    failed = subprocess.run(
        [sys.executable, "-m", "bot.cli", "ask", "Hallo"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert failed.returncode == 1
    assert "wegweiser up" in failed.stderr
    assert "Traceback" not in failed.stderr


@pytest.mark.parametrize(
    "message",
    [
        "Bonjour, je cherche un médecin qui parle français",
        "hola, necesito un abogado para mis papeles",
        "ciao, mi serve aiuto con l'affitto",
    ],
)
def test_a_language_the_bot_does_not_speak_gets_the_languages_it_does(
    stack: RunningStack, message: str
) -> None:
    """Before, French was answered as Romanian or English small talk, Italian "ciao …" with goodbye."""
    replies = ask(stack, message)
    assert meta(replies)["intent"] == "choose_language"
    assert any((r.get("custom") or {}).get("type") == "language_picker" for r in replies)
    assert "I cannot read your language yet" in texts(replies)
