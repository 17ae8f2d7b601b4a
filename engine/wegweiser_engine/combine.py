"""Combine the classifier's scores of a whole long message and of its parts into one score row.

Why: the context sentences of a real question ("I am from Syria and live in Köln since two years.")
are not its point; scored as one bag of n-grams they pull it towards other intents. Each part
(``sentences.segments``) is scored on its own; the parts whose best intent is only context (a greeting,
a place, thanks) are left out; of the rest, the part that speaks most clearly — a question sentence
gets a bonus — is mixed with the whole message. The result is a row of SVM scores on the same scale as
a one-sentence message, so the softmax and the fallback thresholds keep their meaning.

numpy only (runs inside Rasa's environment; the unit tests import it directly).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Combination:
    """How parts are combined (the classifier's ``long_messages`` settings)."""

    whole_weight: float = 0.3
    """Share of the whole message's scores in the result; the rest is the chosen part's."""
    question_bonus: float = 1.0
    """Added to a question part's best score when choosing the part that speaks most clearly."""
    context_intents: frozenset[str] = frozenset()
    """Intents a part can have without being the point of the message (greet, thank, a place …)."""


def combine(
    whole: np.ndarray,
    parts: np.ndarray,
    questions: Sequence[bool],
    labels: Sequence[str],
    how: Combination,
) -> np.ndarray:
    """One score row from the whole message's row and one row per part (``parts``: parts × labels)."""
    if len(parts) < 2:
        return whole
    context = _indices(labels, how.context_intents)
    best = parts.argmax(axis=1)
    informative = [i for i in range(len(parts)) if int(best[i]) not in context]
    if not informative:
        return whole
    clarity = [float(parts[i].max()) + (how.question_bonus if questions[i] else 0.0) for i in informative]
    chosen = parts[informative[int(np.argmax(clarity))]]
    return np.asarray(how.whole_weight * whole + (1.0 - how.whole_weight) * chosen)


def _indices(labels: Sequence[str], names: Collection[str]) -> set[int]:
    return {index for index, label in enumerate(labels) if label in names}
