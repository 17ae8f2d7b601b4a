"""Services near me while Rasa is down: a shared location, a place button or a typed postal code or
town answering "where?" still lists nearby services from the database, in the person's language, and
no finer point than the rounded one reaches the place lookup or the search."""

from __future__ import annotations

import html
import logging
from typing import Any

import pytest
from telegram.ext import Application

import bot.replies.places
import bot.replies.services
from bot.i18n import messages as m
from bot.i18n import translate
from bot.replies.contract import payload
from bot.replies.menu import topic_title
from bot.replies.rtl import LRI, PDI
from tests.auxil.telegram_offline import Call, OfflineBotApi, Person

App = Application  # type: ignore[type-arg]

LATITUDE, LONGITUDE = 50.937531, 6.960279  # Köln, at a doorstep
NEAR_ME = payload("find_service", topic="counselling_migration")


def keyboard_data(call: Call) -> list[list[str]]:
    markup = call.params.get("reply_markup") or {}
    return [[b.get("callback_data", "") for b in row] for row in markup.get("inline_keyboard", [])]


def shown(call: Call) -> str:
    """A message's text as the person reads it (no HTML, no direction marks)."""
    return html.unescape(str(call.params["text"])).replace(LRI, "").replace(PDI, "")


def cards(api: OfflineBotApi) -> list[str]:
    """The service cards sent (a card's first detail line starts with the pin)."""
    return [part for call in api.sent("sendMessage") for part in shown(call).split("\n\n") if "\n📍 " in part]


def asks_where(call: Call) -> bool:
    keyboard = (call.params.get("reply_markup") or {}).get("keyboard") or []
    return any(button.get("request_location") for row in keyboard for button in row)


