"""Rasa's FallbackClassifier, asking for more confidence before answering a long message.

Why: in cross-validation on the real questions (bench/real_questions_cv.py), people's own posts of
several sentences got a confident wrong answer four times in ten at the one threshold that suits short
phone messages; the classifier is more often wrong on long messages at the same confidence. Asking
"did you mean …?" there costs a tap, a wrong answer costs the person the answer. Short messages keep
the threshold they had. Figures and how the settings were chosen: docs/nlu.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.fallback_classifier import FallbackClassifier
from rasa.shared.nlu.constants import INTENT, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message


@dataclass(frozen=True)
class Thresholds:
    """When the classifier is too unsure to answer (the rule Rasa applies, plus a length)."""

    threshold: float
    ambiguity: float
    long_words: int = 0  # 0: every message is short
    long_threshold: float | None = None  # None: the same as ``threshold``

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Thresholds:
        """From the component's configuration, its defaults filling what ``config`` leaves out."""
        merged = {**LengthAwareFallbackClassifier.get_default_config(), **config}
        long_threshold = merged["long_message_threshold"]
        return cls(
            threshold=float(merged["threshold"]),
            ambiguity=float(merged["ambiguity_threshold"]),
            long_words=int(merged["long_message_words"]),
            long_threshold=None if long_threshold is None else float(long_threshold),
        )

    def for_text(self, text: str) -> float:
        """The confidence a message of this text needs."""
        if self.long_words and self.long_threshold is not None and len(text.split()) > self.long_words:
            return self.long_threshold
        return self.threshold

    def unsure(self, text: str, top: float, second: float) -> bool:
        """Too unsure (below the threshold for its length) or too close to the second intent."""
        return top < self.for_text(text) or top - second < self.ambiguity


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class LengthAwareFallbackClassifier(FallbackClassifier):
    """``nlu_fallback`` below ``threshold``, or below ``long_message_threshold`` for a message of more
    than ``long_message_words`` words, or when the best two intents are closer than
    ``ambiguity_threshold``."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            **FallbackClassifier.get_default_config(),
            "long_message_words": 0,  # 0: every message is short
            "long_message_threshold": None,  # None: the same as ``threshold``
        }

    def __init__(self, config: dict[str, Any]) -> None:
        super().__init__(config)
        self._thresholds = Thresholds.from_config(config)

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LengthAwareFallbackClassifier:
        return cls({**cls.get_default_config(), **config})

    def _nlu_confidence_below_threshold(self, message: Message) -> tuple[bool, float]:
        confidence = message.data[INTENT].get(PREDICTED_CONFIDENCE_KEY)
        return confidence < self._thresholds.for_text(message.get(TEXT) or ""), confidence
