"""The inbox consent question and /privacy, in every language."""

from __future__ import annotations

import pytest

from bot.languages import language_codes
from bot.replies.contract import Text, fits_callback, parse_payload
from bot.replies.fixed import small_talk
from bot.replies.inbox import consent_answer, consent_question


@pytest.mark.parametrize("language", language_codes())
def test_the_consent_question_is_translated_and_its_buttons_name_the_consent(language: str) -> None:
    question = consent_question(language)
    yes, no = question.buttons
    assert parse_payload(yes.payload) == ("affirm", {"consent": "inbox"})
    assert parse_payload(no.payload) == ("deny", {"consent": "inbox"})
    assert fits_callback(yes.payload) and fits_callback(no.payload)
    if language != "en":
        assert question.text != consent_question("en").text
        assert (yes.title, no.title) != ("Yes", "No")
        assert consent_answer(language, kept=True).messages[0] != consent_answer("en", kept=True).messages[0]


@pytest.mark.parametrize("language", language_codes())
def test_privacy_explains_the_inbox(language: str) -> None:
    [text] = small_talk(language, "privacy").messages
    assert isinstance(text, Text)
    assert "90" in text.text
    assert text.text.count("\n- ") >= 6  # the five points and the inbox
