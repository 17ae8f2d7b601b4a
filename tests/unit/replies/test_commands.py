"""The bot's commands typed as text: found as Telegram finds them, answered the same in every client."""

from __future__ import annotations

import pytest

from bot.i18n import messages as m
from bot.i18n import translate
from bot.pseudonym import on_telegram as on_telegram_sender
from bot.replies.commands import Command, command_in, command_reply, deletion
from bot.replies.contract import LanguagePicker, Reply, Text, payload
from bot.replies.fixed import Facts, small_talk
from bot.telegram.door import Door


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("/start", Command("start")),
        ("  /Start ", Command("start")),
        ("/menu@WegweiserBot", Command("menu")),
        ("/language العربية", Command("language", "العربية")),
        ("/language  uk\n", Command("language", "uk")),
        ("/delete", Command("delete")),
    ],
)
def test_the_commands_are_found_however_they_are_typed(text: str, command: Command) -> None:
    assert command_in(text) == command


@pytest.mark.parametrize(
    "text",
    [
        "/find_service",  # a button's payload
        '/help{"menu":"housing"}',
        '/choose_language{"language":"ar"}',
        "/restart",  # Rasa's, never a user's
        "/startseite",
        "start",
        "please /delete my data",
    ],
)
def test_payloads_and_other_words_are_no_commands(text: str) -> None:
    assert command_in(text) is None


def test_start_greets_with_the_language_picker_in_the_persons_language() -> None:
    reply = command_reply(Command("start"), "uk")
    assert isinstance(reply, Reply) and reply.language == "uk"
    assert isinstance(reply.messages[0], LanguagePicker)
    assert translate("uk", m.GREETING) in [t.text for t in reply.messages if isinstance(t, Text)]


def test_menu_and_privacy_are_the_bots_own_replies() -> None:
    menu = command_reply(Command("menu"), "ar")
    privacy = command_reply(Command("privacy"), "ar")
    assert isinstance(menu, Reply) and isinstance(privacy, Reply)
    [shown] = menu.messages
    assert isinstance(shown, Text) and shown.text == translate("ar", m.HELP) and shown.buttons
    [said] = privacy.messages
    assert isinstance(said, Text) and "/delete" in said.text


def test_language_shows_the_picker_unless_a_language_is_named() -> None:
    for argument in ("", "klingon"):
        reply = command_reply(Command("language", argument), "de")
        assert isinstance(reply, Reply) and isinstance(reply.messages[0], LanguagePicker)
    assert command_reply(Command("language", "Türkçe"), "de") == payload("choose_language", language="tr")


def test_delete_is_left_to_the_client_which_says_whether_it_worked() -> None:
    with pytest.raises(ValueError):
        command_reply(Command("delete"), "de")
    [done] = deletion("pl", True, minutes=30).messages
    [failed] = deletion("pl", False, minutes=30).messages
    assert isinstance(done, Text) and done.text == translate("pl", m.CONVERSATION_DELETED)
    assert isinstance(failed, Text) and "30" in failed.text and "/delete" in failed.text


def test_privacy_says_telegram_sees_the_chat_only_where_it_does() -> None:
    on_telegram = Facts(30, "Caritas Köln", "info@example.org", on_telegram=True)
    on_the_page = Facts(30, "Caritas Köln", "info@example.org", on_telegram=False)
    for language in ("de", "ar"):
        telegram_line = translate(language, m.PRIVACY_TELEGRAM)
        [said] = small_talk(language, "privacy", on_telegram).messages
        [shown] = small_talk(language, "privacy", on_the_page).messages
        assert isinstance(said, Text) and isinstance(shown, Text)
        assert telegram_line in said.text and telegram_line not in shown.text
        assert shown.text.endswith("Caritas Köln (info@example.org).")  # who runs it, last
    assert on_telegram_sender(Door(b"k" * 32).sender_of(12345))
    assert not on_telegram_sender("web-0123") and not on_telegram_sender("cli-abc")
