"""A long message is split into the parts a person wrote, and its question speaks louder than its context.

``engine/wegweiser_engine/sentences.py`` (standard library) and ``combine.py`` (numpy) run inside Rasa;
both are imported here directly from their files.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

import numpy as np
import pytest

from bot.engine.runtime import ENGINE_PACKAGE_DIR


def _module(name: str) -> ModuleType:
    path = ENGINE_PACKAGE_DIR / "wegweiser_engine" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"wegweiser_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def sentences() -> ModuleType:
    return _module("sentences")


@pytest.fixture(scope="module")
def combining() -> ModuleType:
    return _module("combine")


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        (
            "Hallo! Ich komme aus Syrien und wohne seit 2 Jahren in Köln. Wie finde ich eine Wohnung?",
            ["Hallo! Ich komme aus Syrien und wohne seit 2 Jahren in Köln.", "Wie finde ich eine Wohnung?"],
        ),
        (
            "مرحبا، أنا من سوريا وأسكن في كولونيا. كيف أجد شقة؟",
            ["مرحبا،", "أنا من سوريا وأسكن في كولونيا.", "كيف أجد شقة؟"],
        ),
        (
            "سلام. من دو ساله در کلن زندگی می کنم. چطور میتونم خونه پیدا کنم؟",
            ["سلام. من دو ساله در کلن زندگی می کنم.", "چطور میتونم خونه پیدا کنم؟"],
        ),
        ("Привет\nЯ живу в Кельне\nкак найти квартиру", ["Привет Я живу в Кельне", "как найти квартиру"]),
        (
            "Brauche ich z.B. eine Anmeldung? Und wo bekomme ich sie.",
            ["Brauche ich z.B. eine Anmeldung?", "Und wo bekomme ich sie."],
        ),
        ("Wohnung?", ["Wohnung?"]),
        ("wo finde ich eine wohnung in köln", ["wo finde ich eine wohnung in köln"]),
    ],
)
def test_a_message_splits_at_sentence_ends_of_every_script(
    sentences: ModuleType, text: str, parts: list[str]
) -> None:
    assert sentences.segments(text) == parts


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        (
            "здравейте, синът ми е на 16 и иска да учи в германия, но не знае немски, какво да правим",
            ["здравейте,", "синът ми е на 16 и иска да учи в германия, но не знае немски, какво да правим"],
        ),
        (
            "dzień dobry, moja mama ma 70 lat i mieszka ze mną",
            ["dzień dobry,", "moja mama ma 70 lat i mieszka ze mną"],
        ),
        ("سلام، دنبال کلاس زبان رایگان هستم", ["سلام،", "دنبال کلاس زبان رایگان هستم"]),
        # more than a greeting's words, or nothing after it, or a number: one part as before
        ("ich bin schwanger, was kann ich tun", ["ich bin schwanger, was kann ich tun"]),
        ("hallo, wohnung", ["hallo, wohnung"]),
        ("2,5 jahre warte ich auf einen termin", ["2,5 jahre warte ich auf einen termin"]),
    ],
)
def test_a_greeting_before_a_comma_is_a_part_of_its_own(
    sentences: ModuleType, text: str, parts: list[str]
) -> None:
    assert sentences.segments(text) == parts


def test_a_long_message_without_any_punctuation_is_read_in_overlapping_windows(sentences: ModuleType) -> None:
    words = [f"w{i}" for i in range(40)]
    parts = sentences.segments(" ".join(words))
    assert len(parts) > 1
    assert all(len(p.split()) <= sentences.MAX_WORDS for p in parts)
    covered = {w for p in parts for w in p.split()}
    assert covered == set(words)  # nothing of the message is lost


def test_a_long_sentence_splits_at_commas_first_latin_and_arabic(sentences: ModuleType) -> None:
    first = "أنا من سوريا وأعيش في ألمانيا منذ سنتين مع زوجتي وأطفالي الثلاثة في شقة صغيرة جدا"
    second = "هل يمكنني الحصول على شقة أكبر من خلال مكتب السكن أو من خلال جمعية خيرية في المدينة"
    assert sentences.segments(f"{first}، {second}") == [first + "،", second]


@pytest.mark.parametrize(
    ("part", "asks"),
    [
        ("Wie finde ich eine Wohnung?", True),
        ("كيف أجد شقة؟", True),
        ("Ich wohne in Köln.", False),
        ("hallo", False),
    ],
)
def test_a_question_is_recognised_by_its_mark_in_any_script(
    sentences: ModuleType, part: str, asks: bool
) -> None:
    assert sentences.is_question(part) is asks


LABELS = ["greet", "inform_location", "housing_search", "work_jobs"]


def test_context_parts_do_not_decide_a_long_message(combining: ModuleType) -> None:
    how = combining.Combination(whole_weight=0.5, question_bonus=0.5, context_intents=frozenset(LABELS[:2]))
    whole = np.array([0.2, 0.6, 0.1, -0.5])  # the context drowns the question in the whole message
    parts = np.array([[0.9, -0.5, -0.6, -0.9], [-0.4, 0.8, -0.3, -0.7], [-0.9, -0.6, 0.7, -0.8]])
    combined = combining.combine(whole, parts, [False, False, True], LABELS, how)
    assert LABELS[int(np.argmax(combined))] == "housing_search"


def test_a_question_part_outweighs_a_statement_of_another_topic(combining: ModuleType) -> None:
    how = combining.Combination(whole_weight=0.5, question_bonus=0.5, context_intents=frozenset())
    whole = np.array([-1.0, -1.0, 0.1, 0.1])
    parts = np.array(
        [[-1.0, -1.0, -0.5, 0.6], [-1.0, -1.0, 0.4, -0.5]]
    )  # "I lost my job." "Where can I live?"
    combined = combining.combine(whole, parts, [False, True], LABELS, how)
    assert LABELS[int(np.argmax(combined))] == "housing_search"
    without_bonus = combining.Combination(whole_weight=0.5, question_bonus=0.0, context_intents=frozenset())
    combined = combining.combine(whole, parts, [False, True], LABELS, without_bonus)
    assert LABELS[int(np.argmax(combined))] == "work_jobs"


def test_a_message_of_context_only_or_of_one_part_keeps_its_whole_scores(combining: ModuleType) -> None:
    how = combining.Combination(context_intents=frozenset(LABELS[:2]))
    whole = np.array([0.5, 0.2, -0.3, -0.4])
    parts = np.array([[0.9, -0.5, -0.6, -0.9], [-0.4, 0.8, -0.3, -0.7]])
    assert combining.combine(whole, parts, [False, False], LABELS, how) is whole
    assert combining.combine(whole, parts[:1], [False], LABELS, how) is whole
