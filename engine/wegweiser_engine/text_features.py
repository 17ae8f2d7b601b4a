"""Views of a message that let a linear model see the same word across scripts and spellings.

People write Arabic as Arabizi (``mar7aba``), Persian as Finglish (``salam chetori``), Russian, Ukrainian
and Bulgarian in Latin letters (``ya zhivu v kelne``), and drop diacritics (``auslaenderbehoerde``,
``sinif``). Three views of every message are featurised side by side:

- ``plain``: lower case, punctuation removed, Arabic/Persian letter variants unified;
- ``roman``: the plain view in Latin letters, diacritics folded (``квартира`` → ``kvartira``,
  ``مرحبا`` → ``mrhba``, Arabizi digits as letters: ``mar7aba`` → ``marhaba``);
- ``skeleton``: the roman view without vowels and doubled letters, so ``mrhba`` and ``marhaba`` meet.

Standard library only (runs inside Rasa's environment).
"""

from __future__ import annotations

import re
import unicodedata

PLACE_TOKEN = "xplacex"
"""Replaces an annotated or extracted place, so "flat in Köln" and "flat in Gera" look alike."""

_VARIANTS = str.maketrans(
    {
        "ك": "ک",
        "ي": "ی",
        "ى": "ی",
        "ئ": "ی",
        "ة": "ه",
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ؤ": "و",
        "\u200c": "",  # zero-width non-joiner (Persian half-space): "می‌گردم" = "میگردم"
        "\u0640": "",  # tatweel
        "ё": "е",
        "ʼ": "",
        "’": "",
        "'": "",
    }
)
_PUNCTUATION = re.compile(r"[^\w\s]|_", re.UNICODE)

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "є": "ye", "ж": "zh",
    "з": "z", "и": "i", "і": "i", "ї": "yi", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n",
    "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "sht", "ъ": "a", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}  # fmt: skip
_ARABIC = {
    "ا": "a", "ب": "b", "پ": "p", "ت": "t", "ث": "s", "ج": "j", "چ": "ch", "ح": "h", "خ": "kh",
    "د": "d", "ذ": "z", "ر": "r", "ز": "z", "ژ": "zh", "س": "s", "ش": "sh", "ص": "s", "ض": "d",
    "ط": "t", "ظ": "z", "ع": "", "غ": "gh", "ف": "f", "ق": "q", "ک": "k", "گ": "g", "ل": "l",
    "م": "m", "ن": "n", "و": "w", "ه": "h", "ی": "y", "ء": "",
}  # fmt: skip
_LATIN_EXTRA = {"ß": "ss", "ł": "l", "ı": "i", "đ": "d", "ø": "o", "æ": "ae", "œ": "oe"}
_ARABIZI_DIGITS = {"2": "", "3": "", "5": "kh", "6": "t", "7": "h", "8": "gh", "9": "q"}
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_ROMAN = str.maketrans({**_CYRILLIC, **_ARABIC, **_LATIN_EXTRA})
_SOUNDS_ALIKE = str.maketrans({"w": "v", "j": "y", "q": "k", "c": "k", "x": "ks"})
_DIGRAPHS = re.compile(r"(kh|sh|ch|zh|ts|gh)")
_VOWELS = re.compile(r"[aeiouy]")
_REPEATS = re.compile(r"(.)\1+")


def plain(text: str) -> str:
    """Lower case, no punctuation, single spaces, one spelling per Arabic/Persian letter."""
    text = unicodedata.normalize("NFC", text).casefold().translate(_VARIANTS).translate(_DIGITS)
    return " ".join(_PUNCTUATION.sub(" ", text).split())


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _arabizi(word: str) -> str:
    if not any(c.isalpha() for c in word):
        return word  # a number (a postal code) stays a number
    return "".join(_ARABIZI_DIGITS.get(c, c) for c in word)


def roman(plain_text: str) -> str:
    """The plain view in Latin letters without diacritics."""
    # Fold before transliterating, but keep й/ї (which NFKD would split into и/і + a mark).
    text = plain_text.replace("й", "\x01").replace("ї", "\x02")
    text = _fold(text).replace("\x01", "й").replace("\x02", "ї").translate(_ROMAN)
    return " ".join(_arabizi(word) for word in text.split())


def skeleton(roman_text: str) -> str:
    """Consonants only, one letter per sound: where transliterations of one word agree most."""
    words = []
    for word in roman_text.translate(_SOUNDS_ALIKE).split():
        word = _DIGRAPHS.sub(lambda m: m.group(1)[0], word)
        stripped = _REPEATS.sub(r"\1", _VOWELS.sub("", word))
        words.append(stripped or word[:1])
    return " ".join(words)


def mask_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each (start, end) span replaced by :data:`PLACE_TOKEN`."""
    for start, end in sorted(spans, reverse=True):
        text = f"{text[:start]} {PLACE_TOKEN} {text[end:]}"
    return text


def views(text: str) -> dict[str, str]:
    base = plain(text)
    romanized = roman(base)
    return {"plain": base, "roman": romanized, "skeleton": skeleton(romanized)}
