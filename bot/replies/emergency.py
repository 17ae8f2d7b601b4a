"""The emergency reply: the crisis lines at once, and ways on, so it is never a dead end."""

from __future__ import annotations

from bot.i18n import messages as m
from bot.i18n import translate
from bot.replies.contract import Button, Meta, Reply, Text
from bot.replies.menu import ALL_TOPICS, near_me_payload


def emergency_buttons(language: str) -> tuple[Button, ...]:
    return (
        Button(translate(language, m.BUTTON_COUNSELLOR), near_me_payload(None, counselling=True)),
        Button(translate(language, m.BUTTON_NEAR_ME), near_me_payload(None)),
        Button(translate(language, m.BUTTON_OTHER_TOPICS), ALL_TOPICS),
    )


def emergency_reply(
    language: str, *, intent: str = "emergency", degraded: bool = False, note: str | None = None
) -> Reply:
    """The crisis lines first; ``note`` (an interface string) after them, above the buttons."""
    text = translate(language, m.EMERGENCY)
    if note:
        text = f"{text}\n\n{translate(language, note)}"
    return Reply(Meta(language, intent, degraded=degraded), (Text(text, emergency_buttons(language)),))
