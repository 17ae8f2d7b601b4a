"""Danger words per language (``locales/emergency_keywords.yml``), for when Rasa cannot answer.

The emergency numbers must reach someone in danger even while the language engine is down, so the
adapter looks for these words before anything else in degraded mode.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

import yaml

from bot.config import PROJECT_ROOT
from bot.languages import is_rtl, languages

KEYWORDS_FILE = PROJECT_ROOT / "locales" / "emergency_keywords.yml"

_FOLD = str.maketrans(
    {
        "ı": "i",
        "ł": "l",
        "ی": "ي",
        "ى": "ي",
        "ک": "ك",
        "ة": "ه",
        "ـ": None,  # tatweel
        "\u200c": None,  # zero-width non-joiner (Persian)
        "’": "'",
        "ʼ": "'",
        "`": "'",
    }
)


def fold(text: str) -> str:
    """Text reduced for matching: no case, no accents or vowel marks, one form per Arabic letter."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped).translate(_FOLD)


class EmergencyKeywords:
    def __init__(self, keywords: dict[str, list[str]]) -> None:
        self._patterns: dict[str, re.Pattern[str]] = {}
        for language, words in keywords.items():
            alternatives = []
            for word in words:
                folded = re.escape(fold(word.strip()))
                if not folded:
                    continue
                if is_rtl(language):
                    alternatives.append(folded)
                elif len(word.strip()) <= 3:
                    alternatives.append(rf"(?<!\w){folded}(?!\w)")
                else:
                    alternatives.append(rf"(?<!\w){folded}")
            if alternatives:
                self._patterns[language] = re.compile("|".join(alternatives))

    @classmethod
    def load(cls, path: Path = KEYWORDS_FILE) -> EmergencyKeywords:
        return _load(path)

    def languages_in(self, text: str) -> list[str]:
        """The languages whose danger words appear in ``text`` (empty: none)."""
        folded = fold(text)
        return [language for language, pattern in self._patterns.items() if pattern.search(folded)]


@cache
def _load(path: Path) -> EmergencyKeywords:
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    known = languages()
    return EmergencyKeywords(
        {code: [str(w) for w in words or []] for code, words in raw.items() if code in known}
    )
