"""Replies made of interface strings only: small talk, help, privacy, not understood, apologies, languages.

None of them needs the database, so clients can send them when nothing else answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from bot.config import Settings
from bot.i18n import messages as m
from bot.i18n import translate
from bot.replies.contract import LanguagePicker, Meta, Reply, Text
from bot.replies.menu import counsellor_button, group_buttons, is_menu_group, topic_menu_buttons


@dataclass(frozen=True)
class Facts:
    """What some interface strings name: the session lifetime and who runs the bot."""

    session_minutes: int = 30
    operator: str = ""
    contact: str = ""
    on_telegram: bool = True
    """The conversation runs on Telegram, which sees it (the chat page's does not)."""

    @classmethod
    def from_settings(cls, settings: Settings, *, on_telegram: bool = True) -> Facts:
        return cls(settings.session_minutes, settings.operator_name, settings.operator_contact, on_telegram)


def say(language: str, message: str, facts: Facts | None = None) -> str:
    """An interface string in ``language`` with its ``{minutes}``, ``{operator}``, ``{contact}`` filled in."""
    facts = facts or Facts()
    return translate(
        language, message, minutes=facts.session_minutes, operator=facts.operator, contact=facts.contact
    )


SMALL_TALK: Final = {
    "greet": m.GREETING,
    "goodbye": m.GOODBYE,
    "thank": m.THANKS,
    "affirm": m.AFFIRM,
    "deny": m.DENY,
    "help": m.HELP,
    "bot_challenge": m.BOT_CHALLENGE,
    "privacy": m.PRIVACY,
    "out_of_scope": m.OUT_OF_SCOPE,
}
"""The fixed reply of each meta intent that has one."""
WITH_MENU: Final = frozenset({"greet", "help", "affirm", "deny", "out_of_scope"})
"""Replies that invite choosing a topic: the topic menu goes under them."""


def small_talk(language: str, intent: str | None, facts: Facts | None = None) -> Reply:
    """The fixed reply to a meta intent (help when the intent has none); a counsellor is always offered."""
    message = SMALL_TALK.get(intent or "", m.HELP)
    with_menu = (intent or "help") in WITH_MENU or message == m.HELP
    buttons = topic_menu_buttons(language) if with_menu else (counsellor_button(language),)
    text = say(language, message, facts)
    if message == m.PRIVACY:
        lines = [text, translate(language, m.PRIVACY_INBOX)]
        if facts is None or facts.on_telegram:
            lines.append(translate(language, m.PRIVACY_TELEGRAM))
        text = "\n".join([*lines, say(language, m.PRIVACY_OPERATOR, facts)])
    return Reply(Meta(language, intent), (Text(text, buttons),))


def menu_group(language: str, group: str) -> Reply:
    """One menu group's topics (the whole menu when the group is unknown)."""
    if not is_menu_group(group):
        return Reply(
            Meta(language, "help"), (Text(translate(language, m.MENU_PROMPT), topic_menu_buttons(language)),)
        )
    return Reply(
        Meta(language, "help"), (Text(translate(language, m.MENU_PROMPT), group_buttons(language, group)),)
    )


def not_understood(language: str) -> Reply:
    return Reply(
        Meta(language, "nlu_fallback"),
        (Text(translate(language, m.FALLBACK), topic_menu_buttons(language)),),
    )


def apology(language: str, *, intent: str | None = None) -> Reply:
    """Something failed for this message only: say sorry and offer the menu."""
    return Reply(Meta(language, intent), (Text(translate(language, m.ERROR), topic_menu_buttons(language)),))


def language_picker(language: str, *, intent: str = "choose_language") -> Reply:
    return Reply(Meta(language, intent), (LanguagePicker(), Text(translate(language, m.CHOOSE_LANGUAGE))))


def other_language(language: str) -> Reply:
    """A message in a language the bot does not answer in (French, Spanish …): say so, in English
    too, and show the languages it answers in, instead of an answer to a guess at the message."""
    note = translate(language, m.OTHER_LANGUAGE)
    if language != "en":
        note = f"{note}\n\n{translate('en', m.OTHER_LANGUAGE)}"
    return Reply(Meta(language, "choose_language"), (Text(note), LanguagePicker()))  # the picker below


def language_set(language: str) -> Reply:
    return Reply(
        Meta(language, "choose_language"),
        (Text(translate(language, m.LANGUAGE_SET), topic_menu_buttons(language)),),
    )


def welcome(language: str) -> Reply:
    """``/start``: the greeting and the language picker (preselected from the client's language)."""
    return Reply(
        Meta(language, "greet"),
        (
            LanguagePicker(),
            Text(translate(language, m.GREETING)),
            Text(translate(language, m.CHOOSE_LANGUAGE)),
        ),
    )


def unsupported_message(language: str) -> Reply:
    """Voice, pictures, stickers, files: a kind pointer to text and buttons."""
    return Reply(
        Meta(language, None),
        (Text(translate(language, m.UNSUPPORTED_MESSAGE), topic_menu_buttons(language)),),
    )
