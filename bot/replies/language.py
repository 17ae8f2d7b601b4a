"""The one decision of which language a reply is in; every action and every channel asks it.

Order: the person's explicit choice (picker, ``/language``, the chat page's selector) → the language
the message is written in (when the identifier is sure) → the language of the conversation's previous
reply (so a bare "50667" after an Arabic question stays Arabic) → the client's hint (Telegram's
``language_code``) → the installation's default (German). One or two words are weak evidence: they win
over the conversation's language (or, before the first reply, the hint) only when the identifier is
sure, so "Anmeldung" in an Arabic conversation stays Arabic.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from bot.languages import SOURCE_LANGUAGE, languages, normalize_language


@dataclass(frozen=True)
class LanguageSignals:
    choice: str | None = None
    """An explicit choice for this message or the conversation."""
    text: str | None = None
    """The words of the message that can tell its language (places and payloads removed)."""
    previous: str | None = None
    """The language of the conversation's previous reply."""
    hint: str | None = None
    """The client's hint, e.g. Telegram's ``language_code``."""


Detector = Callable[[str, str | None], str | None]
"""(the message, the language to keep unless sure) → the language it is written in, or ``None``."""


def _no_detection(_text: str, _keep: str | None) -> str | None:
    return None


def decide_language(
    signals: LanguageSignals, *, default: str = SOURCE_LANGUAGE, detect: Detector = _no_detection
) -> str:
    """The reply language for ``signals`` (see the module docstring for the order)."""
    chosen = normalize_language(signals.choice)
    if chosen:
        return chosen
    previous, hint = normalize_language(signals.previous), normalize_language(signals.hint)
    if not signals.text:
        return previous or hint or normalize_language(default) or SOURCE_LANGUAGE
    # the app's language counts against a short message only if it is written in that language's
    # letters: a German phone says nothing about "квартира"
    app = hint if hint and script(signals.text) == language_script(hint) else None
    detected = normalize_language(detect(signals.text, previous or app))
    return detected or previous or hint or normalize_language(default) or SOURCE_LANGUAGE


@cache
def language_script(code: str) -> str | None:
    """The writing system of a supported language, read from its own name ("Русский" → CYRILLIC)."""
    return script(languages()[code].name)


def script(text: str) -> str | None:
    """The writing system most letters of ``text`` are in (``LATIN``, ``CYRILLIC``, ``ARABIC`` …)."""
    counts = Counter(unicodedata.name(c, "?").split(" ", 1)[0] for c in text if c.isalpha())
    return counts.most_common(1)[0][0] if counts else None
