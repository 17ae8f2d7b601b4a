"""The staff pages exist in German (the default) and English: every string has its German text."""

from __future__ import annotations

import re

from babel.messages.pofile import read_po

from bot.staff.i18n import extract, po_path, tr

PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def test_every_staff_string_has_a_german_translation_with_the_same_placeholders() -> None:
    wanted = {str(message.id) for message in extract() if message.id}
    with open(po_path("de"), "rb") as handle:
        german = {str(m.id): str(m.string) for m in read_po(handle, locale="de") if m.id}
    missing = sorted(wanted - {msgid for msgid, text in german.items() if text})
    assert not missing, f"run `python -m bot.staff.i18n extract` and translate: {missing[:10]}"
    for msgid in wanted:
        assert set(PLACEHOLDER.findall(msgid)) == set(PLACEHOLDER.findall(german[msgid])), msgid


def test_german_is_the_default_and_english_reads_the_msgids() -> None:
    assert tr("de", "Log in") == "Anmelden"
    assert tr("xx", "Log in") == "Anmelden"
    assert tr("en", "Log in") == "Log in"
    assert tr("de", "Hello, %(name)s", name="Ada") == "Hallo, Ada"
