"""The door: only a keyed pseudonym and a reduced language code get past it."""

from __future__ import annotations

import json

from telegram import Bot, Update

from bot.replies.places import coarse
from bot.telegram.door import Door, location_message
from tests.auxil.telegram_offline import Person


def bot() -> Bot:
    return Bot("123:ABC")


def test_the_sender_is_a_keyed_pseudonym_not_the_chat_id() -> None:
    person = Person()
    visitor = Door(b"k" * 64).visitor(person.text(bot(), "Hallo"))
    assert visitor is not None
    assert visitor.sender.startswith("tg-") and len(visitor.sender) == 35
    assert str(person.user_id) not in visitor.sender
    assert Door(b"k" * 64).sender_of(person.user_id) == visitor.sender
    assert Door(b"other" * 13).sender_of(person.user_id) != visitor.sender


def test_only_the_language_passes_not_the_region_or_names() -> None:
    person = Person(language_code="uk-UA")
    visitor = Door(b"k" * 64).visitor(person.text(bot(), "Привіт"))
    assert visitor is not None
    assert visitor.hint == "uk"
    passed = repr(visitor)
    for private in (person.first_name, person.last_name, person.username, "UA"):
        assert private not in passed


def test_an_unsupported_language_code_gives_no_hint() -> None:
    visitor = Door(b"k" * 64).visitor(Person(language_code="pt-BR").text(bot(), "Olá"))
    assert visitor is not None and visitor.hint is None


def test_group_chats_are_not_served() -> None:
    person = Person()
    update = person.text(bot(), "Hallo")
    data = update.to_dict()
    data["message"]["chat"] = {"id": -100123, "type": "supergroup", "title": "Group"}
    assert Door(b"k" * 64).visitor(Update.de_json(data, bot())) is None


def test_a_location_is_rounded_to_about_a_kilometre() -> None:
    assert coarse(50.937531, 6.960279) == (50.94, 6.96)
    message = location_message(50.937531, 6.960279)
    assert message == '/inform_location{"lat":50.94,"lon":6.96}'
    assert json.loads(message.removeprefix("/inform_location")) == {"lat": 50.94, "lon": 6.96}
    assert "937531" not in message and "960279" not in message
