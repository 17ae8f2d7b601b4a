"""The bot's own Arabic strings address everyone, as its answers do: plural forms, not a man alone.

Arabic imperatives and "you" are gendered; the singular masculine ("اختر", "اكتب") speaks to men. A
welfare expert's review (issue 11) asked that Arabic not address only men; the answers were changed
and are checked in ``tests/unit/content/test_shipped_answers.py``; this checks the interface strings.
"""

from __future__ import annotations

import re

from babel.messages.pofile import read_po

from bot.config import PROJECT_ROOT
from bot.i18n import messages as m
from bot.i18n import translate

MASCULINE_SINGULAR = (
    "اختر",
    "اكتب",
    "أرسل",
    "شارك",
    "استخدم",
    "قلها",
    "حاول",
    "اضغط",
    "تقصد",
    "يمكنك",
    "أنت",
)


def test_no_interface_string_addresses_only_men() -> None:
    with (PROJECT_ROOT / "locales" / "ar" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        strings = [str(message.string) for message in read_po(handle, locale="ar") if message.id]
    found = {
        word
        for text in strings
        for word in MASCULINE_SINGULAR
        if re.search(rf"(^|[\s«(]){word}($|[\s.،؟:!])", text)
    }
    assert found == set()


def test_the_plural_forms_are_what_people_read() -> None:
    assert "اختاروا" in translate("ar", m.CHOOSE_LANGUAGE)
    assert "اكتبوا /delete" in translate("ar", m.PRIVACY).replace("\u2066", "").replace("\u2069", "")
