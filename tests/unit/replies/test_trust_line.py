"""Every answer ends with when it was checked and, where it rests on a public body, that body's name."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.content.answer_files import AnswerFileError, read_answer_file
from bot.content.answers import ResolvedAnswer
from bot.content.freshness import check_due
from bot.replies.answers import answer_reply, trust_line
from bot.replies.contract import Text

TRUST_LINES = {
    "de": "Geprüft: 11/2026 · Quelle: BAMF",
    "en": "Checked: 11/2026 · Source: BAMF",
    "ar": "تمت المراجعة: 11/2026 · المصدر: BAMF",
    "fa": "بررسی‌شده: 11/2026 · منبع: BAMF",
    "tr": "Kontrol edildi: 11/2026 · Kaynak: BAMF",
    "uk": "Перевірено: 11/2026 · Джерело: BAMF",
    "ru": "Проверено: 11/2026 · Источник: BAMF",
    "pl": "Sprawdzono: 11/2026 · Źródło: BAMF",
    "ro": "Verificat: 11/2026 · Sursa: BAMF",
    "bg": "Проверено: 11/2026 · Източник: BAMF",
}


def answer(
    language: str = "en", *, reviewed: date | None = date(2026, 11, 25), source: str | None = "BAMF"
) -> ResolvedAnswer:
    return ResolvedAnswer(
        "language_course",
        "Ask the BAMF for an integration course.",
        language,
        None,
        3,
        last_reviewed=reviewed,
        public_source=source,
    )


def reply_text(language: str, resolved: ResolvedAnswer) -> str:
    [part] = answer_reply(language, "language_course", resolved).messages
    assert isinstance(part, Text)
    return part.text


@pytest.mark.parametrize(("language", "expected"), sorted(TRUST_LINES.items()))
def test_the_trust_line_is_in_the_persons_language(language: str, expected: str) -> None:
    assert trust_line(language, answer(language)) == expected


def test_the_answer_ends_with_the_trust_line_after_a_blank_line() -> None:
    assert reply_text("de", answer("de")) == (
        "Ask the BAMF for an integration course.\n\nGeprüft: 11/2026 · Quelle: BAMF"
    )


def test_a_german_fallback_still_gets_the_line_in_the_persons_language() -> None:
    assert reply_text("uk", answer("de")).endswith("\n\nПеревірено: 11/2026 · Джерело: BAMF")


def test_no_public_body_no_source_name() -> None:
    assert trust_line("en", answer(source=None)) == "Checked: 11/2026"
    assert trust_line("en", answer(reviewed=date(2026, 3, 1), source=None)) == "Checked: 03/2026"


def test_an_answer_never_checked_and_without_a_source_has_no_line() -> None:
    assert trust_line("en", answer(reviewed=None, source=None)) is None
    assert reply_text("en", answer(reviewed=None, source=None)) == "Ask the BAMF for an integration course."


def test_answer_files_carry_the_public_source(tmp_path: Path) -> None:
    path = tmp_path / "en.yml"
    path.write_text(
        "language: en\nanswers:\n"
        "  - topic: language_course\n    text: Ask the BAMF.\n    source: AufenthG § 43\n"
        "    public_source: ' BAMF '\n    last_reviewed: 2026-11-25\n"
        "  - topic: work_jobs\n    text: Ask the Jobcenter.\n    source: MiLoG\n",
        encoding="utf-8",
    )
    _, entries = read_answer_file(path)
    assert [(e.topic, e.public_source) for e in entries] == [("language_course", "BAMF"), ("work_jobs", None)]


def test_an_unusable_public_source_is_reported_with_its_place(tmp_path: Path) -> None:
    path = tmp_path / "en.yml"
    path.write_text(
        "language: en\nanswers:\n  - topic: language_course\n    text: Ask.\n    public_source: 42\n",
        encoding="utf-8",
    )
    with pytest.raises(AnswerFileError, match=r"answer 1 \(language_course\): public_source"):
        read_answer_file(path)


def test_answers_not_checked_for_twelve_months_are_due() -> None:
    today = date(2026, 12, 4)
    assert not check_due(date(2026, 11, 25), today)
    assert not check_due(date(2025, 12, 4), today)
    assert check_due(date(2025, 12, 3), today)
    assert check_due(None, today)


def test_every_shipped_public_source_is_the_same_in_all_languages() -> None:
    from bot.config import PROJECT_ROOT
    from bot.languages import language_codes

    names = {
        code: {
            e.topic: e.public_source
            for e in read_answer_file(PROJECT_ROOT / "content" / "answers" / f"{code}.yml")[1]
        }
        for code in language_codes()
    }
    assert all(names[code] == names["de"] for code in names)
    assert names["de"]["language_course"] == "BAMF"
    assert names["de"]["housing_search"] is None  # laws alone name no public body
