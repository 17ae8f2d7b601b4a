"""Right-to-left replies keep Latin fragments (numbers, addresses, links) in reading order."""

from __future__ import annotations

import pytest

from bot.replies.rtl import LRI, PDI, isolate_latin


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        ("اتصل على 0800 111 0 111 أو 116 117.", ["0800 111 0 111", "116 117"]),
        ("التأمين الصحي (Krankenkasse) مهم", ["(Krankenkasse)"]),
        ("العنوان: Kölner Str. 12, 50667 Köln.", ["Kölner Str. 12, 50667 Köln"]),
        ("الرابط https://www.example.org/a?b=1 هنا", ["https://www.example.org/a?b=1"]),
        ("شماره +49 221 123-45 (رایگان)", ["+49 221 123-45"]),
        ("أرسل /delete لحذفها", ["/delete"]),  # one unit, so Telegram still sees the command
        ("تُقبل 12/2026 و/أو لا", ["12/2026"]),
    ],
)
def test_each_latin_fragment_becomes_one_isolate(text: str, fragments: list[str]) -> None:
    wrapped = isolate_latin(text)
    assert [part.split(PDI)[0] for part in wrapped.split(LRI)[1:]] == fragments
    assert wrapped.replace(LRI, "").replace(PDI, "") == text


def test_a_bracket_opened_by_the_arabic_sentence_stays_outside() -> None:
    wrapped = isolate_latin("(مثل Jobcenter) هنا")
    assert f"{LRI}Jobcenter{PDI})" in wrapped


def test_text_without_latin_is_unchanged() -> None:
    assert isolate_latin("مرحبا بك") == "مرحبا بك"
