"""The whole adapter on an offline Bot API while Rasa is down: menus, answers, commands still work."""

from __future__ import annotations

import logging
from typing import Any

import pytest
import yaml
from telegram import Update
from telegram.ext import Application

from bot.config import PROJECT_ROOT, Settings
from bot.i18n import messages as m
from bot.i18n import translate
from bot.replies.contract import payload
from bot.replies.menu import group_payload
from bot.replies.rtl import LRI, PDI
from tests.auxil.telegram_offline import Call, OfflineBotApi, Person

App = Application  # type: ignore[type-arg]


def keyboard_data(call: Call) -> list[list[str]]:
    markup = call.params.get("reply_markup") or {}
    return [[b.get("callback_data", "") for b in row] for row in markup.get("inline_keyboard", [])]


def unisolated(text: str) -> str:
    return text.replace(LRI, "").replace(PDI, "")


def shipped_answer(language: str, topic: str) -> str:
    data = yaml.safe_load((PROJECT_ROOT / "content" / "answers" / f"{language}.yml").read_text())
    return next(a["text"] for a in data["answers"] if a["topic"] == topic).strip()


async def test_start_greets_in_telegrams_language_with_the_picker_ticked(
    offline_app: App, bot_api: OfflineBotApi
) -> None:
    await offline_app.process_update(Person(language_code="ar").text(offline_app.bot, "/start"))
    [call] = bot_api.sent("sendMessage")
    assert translate("ar", m.GREETING).split("\n")[0] in unisolated(call.params["text"])
    titles = [b["text"] for row in call.params["reply_markup"]["inline_keyboard"] for b in row]
    assert "✓ العربية" in titles and "Deutsch" in titles and len(titles) == 10


async def test_choosing_a_language_without_rasa_answers_in_it_and_keeps_it(
    offline_app: App, bot_api: OfflineBotApi, rasa_down_settings: Settings
) -> None:
    person = Person(language_code="de")
    choice = payload("choose_language", language="fa")
    await offline_app.process_update(person.press(offline_app.bot, choice))
    assert len(bot_api.sent("answerCallbackQuery")) == 1  # the button stops spinning
    [chosen] = bot_api.sent("sendMessage")
    assert unisolated(chosen.params["text"]) == translate("fa", m.LANGUAGE_SET)
    assert any(group_payload("housing") in row for row in keyboard_data(chosen))
    bot_api.clear()
    await offline_app.process_update(person.text(offline_app.bot, "/privacy"))
    [privacy] = bot_api.sent("sendMessage")
    shown = privacy.params["text"]
    assert rasa_down_settings.operator_contact in unisolated(shown)
    assert rasa_down_settings.operator_name in unisolated(shown)
    assert LRI in shown  # Persian reads right to left: Latin parts are isolated


async def test_menu_navigation_edits_the_keyboard_in_place(offline_app: App, bot_api: OfflineBotApi) -> None:
    person = Person(language_code="en")
    await offline_app.process_update(person.text(offline_app.bot, "/menu"))
    [menu] = bot_api.sent("sendMessage")
    assert menu.params["text"] == translate("en", m.HELP)
    bot_api.clear()
    await offline_app.process_update(person.press(offline_app.bot, group_payload("health")))
    [edit] = bot_api.sent("editMessageReplyMarkup")
    assert [row[0] for row in keyboard_data(edit)][:2] == ["/health_insurance", "/health_uninsured"]
    assert keyboard_data(edit)[-1] == [group_payload("all")]
    bot_api.clear()
    await offline_app.process_update(person.press(offline_app.bot, group_payload("all")))
    [back] = bot_api.sent("editMessageReplyMarkup")
    assert any(group_payload("health") in row for row in keyboard_data(back))
    assert bot_api.sent("sendMessage") == []


