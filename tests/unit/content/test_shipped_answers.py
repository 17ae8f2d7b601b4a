"""Shipped answers (content/answers): complete, short enough, sourced, free of known mistranslations."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.config import PROJECT_ROOT
from bot.content.answer_editing import RECOMMENDED_LENGTH
from bot.content.answer_files import read_answer_file
from bot.languages import languages
from bot.topics import TOPICS

ANSWERS = PROJECT_ROOT / "content" / "answers"
LANGUAGES = sorted(languages())


def _raw_entries(language: str) -> list[dict[str, object]]:
    document = yaml.safe_load((ANSWERS / f"{language}.yml").read_text(encoding="utf-8"))
    entries: list[dict[str, object]] = document["answers"]
    return entries


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_topic_has_one_text_that_fits_on_a_phone_screen(language: str) -> None:
    file_language, entries = read_answer_file(ANSWERS / f"{language}.yml")
    topics = [entry.topic for entry in entries]
    too_long = {e.topic: len(e.text) for e in entries if len(e.text) > RECOMMENDED_LENGTH}
    assert file_language == language
    assert sorted(topics) == sorted(TOPICS)
    assert too_long == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_text_names_its_source_and_a_checked_date(language: str) -> None:
    _, entries = read_answer_file(ANSWERS / f"{language}.yml")
    unsourced = [e.topic for e in entries if not e.reference.strip() or e.last_reviewed is None]
    assert unsourced == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_public_source_is_a_short_name(language: str) -> None:
    """``public_source`` is shown to users ("Source: BAMF"), so it is a name, not a citation."""
    named = [e for e in _raw_entries(language) if "public_source" in e]
    bad = [
        e["topic"]
        for e in named
        if not isinstance(e["public_source"], str) or not 2 <= len(e["public_source"]) <= 60
    ]
    assert bad == []


@pytest.mark.parametrize(
    ("language", "wrong"),
    [
        ("uk", r"направлен\w*\s*\(Krankenschein\)"),  # a referral, not a treatment voucher
        ("ru", r"направлен\w*\s*\(Krankenschein\)"),
        ("bg", r"направлен\w*\s*\(Krankenschein\)"),
        ("pl", r"skierowani\w*\s*\(Krankenschein\)"),
        ("ro", r"expulz\w*\s*\(Abschiebung\)"),  # Abschiebung is deportare
        ("fa", r"حکم\s+پرداخت"),  # a Mahnbescheid is not a court judgment
        ("fa", r"دوران\s+پناهندگی"),  # Asylverfahren is the procedure, not refugee status
    ],
)
def test_known_mistranslations_stay_fixed(language: str, wrong: str) -> None:
    texts = "\n".join(str(e["text"]) for e in _raw_entries(language))
    assert re.search(wrong, texts) is None


MASCULINE_IMPERATIVES = ("اذهب", "اتصل", "اسأل", "احتفظ", "اكتب", "لا تدفع", "لا توقّع", "استشر")


def test_arabic_texts_do_not_address_only_men() -> None:
    texts = "\n".join(str(e["text"]) for e in _raw_entries("ar"))
    found = [word for word in MASCULINE_IMPERATIVES if re.search(rf"(^|\s){word}(\s|$)", texts)]
    assert found == []


def test_polish_texts_address_the_reader() -> None:
    """Impersonal infinitive instructions ("Zabrać …", "Sprawdzić …") read as a form, not advice."""
    entries = _raw_entries("pl")
    impersonal = [
        str(e["topic"])
        for e in entries
        for paragraph in str(e["text"]).split("\n")
        if re.match(r"\s*(Zabrać|Sprawdzić|Zapytać|Pilnować|Zgłosić|Nie płacić|Od razu zapisać)\b", paragraph)
    ]
    assert impersonal == []


def test_the_files_are_the_only_answer_files() -> None:
    shipped = sorted(p.stem for p in Path(ANSWERS).glob("*.yml"))
    assert shipped == LANGUAGES
