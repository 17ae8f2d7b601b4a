"""Which language a message is written in (the detection step of :mod:`bot.replies.language`).

Detection uses the identifier trained with the active model from ``nlu_data/`` (``bot/nlu/langid.py``):
it knows the ten languages also when written in Latin letters (Arabizi, Finglish, transliterated
Cyrillic), and measured better than lingua on every language of tests/nlu (see docs/nlu.md). A message
too short or too mixed to tell (``ok``, ``50667``, ``Jobcenter``) yields ``None`` rather than a guess, so
the conversation's language (the explicit choice, or the client's hint) is kept.
"""

from __future__ import annotations

import logging
from functools import cache, lru_cache
from pathlib import Path
from typing import Final

from bot.languages import normalize_language
from bot.nlu.data import NO_LANGUAGE, OTHER_LANGUAGE
from bot.nlu.langid import LanguageIdentifier, words

log = logging.getLogger(__name__)

MIN_PROBABILITY = 0.5
"""Below this the identifier is unsure and detection says ``None`` (measured: see docs/nlu.md)."""
SHORT_MESSAGE_WORDS = 2
SHORT_MESSAGE_PROBABILITY = 0.8
"""A message of at most :data:`SHORT_MESSAGE_WORDS` words changes the conversation's language only
with this probability: one or two words are weak evidence ("квартира" is Russian and Ukrainian,
"Anmeldung" is said in every language here), and a reply that switches language mid-conversation
loses the person (cross-validated figures in docs/nlu.md)."""


NOT_A_LANGUAGE = (NO_LANGUAGE, OTHER_LANGUAGE)
"""The identifier's classes that are no language to answer in."""


def _best(probabilities: dict[str, float], threshold: float) -> str | None:
    """The most probable class (a language, or one of :data:`NOT_A_LANGUAGE`), if it reaches
    ``threshold``."""
    best = max(probabilities, key=probabilities.__getitem__, default=None)
    return best if best is not None and probabilities[best] >= threshold else None


def decide(probabilities: dict[str, float], threshold: float) -> str | None:
    """The most probable language, or ``None`` when there is none, it is below ``threshold``, the
    message looks like no language at all (keyboard noise, laughter) or like one the bot does not
    answer in (:func:`in_other_language` tells that apart)."""
    best = _best(probabilities, threshold)
    return None if best in NOT_A_LANGUAGE else best


class _ActiveIdentifier:
    """The identifier of the active model, reloaded when an operator activates another model."""

    def __init__(self, models_dir: Path) -> None:
        self.models_dir = models_dir
        self._key: tuple[int, int] | None = None
        self._identifier: LanguageIdentifier | None = None

    def _stamp(self) -> tuple[int, int]:
        def mtime(path: Path) -> int:
            try:
                return path.stat().st_mtime_ns
            except OSError:
                return 0

        return mtime(self.models_dir), mtime(self.models_dir / "active.json")

    def get(self) -> LanguageIdentifier | None:
        stamp = self._stamp()
        if stamp != self._key:
            self._key = stamp
            self._identifier = self._load()
        return self._identifier

    def _load(self) -> LanguageIdentifier | None:
        from bot.engine.models import ModelRegistry

        model = ModelRegistry(self.models_dir).active()
        if model is None or not model.language_id_path.is_file():
            log.warning(
                "no language identifier in %s; run `wegweiser train` (replies use the hint)",
                self.models_dir,
            )
            return None
        return LanguageIdentifier.load(model.language_id_path)


@cache
def _active() -> _ActiveIdentifier:
    from bot.config import load_settings

    return _ActiveIdentifier(load_settings().models)


def _guess(text: str, keep: str | None, identifier: LanguageIdentifier | None) -> str | None:
    """The identifier's class for ``text`` (a language, :data:`NO_LANGUAGE` or :data:`OTHER_LANGUAGE`),
    or ``None`` when unsure; a short message moves away from ``keep`` only when it is sure."""
    model = identifier or _active().get()
    if model is None:
        return None
    probabilities = _probabilities(model, text)
    best = _best(probabilities, MIN_PROBABILITY)
    weak = best is not None and probabilities[best] < SHORT_MESSAGE_PROBABILITY
    if weak and keep and best != keep and len(words(text)) <= SHORT_MESSAGE_WORDS:
        return None
    return best


TURN_CACHE: Final = 8
"""Messages a per-message cache keeps: enough for the calls of a few turns at once, and no more, so a
message's text does not stay in the process after its turn (``/delete`` promises nothing is kept)."""


@lru_cache(maxsize=TURN_CACHE)
def _probabilities(model: LanguageIdentifier, text: str) -> dict[str, float]:
    """Once per message: a turn asks about the same text for its reply language
    (:func:`detect_language`) and whether it is another language (:func:`in_other_language`)."""
    return model.probabilities(text)


def detect_language(
    text: str, keep: str | None = None, *, identifier: LanguageIdentifier | None = None
) -> str | None:
    """The supported language ``text`` is written in, or ``None`` when unsure.

    ``keep``: the language the conversation is in (or the person's app, before the first reply); a
    short message moves away from it only when the identifier is sure
    (:data:`SHORT_MESSAGE_PROBABILITY`). ``identifier`` defaults to the active model's
    (``WEGWEISER_MODELS_DIR``).
    """
    best = _guess(text, keep, identifier)
    return None if best in NOT_A_LANGUAGE else normalize_language(best)


def in_other_language(text: str, *, identifier: LanguageIdentifier | None = None) -> bool:
    """Whether ``text`` is written in a language the bot does not answer in (French, Spanish …), so
    the reply offers the languages it does answer in instead of answering a guess.

    Only a message of more than :data:`SHORT_MESSAGE_WORDS` words: alone, "Kindergeld" or "Anmeldung"
    (said in every language here) and "ciao" or "merci" (said by Germans and Iranians) are no sign of
    another language.
    """
    if len(words(text)) <= SHORT_MESSAGE_WORDS:
        return False
    return _guess(text, None, identifier) == OTHER_LANGUAGE