async def test_a_topic_button_without_rasa_answers_from_the_database(
    offline_app: App, bot_api: OfflineBotApi
) -> None:
    person = Person(language_code="en")
    await offline_app.process_update(person.press(offline_app.bot, "/health_insurance"))
    [answer] = bot_api.sent("sendMessage")
    expected = shipped_answer("en", "health_insurance")
    assert answer.params["text"].split("\n\n")[0] == expected.split("\n\n")[0]
    assert keyboard_data(answer) == [  # the answer's usual next steps: near me works without Rasa
        ['/find_service{"topic":"health_insurance"}'],
        ['/find_service{"topic":"health_insurance","kind":"counsel"}'],
        ["/help"],
    ]


async def test_free_text_without_rasa_is_honest_and_offers_the_menu(
    offline_app: App, bot_api: OfflineBotApi
) -> None:
    await offline_app.process_update(Person(language_code="en").text(offline_app.bot, "I need a flat"))
    [reply] = bot_api.sent("sendMessage")
    assert reply.params["text"] == translate("en", m.DEGRADED)
    assert any(group_payload("housing") in row for row in keyboard_data(reply))


async def test_danger_without_rasa_gets_the_emergency_numbers_first(
    offline_app: App, bot_api: OfflineBotApi
) -> None:
    person = Person(language_code="de")
    await offline_app.process_update(person.text(offline_app.bot, "زوجي يضربني الآن"))
    [reply] = bot_api.sent("sendMessage")
    assert unisolated(reply.params["text"]).startswith(translate("ar", m.EMERGENCY_HEADER))
    assert "110" in reply.params["text"] and "112" in reply.params["text"]
    assert LRI in reply.params["text"]  # answered in Arabic: Latin parts isolated


@pytest.mark.parametrize("kind", ["voice", "contact"])
async def test_voice_and_contacts_get_a_kind_pointer(
    offline_app: App, bot_api: OfflineBotApi, kind: str
) -> None:
    person = Person(language_code="en")
    await offline_app.process_update(getattr(person, kind)(offline_app.bot))
    [reply] = bot_api.sent("sendMessage")
    assert reply.params["text"] == translate("en", m.UNSUPPORTED_MESSAGE)
    assert any(group_payload("housing") in row for row in keyboard_data(reply))


async def test_delete_without_rasa_says_it_could_not_and_when_it_happens_anyway(
    offline_app: App, bot_api: OfflineBotApi, rasa_down_settings: Settings
) -> None:
    await offline_app.process_update(Person(language_code="en").text(offline_app.bot, "/delete"))
    [reply] = bot_api.sent("sendMessage")
    expected = translate("en", m.DELETE_FAILED, minutes=rasa_down_settings.session_minutes)
    assert reply.params["text"] == expected


async def test_group_chats_get_nothing(offline_app: App, bot_api: OfflineBotApi) -> None:
    update = Person().text(offline_app.bot, "/start").to_dict()
    update["message"]["chat"] = {"id": -1001, "type": "group", "title": "Nachbarn"}
    await offline_app.process_update(Update.de_json(update, offline_app.bot))
    assert bot_api.sent("sendMessage") == []


async def test_nothing_identifying_is_kept_or_logged(
    offline_app: App, bot_api: OfflineBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    person = Person(language_code="en")
    caplog.set_level(logging.DEBUG)
    bot = offline_app.bot
    for update in (
        person.text(bot, "/start"),
        person.text(bot, "Hello, my name is Zuleykha"),
        person.location(bot, 50.937531, 6.960279),
        person.press(bot, "/housing_search"),
        person.contact(bot),
        person.forwarded(bot, "see this", "Someone Else"),
    ):
        await offline_app.process_update(update)
    assert len(offline_app.chat_data) == 0 and len(offline_app.user_data) == 0
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for private in (
        str(person.user_id),
        person.first_name,
        person.last_name,
        person.username,
        person.phone,
        "50.937531",
        "6.960279",
        "Someone Else",
    ):
        assert private not in logged
    kept: list[Any] = list(offline_app.bot_data.values())
    adapter = kept[0]
    assert all(key.startswith("tg-") for key in adapter.memory.memory._entries)
