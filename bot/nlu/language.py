"""Which language to answer in: the user's choice, else the message's language, else Telegram's hint.

Detection is offline (lingua, restricted to the supported languages). Short or ambiguous messages
yield ``None`` rather than a guess, so the conversation's language is kept.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from bot.languages import SOURCE_LANGUAGE, language_codes, normalize_language

MIN_CONFIDENCE = 0.6



@cache
def _detector() -> Any:
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    wanted = []
    for code in language_codes():
        try:
            wanted.append(Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())))
        except AttributeError:
            continue
    return LanguageDetectorBuilder.from_languages(*wanted).build()


def detect_language(text: str) -> str | None:
    """The supported language ``text`` is written in, or ``None`` when unsure."""
    if len(text.strip()) < 3:
        return None
    values = _detector().compute_language_confidence_values(text)
    if not values or values[0].value < MIN_CONFIDENCE:
        return None
    return normalize_language(values[0].language.iso_code_639_1.name.lower())


def reply_language(
    *, choice: str | None, text: str | None, hint: str | None, default: str = SOURCE_LANGUAGE
) -> str:
    """The explicit choice, else the detected language of ``text``, else the client's hint, else German."""
    for candidate in (choice, detect_language(text) if text else None, hint):
        code = normalize_language(candidate)
        if code:
            return code
    return normalize_language(default) or SOURCE_LANGUAGE
