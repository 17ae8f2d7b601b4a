"""The reply contract: payloads that fit Telegram, and one wire format both ways."""

from __future__ import annotations

import pytest

from bot.replies.contract import (
    Button,
    LanguagePicker,
    Meta,
    Reply,
    RequestLocation,
    ServiceCard,
    Text,
    parse_payload,
    payload,
)


def test_payloads_are_compact_and_read_back() -> None:
    made = payload("find_service", topic="housing_homeless", kind="counsel")
    assert made == '/find_service{"topic":"housing_homeless","kind":"counsel"}'
    assert parse_payload(made) == ("find_service", {"topic": "housing_homeless", "kind": "counsel"})
    assert parse_payload("/help") == ("help", {})


@pytest.mark.parametrize("text", ["hello", "/help{not json}", '/help["a"]', "50667", ""])
def test_anything_else_is_not_a_payload(text: str) -> None:
    assert parse_payload(text) is None


def test_a_reply_goes_over_the_wire_and_comes_back_the_same() -> None:
    reply = Reply(
        Meta("ar", "find_service", topic="housing_homeless", language_fallback=True),
        (
            Text("نص", (Button("زر", "/help"),)),
            ServiceCard({"name": "X", "distance_km": 1.2}),
            RequestLocation("housing_homeless", counselling=True),
            LanguagePicker(),
        ),
    )
    wire = reply.to_wire()
    assert wire[0]["custom"]["type"] == "meta" and wire[0]["custom"]["rtl"] is True
    assert Reply.from_wire(wire, fallback_language="de") == reply


def test_a_reply_without_meta_takes_the_clients_language() -> None:
    reply = Reply.from_wire([{"text": "Hallo", "recipient_id": "x"}], fallback_language="fa")
    assert reply.language == "fa" and reply.meta.rtl
    assert reply.messages == (Text("Hallo"),)


def test_unknown_parts_are_skipped_not_shown() -> None:
    reply = Reply.from_wire(
        [
            {"custom": {"type": "meta", "language": "xx"}},
            {"custom": {"type": "confetti"}},
            {"image": "a.png"},
        ],
        fallback_language="de",
    )
    assert reply.language == "de" and reply.messages == ()
