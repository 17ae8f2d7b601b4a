"""Service cards and a map pin: where the Bot API server has ``sendVenue`` the nearest service also
arrives as a venue after the text cards (one pin, so the answer stays on one screen); where it has
not (``tests/telegram_server/server.js`` without ``--venues``), the text cards alone, map link
included."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator

import pytest

from bot.i18n import messages as m
from bot.i18n import translate
from tests.auxil.stack import RunningStack
from tests.auxil.telegram_server import BotMessage, LocalBotApi, TelegramUser
from tests.auxil.telegram_stack import start_polling_adapter
from tests.integration.telegram.helpers import cards

pytestmark = pytest.mark.stack

LATITUDE, LONGITUDE = 50.937531, 6.960279  # Köln, at a doorstep
USER_ID = 7394088001


@pytest.fixture(scope="module")
def venue_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalBotApi]:
    """A second local Bot API server, this one with ``sendVenue``."""
    server = LocalBotApi(venues=True, log=tmp_path_factory.mktemp("bot-api-venues") / "server.log")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def venue_user(stack: RunningStack, venue_api: LocalBotApi) -> Iterator[TelegramUser]:
    """Someone chatting with a second adapter, which polls the server with venues."""
    running = start_polling_adapter(stack, venue_api, name="telegram-venues")
    try:
        yield venue_api.user(USER_ID, language_code="de")
    finally:
        running.stop()


def services_near_cologne(user: TelegramUser, pin: bool = False) -> list[BotMessage]:
    """Ask for migration counselling, share a location in Köln, and read everything until "what next"
    (and, with ``pin``, until the map pin, which is sent after it)."""
    user.send("Ich brauche eine Migrationsberatung")
    user.replies()
    user.send_location(LATITUDE, LONGITUDE)
    closing = translate("de", m.NEXT_STEPS)

    def complete(got: list[BotMessage]) -> bool:
        closed = any(closing in g.text for g in got)
        return closed and (not pin or any(g.venue is not None for g in got))

    return user.replies(complete, timeout=60)


def card_names(message: BotMessage) -> list[str]:
    """The services' names on the text cards (each card's first line, in bold)."""
    return [
        html.unescape(block.split("</b>")[0].removeprefix("<b>"))
        for block in message.text.split("\n\n")
        if block.startswith("<b>") and "\n📍 " in block
    ]


def test_with_send_venue_the_nearest_service_arrives_as_a_pin_too(venue_user: TelegramUser) -> None:
    got = services_near_cologne(venue_user, pin=True)
    [text_cards] = cards(got)
    names = card_names(text_cards)
    assert names and "🗺" in text_cards.text  # the text card keeps every detail, map link included
    venues = [g.venue for g in got if g.venue is not None]
    assert [v["title"] for v in venues] == names[:1]  # one pin: the nearest service
    for venue in venues:
        assert venue["address"] and venue["location"]["latitude"] and venue["location"]["longitude"]
        assert (venue["location"]["latitude"], venue["location"]["longitude"]) != (LATITUDE, LONGITUDE)
    order = [g.message_id for g in got]
    first_pin = min(order.index(g.message_id) for g in got if g.venue is not None)
    assert order.index(text_cards.message_id) < first_pin  # the text cards come first, then the pin


def test_without_send_venue_cards_arrive_as_text(new_user: Callable[..., TelegramUser]) -> None:
    got = services_near_cologne(new_user("de"))
    [text_cards] = cards(got)
    assert card_names(text_cards) and '<a href="https://www.openstreetmap.org/' in text_cards.text
    assert [g for g in got if g.venue is not None] == []
