"""The project's NLU data keeps its contract: held-out data is never trained on, no example is ambiguous,
every language has enough examples to train and to be measured."""

from __future__ import annotations

from collections import defaultdict

from bot.config import PROJECT_ROOT
from bot.engine.train import data_languages, heldout_files, training_examples
from bot.languages import language_codes
from bot.nlu.data import Example, normalize, read_examples
from bot.nlu.validate import coverage, problems
from bot.topics import INTENTS

HELDOUT_MINIMUM = 8


def heldout_examples() -> list[Example]:
    return list(read_examples(heldout_files(PROJECT_ROOT), language_codes()))


def test_no_heldout_example_is_in_the_training_data() -> None:
    trained = {normalize(e.text): e for e in training_examples(PROJECT_ROOT)}
    overlap = [
        f"{e.source.name}: {e.text!r} (trained in {trained[normalize(e.text)].source})"
        for e in heldout_examples()
        if normalize(e.text) in trained
    ]
    assert not overlap, "held-out examples also in nlu_data/:\n" + "\n".join(overlap)


def test_no_example_is_under_two_intents() -> None:
    intents: dict[str, set[str]] = defaultdict(set)
    for example in [*training_examples(PROJECT_ROOT), *heldout_examples()]:
        intents[normalize(example.text)].add(example.intent)
    ambiguous = {text: sorted(names) for text, names in intents.items() if len(names) > 1}
    assert not ambiguous


def test_training_data_passes_the_checks_train_makes() -> None:
    assert problems(training_examples(PROJECT_ROOT), data_languages(PROJECT_ROOT)) == []


def test_every_trained_language_has_a_heldout_set_with_every_intent() -> None:
    files = {f.stem: f for f in heldout_files(PROJECT_ROOT)}
    assert set(data_languages(PROJECT_ROOT)) <= set(files)
    table = coverage(heldout_examples())
    short = [
        f"{code}: {intent} has {table[intent][code]}"
        for code in files
        for intent in INTENTS
        if table[intent][code] < HELDOUT_MINIMUM
    ]
    assert not short, f"held-out intents with fewer than {HELDOUT_MINIMUM} examples: {short}"
