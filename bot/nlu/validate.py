"""Checks on the training data that ``rasa data validate`` does not make, with a readable list of problems."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from bot.nlu.data import Example, normalize
from bot.topics import INTENTS, TOPICS

MIN_TOPIC_EXAMPLES = 25
MIN_META_EXAMPLES = 12


def coverage(examples: Iterable[Example]) -> dict[str, Counter[str]]:
    """Examples per intent, per language: ``{intent: Counter({language: n})}``."""
    table: dict[str, Counter[str]] = defaultdict(Counter)
    for example in examples:
        table[example.intent][example.language or "?"] += 1
    return table


def problems(
    examples: list[Example],
    languages: list[str],
    *,
    minimum_counts: bool = True,
) -> list[str]:
    """Everything wrong with the data, one readable line each; empty when all is well."""
    found: list[str] = []
    seen: dict[str, Example] = {}
    for example in examples:
        if example.intent not in INTENTS:
            found.append(f"{example.source}: unknown intent {example.intent!r} (known: see bot/topics.py)")
        if example.language is None:
            found.append(f"{example.source}: cannot tell the language from the path; use nlu_data/<code>/")
        key = normalize(example.text)
        first = seen.get(key)
        if first is None:
            seen[key] = example
        elif first.intent != example.intent:
            found.append(
                f"{example.source}: {example.text!r} is under {example.intent!r} and also under "
                f"{first.intent!r} in {first.source}"
            )
        else:
            found.append(f"{example.source}: {example.text!r} appears twice under {example.intent!r}")
    if minimum_counts:
        table = coverage(examples)
        for intent in INTENTS:
            need = MIN_TOPIC_EXAMPLES if intent in TOPICS else MIN_META_EXAMPLES
            for language in languages:
                have = table.get(intent, Counter())[language]
                if have < need:
                    found.append(f"{language}: {intent} has {have} examples, needs at least {need}")
    return found


