"""Sending: venues where the server has them, and a refused formatting never loses an answer."""

from __future__ import annotations

import json
from typing import Any

from telegram import Bot
from telegram.request import RequestData

from bot.telegram.outbox import Outbox
from bot.telegram.render import Text
from bot.telegram.venues import Venue
from tests.auxil.telegram_offline import Call, OfflineBotApi


class RefusesHtml(OfflineBotApi):
    async def do_request(
        self, url: str, method: str, request_data: RequestData | None = None, *args: Any, **kw: Any
    ) -> tuple[int, bytes]:
        params = request_data.parameters if request_data else {}
        if url.endswith("/sendMessage") and params.get("parse_mode") == "HTML":
            self.calls.append(Call("sendMessage", dict(params)))
            body = {"ok": False, "error_code": 400, "description": "Bad Request: can't parse entities"}
            return 400, json.dumps(body).encode()
        return await super().do_request(url, method, request_data, *args, **kw)


VENUE = Venue(50.94, 6.96, "Beratung", "Bahnhofstr. 3, 50667 Köln")


async def test_venues_are_sent_where_supported() -> None:
    api = OfflineBotApi(venues=True)
    async with Bot("123:ABC", request=api, get_updates_request=api) as bot:
        await Outbox().send(bot, 5, [Text("<b>x</b>", "x"), VENUE])
    assert [c.method for c in api.calls if c.method != "getMe"] == ["sendMessage", "sendVenue"]
    venue = api.sent("sendVenue")[0].params
    assert (venue["latitude"], venue["title"]) == (50.94, "Beratung")


async def test_without_venues_the_text_card_stands_alone_and_no_more_are_tried() -> None:
    api = OfflineBotApi(venues=False)
    outbox = Outbox()
    async with Bot("123:ABC", request=api, get_updates_request=api) as bot:
        await outbox.send(bot, 5, [Text("card", "card"), VENUE, VENUE])
    assert [c.method for c in api.calls if c.method != "getMe"] == ["sendMessage", "sendVenue"]
    assert outbox.venues_supported is False


async def test_refused_html_is_sent_as_plain_text() -> None:
    api = RefusesHtml()
    async with Bot("123:ABC", request=api, get_updates_request=api) as bot:
        await Outbox().send(bot, 5, [Text("<b>broken", "broken")])
    plain = [c for c in api.sent("sendMessage") if "parse_mode" not in c.params]
    assert [c.params["text"] for c in plain] == ["broken"]
