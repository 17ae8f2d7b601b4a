"""``/language ar`` (a code or a language's own name) switches at once; ``/language`` shows the picker."""

from __future__ import annotations

import pytest
from telegram.ext import Application

from bot.i18n import messages as m
from bot.i18n import translate
from bot.languages import languages
from bot.replies.commands import language_argument
from bot.replies.menu import group_payload
from bot.replies.rtl import LRI, PDI
from tests.auxil.telegram_offline import Call, OfflineBotApi, Person

App = Application  # type: ignore[type-arg]


def shown(call: Call) -> str:
    return str(call.params["text"]).replace(LRI, "").replace(PDI, "")


def buttons(call: Call) -> list[str]:
    markup = call.params.get("reply_markup") or {}
    return [b.get("callback_data", "") for row in markup.get("inline_keyboard", []) for b in row]


@pytest.mark.parametrize(
    ("argument", "code"),
    [
        ("ar", "ar"),
        ("AR", "ar"),
        ("uk-UA", "uk"),
        ("العربية", "ar"),
        ("فارسي", "fa"),  # typed with an Arabic keyboard's ya
        ("Deutsch", "de"),
        ("turkce", "tr"),
        ("Română", "ro"),
        ("русский", "ru"),
        ("  Українська ", "uk"),
        ("Arabic", "ar"),
        ("farsi", "fa"),
    ],
)
def test_a_code_or_a_name_names_the_language(argument: str, code: str) -> None:
    assert language_argument(argument) == code


@pytest.mark.parametrize("argument", ["", "  ", "klingon", "pt", "pt-BR", "de en"])
def test_anything_else_names_no_language(argument: str) -> None:
    assert language_argument(argument) is None


def test_every_language_is_found_by_its_own_name_and_code() -> None:
    for code, language in languages().items():
        assert language_argument(language.name) == code
        assert language_argument(code) == code


@pytest.mark.parametrize("argument", ["ar", "العربية"])
async def test_language_with_an_argument_switches_at_once(
    offline_app: App, bot_api: OfflineBotApi, argument: str
) -> None:
    person = Person(language_code="de")
    await offline_app.process_update(person.text(offline_app.bot, f"/language {argument}"))
    [reply] = bot_api.sent("sendMessage")
    assert shown(reply) == translate("ar", m.LANGUAGE_SET)
    assert group_payload("housing") in buttons(reply)  # what next: the topic menu, in Arabic
    bot_api.clear()
    await offline_app.process_update(person.text(offline_app.bot, "/menu"))
    [menu] = bot_api.sent("sendMessage")
    assert shown(menu) == translate("ar", m.HELP)  # the choice holds


@pytest.mark.parametrize("text", ["/language", "/language klingon"])
async def test_language_alone_shows_the_picker(offline_app: App, bot_api: OfflineBotApi, text: str) -> None:
    person = Person(language_code="en")
    await offline_app.process_update(person.text(offline_app.bot, text))
    [reply] = bot_api.sent("sendMessage")
    assert shown(reply) == translate("en", m.CHOOSE_LANGUAGE)
    assert len(buttons(reply)) == len(languages())
    assert all(data.startswith("/choose_language") for data in buttons(reply))
