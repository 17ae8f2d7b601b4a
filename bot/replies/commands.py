"""The bot's commands (``/start``, ``/menu``, ``/language ar`` …), the same in every client.

Telegram shows them in its menu and the privacy text tells people to send ``/delete``; someone who
types them on the chat page must get what Telegram gives them, not an error. Each client finds the
command in the text (Telegram by its own handlers, the chat page by :func:`command_in`) and answers
it here; ``/delete`` needs the client's stores, so the client does that one itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from bot.i18n import messages as m
from bot.i18n import translate
from bot.languages import languages, normalize_language
from bot.replies.contract import Meta, Reply, Text, payload
from bot.replies.fixed import Facts, language_picker, small_talk, welcome
from bot.replies.safety import fold

COMMANDS: Final = (
    ("start", m.COMMAND_START),
    ("menu", m.COMMAND_MENU),
    ("help", m.COMMAND_HELP),
    ("language", m.COMMAND_LANGUAGE),
    ("privacy", m.COMMAND_PRIVACY),
    ("delete", m.COMMAND_DELETE),
)
"""Name and description of each command, in the order Telegram's menu lists them."""
NAMES: Final = frozenset(name for name, _ in COMMANDS)

_COMMAND = re.compile(r"/(?P<name>[A-Za-z]+)(?:@\w+)?(?:\s+(?P<argument>.*))?", re.DOTALL)


@dataclass(frozen=True)
class Command:
    name: str
    argument: str = ""


def command_in(text: str) -> Command | None:
    """The command ``text`` is ("/Start", "/language العربية", "/menu@WegweiserBot"), or ``None``.

    Button payloads ("/help{…}", "/find_service") are not commands, nor is a word that is not one.
    """
    match = _COMMAND.fullmatch(text.strip())
    if match is None or match.group("name").lower() not in NAMES:
        return None
    return Command(match.group("name").lower(), " ".join((match.group("argument") or "").split()))


def language_argument(argument: str) -> str | None:
    """The language ``/language <argument>`` names: a code ("ar", "uk-UA"), its own name ("العربية",
    "turkce") or its English name ("Arabic", "Farsi"); ``None`` when it names none of ours."""
    wanted = fold(" ".join(argument.split()))
    if not wanted:
        return None
    code = normalize_language(wanted)
    if code is not None:
        return code
    for code, language in languages().items():
        english = fold(language.english)
        if wanted in {fold(language.name), english, *re.findall(r"\w+", english)}:
            return code
    return None


def command_reply(command: Command, language: str, facts: Facts | None = None) -> Reply | str:
    """What the bot says to ``command`` by itself, or the message the engine takes instead (``/language
    ar``: the engine keeps the chosen language). Not ``/delete``: that needs the client's stores."""
    if command.name == "start":
        return welcome(language)
    if command.name in ("menu", "help"):
        return small_talk(language, "help", facts)
    if command.name == "privacy":
        return small_talk(language, "privacy", facts)
    if command.name == "language":
        chosen = language_argument(command.argument)
        return language_picker(language) if chosen is None else payload("choose_language", language=chosen)
    raise ValueError(f"/{command.name} is carried out by the client")


def deletion(language: str, deleted: bool, *, minutes: int) -> Reply:
    """The answer to ``/delete``: done, or try again (and when it goes by itself)."""
    if deleted:
        text = translate(language, m.CONVERSATION_DELETED)
    else:
        text = translate(language, m.DELETE_FAILED, minutes=minutes)
    return Reply(Meta(language, None), (Text(text),))
