"""A malformed update is skipped (acknowledged) without stopping the others, and never logged."""

from __future__ import annotations

import io
import json
import logging
from typing import Any

import pytest
from telegram import Bot
from telegram.request import RequestData

from bot.telegram.intake import ScreeningRequest, UnreadableUpdates, screen_batch
from bot.telegram.logs import RedactLibraryRecords, quiet_libraries
from tests.auxil.telegram_offline import Person

NAMES = ("Zuleykha", "Oberfeldt-Quist", "zq_tester_4471", "7394021856", "50.9375312")


def message_update(update_id: int, **content: Any) -> dict[str, Any]:
    return {"update_id": update_id, "message": Person().message(**content)}


class AnsweringBotApi(ScreeningRequest):
    """The screening connection, answering every request with a fixed ``getUpdates`` body."""

    def __init__(self, body: bytes) -> None:
        super().__init__(screen=True)
        self.body = body

    async def do_request(
        self, url: str, method: str, request_data: RequestData | None = None, **_timeouts: Any
    ) -> tuple[int, bytes]:
        return 200, self.body


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """Everything logged, with the adapter's logging in place (libraries capped and redacted)."""
    caplog.set_level(logging.DEBUG)
    quiet_libraries()
    return caplog


def no_identity(text: str) -> None:
    for name in NAMES:
        assert name not in text, f"{name} leaked: {text}"


def test_a_location_without_longitude_is_acknowledged_and_the_batch_goes_on(
    logs: pytest.LogCaptureFixture,
) -> None:
    broken = message_update(41, location={"latitude": 50.9375312})
    fine = message_update(42, text="Hallo")
    screened = screen_batch([broken, fine])
    assert screened == [{"update_id": 41}, fine]  # 41 is confirmed with the batch, 42 answered
    assert "could not be read" in logs.text
    no_identity(logs.text)


@pytest.mark.parametrize(
    "content",
    [
        {"location": {"latitude": float("nan"), "longitude": 6.96}},
        {"location": {"latitude": 1e308, "longitude": 6.96}},
        {"location": {"latitude": "50.9", "longitude": 6.96}},
        {"text": 12345},
        {"text": ["Hallo"]},
    ],
)
def test_values_no_handler_can_trust_are_skipped(content: dict[str, Any]) -> None:
    assert screen_batch([message_update(7, **content)]) == [{"update_id": 7}]


@pytest.mark.parametrize(
    "chat", [{"id": "7394021856", "type": "private"}, {"id": 2**80, "type": "private"}, {"type": "private"}]
)
def test_a_chat_without_a_usable_id_is_skipped(chat: dict[str, Any]) -> None:
    update = message_update(8, text="Hallo")
    update["message"]["chat"] = chat
    assert screen_batch([update]) == [{"update_id": 8}]


def test_a_message_without_its_chat_is_skipped() -> None:
    update = message_update(9, text="Hallo")
    del update["message"]["chat"]
    assert screen_batch([update]) == [{"update_id": 9}]


def test_a_batch_with_nothing_to_acknowledge_backs_off() -> None:
    with pytest.raises(UnreadableUpdates):
        screen_batch([{"message": {"text": "no id"}}, {"update_id": "x"}, "junk"])
    with pytest.raises(UnreadableUpdates):
        screen_batch({"update_id": 1})
    assert screen_batch([]) == []


async def test_the_library_gets_the_screened_batch(logs: pytest.LogCaptureFixture) -> None:
    broken = message_update(41, location={"latitude": 50.9375312})
    body = json.dumps({"ok": True, "result": [broken, message_update(42, text="Hallo")]}).encode()
    api = AnsweringBotApi(body)
    bot = Bot("123:ABC", request=api, get_updates_request=api)
    updates = await bot.get_updates(offset=41)
    assert [u.update_id for u in updates] == [41, 42]
    assert updates[0].effective_message is None and updates[1].effective_message is not None
    no_identity(logs.text)


async def test_an_answer_that_is_not_json_is_not_quoted(logs: pytest.LogCaptureFixture) -> None:
    api = AnsweringBotApi(b'{"ok": true, "result": [{"from": "Zuleykha 7394021856"')
    bot = Bot("123:ABC", request=api, get_updates_request=api)
    with pytest.raises(UnreadableUpdates):
        await bot.get_updates()
    no_identity(logs.text)


def test_library_records_lose_their_values_and_tracebacks() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactLibraryRecords())
    library = logging.getLogger("telegram.Bot")
    library.addHandler(handler)
    try:
        data = [message_update(41, location={"latitude": 50.9375312})]
        try:
            raise KeyError(f"longitude missing in {data}")
        except KeyError as exc:
            library.critical("Error while parsing updates! Received data was %r", data, exc_info=exc)
        library.warning("Sent %d messages to %s", 3, 7394021856)
    finally:
        library.removeHandler(handler)
    logged = stream.getvalue()
    assert "Error while parsing updates! Received data was [redacted] (KeyError)" in logged
    assert "Sent [redacted] messages to [redacted]" in logged
    no_identity(logged)
    assert "Traceback" not in logged
    ours = logging.LogRecord("bot.telegram.handlers", logging.INFO, "", 0, "%s: answered", ("tg-abc",), None)
    assert RedactLibraryRecords().filter(ours) and ours.getMessage() == "tg-abc: answered"
