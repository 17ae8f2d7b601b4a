"""The corpus of real questions keeps its contract: every question has a source and a kind, the held-out
part is never trained on, no source is in both parts, and the files are what the source table says."""

from __future__ import annotations

from pathlib import Path

from bot.config import PROJECT_ROOT
from bot.engine.train import training_examples
from bot.languages import language_codes
from bot.nlu.data import normalize, read_examples
from bot.nlu.real import HELDOUT_DIR, KINDS, PARTS, TRAIN_DIR, read_sources, write_corpus
from bot.topics import INTENTS

PENDING_INTENTS = {"online_hate", "registration_everyday", "family_reunification", "other_need"}
"""Intents whose topic arrives on another branch; their examples sit in ``<lang>_new_topics.yml``."""


def test_every_question_has_a_language_part_kind_source_and_known_intent() -> None:
    questions = read_sources()
    assert questions
    known = set(INTENTS) | PENDING_INTENTS
    bad = [
        q
        for q in questions
        if q.lang not in language_codes()
        or q.part not in PARTS
        or q.kind not in KINDS
        or q.intent not in known
        or not q.source
        or not q.text.strip()
    ]
    assert not bad


def test_no_source_is_in_both_parts() -> None:
    parts: dict[str, set[str]] = {}
    for question in read_sources():
        parts.setdefault(question.source, set()).add(question.part)
    assert not {source for source, seen in parts.items() if len(seen) > 1}


def test_no_heldout_real_question_is_in_the_training_data() -> None:
    trained = {normalize(e.text) for e in training_examples(PROJECT_ROOT)}
    heldout = read_examples([PROJECT_ROOT / HELDOUT_DIR], language_codes())
    assert not [e.text for e in heldout if normalize(e.text) in trained]


def test_the_files_are_written_from_the_source_table(tmp_path: Path) -> None:
    write_corpus(read_sources(), tmp_path, INTENTS)
    for folder in (TRAIN_DIR, HELDOUT_DIR):
        expected = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / folder).glob("*.yml")}
        actual = {p.name: p.read_text(encoding="utf-8") for p in (PROJECT_ROOT / folder).glob("*.yml")}
        assert actual == expected, f"{folder} is stale: run python -m bot.nlu.real"


def test_new_topic_files_hold_only_intents_not_yet_in_the_registry() -> None:
    files = [*(PROJECT_ROOT / TRAIN_DIR).glob("*_new_topics.yml")]
    files += (PROJECT_ROOT / HELDOUT_DIR).glob("*_new_topics.yml")
    examples = list(read_examples(files, language_codes()))
    assert all(e.intent not in INTENTS for e in examples)
    assert all(e.language is not None for e in examples)
