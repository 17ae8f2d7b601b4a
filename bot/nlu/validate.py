"""Checks on the training data that ``rasa data validate`` does not make, with a readable list of problems.

The minimum counts are the issue's (25 examples per topic intent and language, 12 per meta intent);
the writers' contract (docs/nlu-data-spec.md) asks for more, which is a target, not a gate.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from pathlib import Path

from bot.nlu.data import Example, normalize
from bot.topics import META_INTENTS, TOPICS

MIN_TOPIC_EXAMPLES = 25
MIN_META_EXAMPLES = 12


def minimum_examples(intent: str, topics: Collection[str] = TOPICS) -> int:
    return MIN_TOPIC_EXAMPLES if intent in topics else MIN_META_EXAMPLES


def coverage(examples: Iterable[Example]) -> dict[str, Counter[str]]:
    """Examples per intent, per language: ``{intent: Counter({language: n})}``."""
    table: dict[str, Counter[str]] = defaultdict(Counter)
    for example in examples:
        table[example.intent][example.language or "?"] += 1
    return table


def _where(path: Path, root: Path | None) -> str:
    if root is None:
        return str(path)
    try:
        return os.path.relpath(path, root)
    except ValueError:
        return str(path)


def repeats(examples: list[Example], *, root: Path | None = None) -> list[str]:
    """Messages listed more than once under the same intent: harmless for training ("ok" is
    affirm in German and in Romanian), so a notice, not a problem."""
    found: list[str] = []
    seen: dict[str, Example] = {}
    for example in examples:
        first = seen.setdefault(normalize(example.text), example)
        if first is not example and first.intent == example.intent:
            found.append(
                f"{_where(example.source, root)}: {example.text!r} is also under "
                f"{example.intent!r} in {_where(first.source, root)}"
            )
    return found


def problems(
    examples: list[Example],
    languages: list[str],
    *,
    minimum_counts: bool = True,
    root: Path | None = None,
    topics: Collection[str] = TOPICS,
) -> list[str]:
    """Everything that stops training, one readable line each (paths relative to ``root``).

    Order: unknown intents and languages, then messages under two intents, then languages with too
    few examples (one line per language naming each short intent with have/need).
    """
    intents = (*META_INTENTS, *topics)
    unknown: list[str] = []
    duplicates: list[str] = []
    seen: dict[str, Example] = {}
    for example in examples:
        where = _where(example.source, root)
        if example.intent not in intents:
            unknown.append(
                f"{where}: unknown intent {example.intent!r} "
                "(topics are listed in content/topics.yml, meta intents in bot/topics.py)"
            )
        if example.language is None:
            unknown.append(f"{where}: cannot tell the language from the path; use nlu_data/<code>/")
        key = normalize(example.text)
        first = seen.get(key)
        if first is None:
            seen[key] = example
        elif first.intent != example.intent:
            duplicates.append(
                f"{where}: {example.text!r} is under {example.intent!r} here and under "
                f"{first.intent!r} in {_where(first.source, root)}"
            )
    short: list[str] = []
    if minimum_counts:
        table = coverage(examples)
        for language in languages:
            missing = [
                f"{intent} {table.get(intent, Counter())[language]}/{minimum_examples(intent, topics)}"
                for intent in intents
                if table.get(intent, Counter())[language] < minimum_examples(intent, topics)
            ]
            if missing:
                short.append(f"{language}: too few examples (have/need): {', '.join(missing)}")
    return unknown + duplicates + short