@pytest.fixture
def searched(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Every place lookup and service search the adapter makes, with its arguments."""
    calls: list[dict[str, Any]] = []
    resolve, near = bot.replies.places.resolve_place, bot.replies.services.services_near

    def resolve_spy(session: Any, **kwargs: Any) -> Any:
        calls.append({"call": "resolve_place", **kwargs})
        return resolve(session, **kwargs)

    def near_spy(session: Any, **kwargs: Any) -> Any:
        calls.append({"call": "services_near", **kwargs})
        return near(session, **kwargs)

    monkeypatch.setattr(bot.replies.places, "resolve_place", resolve_spy)
    monkeypatch.setattr(bot.replies.services, "services_near", near_spy)
    return calls


async def test_a_shared_location_lists_services_from_the_database(
    offline_app: App,
    bot_api: OfflineBotApi,
    searched: list[dict[str, Any]],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    person = Person(language_code="en")
    await offline_app.process_update(person.location(offline_app.bot, LATITUDE, LONGITUDE))
    texts = [shown(call) for call in bot_api.sent("sendMessage")]
    assert texts[0].startswith(translate("en", m.SERVICES_INTRO_ALL, place="Köln"))
    found = cards(bot_api)
    assert found and all("km" in card and "🗺" in card for card in found)  # each card has its map link
    [venue] = bot_api.sent("sendVenue")  # one pin, the nearest service's (not the person's point)
    assert (venue.params["latitude"], venue.params["longitude"]) not in {(LATITUDE, LONGITUDE), (50.94, 6.96)}
    [listing] = bot_api.sent("sendMessage")  # intro, cards and next steps on one screen
    assert shown(listing).endswith(f"{translate('en', m.DEMO_NOTE)}\n{translate('en', m.NEXT_STEPS)}")
    assert ["/inform_location"] in keyboard_data(listing)

    # Only the rounded point went to the lookup and the search, and nothing precise to the log.
    assert {c["call"] for c in searched} == {"resolve_place", "services_near"}
    assert all((c["lat"], c["lon"]) == (50.94, 6.96) for c in searched)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "50.937531" not in logged and "6.960279" not in logged and "Köln" not in logged


async def test_the_topic_chosen_in_the_menu_is_searched(
    offline_app: App, bot_api: OfflineBotApi, searched: list[dict[str, Any]]
) -> None:
    person = Person(language_code="en")
    await offline_app.process_update(person.press(offline_app.bot, "/counselling_migration"))
    bot_api.clear()
    await offline_app.process_update(person.location(offline_app.bot, LATITUDE, LONGITUDE))
    title = topic_title("en", "counselling_migration")
    intro = shown(bot_api.sent("sendMessage")[0])
    assert intro.startswith(translate("en", m.SERVICES_INTRO, topic=title, place="Köln"))
    assert cards(bot_api)
    assert {c["topic"] for c in searched if c["call"] == "services_near"} == {"counselling_migration"}


async def test_a_typed_postal_code_answers_where_in_arabic(offline_app: App, bot_api: OfflineBotApi) -> None:
    person = Person(language_code="ar")
    await offline_app.process_update(person.press(offline_app.bot, NEAR_ME))
    [question] = bot_api.sent("sendMessage")
    assert shown(question) == translate("ar", m.ASK_PLACE)
    assert asks_where(question)  # the share-location keyboard
    bot_api.clear()

    await offline_app.process_update(person.text(offline_app.bot, "٥٠٦٦٧"))  # Arabic-Indic digits
    title = topic_title("ar", "counselling_migration")
    first = bot_api.sent("sendMessage")[0]
    assert shown(first).startswith(translate("ar", m.SERVICES_INTRO, topic=title, place="Köln"))
    assert LRI in str(first.params["text"])  # right to left: addresses and numbers isolated
    [pin] = bot_api.sent("sendVenue")
    assert pin.params["reply_markup"] == {"remove_keyboard": True}  # the question is answered
    found = cards(bot_api)
    assert found and all(translate("ar", m.CARD_MAP) in card for card in found)


async def test_a_typed_town_with_several_places_is_asked_back(
    offline_app: App, bot_api: OfflineBotApi
) -> None:
    person = Person(language_code="de")
    await offline_app.process_update(person.press(offline_app.bot, NEAR_ME))
    bot_api.clear()
    await offline_app.process_update(person.text(offline_app.bot, "Frankfurt"))
    asked, again = bot_api.sent("sendMessage")
    assert shown(asked) == translate("de", m.PLACE_AMBIGUOUS, place="Frankfurt")
    choices = [data for row in keyboard_data(asked) for data in row]
    assert len(choices) > 1 and all(d.startswith("/inform_location{") for d in choices)
    assert asks_where(again)
    assert cards(bot_api) == []
    bot_api.clear()

    await offline_app.process_update(person.press(offline_app.bot, choices[0]))
    intro = shown(bot_api.sent("sendMessage")[0])
    title = topic_title("de", "counselling_migration")
    assert intro.startswith(f"{title} — ") or title in intro  # services, or general counselling instead
    assert "Frankfurt" in intro


async def test_an_unknown_place_is_asked_again(offline_app: App, bot_api: OfflineBotApi) -> None:
    person = Person(language_code="en")
    await offline_app.process_update(person.press(offline_app.bot, NEAR_ME))
    bot_api.clear()
    await offline_app.process_update(person.text(offline_app.bot, "Qwzxyvillage"))
    unknown, again = bot_api.sent("sendMessage")
    assert shown(unknown) == translate("en", m.PLACE_NOT_FOUND, place="Qwzxyvillage")
    assert shown(again) == translate("en", m.ASK_PLACE) and asks_where(again)


async def test_a_counsellor_asked_for_lists_counselling(offline_app: App, bot_api: OfflineBotApi) -> None:
    person = Person(language_code="en")
    counsel = payload("find_service", topic="counselling_migration", kind="counsel")
    await offline_app.process_update(person.press(offline_app.bot, counsel))
    bot_api.clear()
    await offline_app.process_update(person.text(offline_app.bot, "50667"))
    title = topic_title("en", "counselling_migration")
    intro = shown(bot_api.sent("sendMessage")[0])
    assert intro.startswith(translate("en", m.COUNSELLING_INTRO, topic=title, place="50667 Köln"))
    assert cards(bot_api)


async def test_a_number_nobody_asked_for_is_not_taken_for_a_place(
    offline_app: App, bot_api: OfflineBotApi
) -> None:
    await offline_app.process_update(Person(language_code="en").text(offline_app.bot, "50667"))
    [reply] = bot_api.sent("sendMessage")
    assert shown(reply) == translate("en", m.DEGRADED)


async def test_a_question_while_where_is_asked_is_declined_honestly(
    offline_app: App, bot_api: OfflineBotApi
) -> None:
    person = Person(language_code="en")
    await offline_app.process_update(person.press(offline_app.bot, NEAR_ME))
    bot_api.clear()
    await offline_app.process_update(person.text(offline_app.bot, "How do I find a flat for my family?"))
    [reply] = bot_api.sent("sendMessage")
    assert shown(reply) == translate("en", m.DEGRADED)
    assert cards(bot_api) == []


async def test_danger_while_where_is_asked_gets_the_emergency_numbers(
    offline_app: App, bot_api: OfflineBotApi
) -> None:
    person = Person(language_code="de")
    await offline_app.process_update(person.press(offline_app.bot, NEAR_ME))
    bot_api.clear()
    await offline_app.process_update(person.text(offline_app.bot, "Hilfe, es brennt"))
    [reply] = bot_api.sent("sendMessage")
    assert shown(reply).startswith(translate("de", m.EMERGENCY_HEADER))
    assert "112" in shown(reply)
    assert cards(bot_api) == []
