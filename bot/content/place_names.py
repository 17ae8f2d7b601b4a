"""Spelling-tolerant keys for place names: how "Köln", "Koeln", "koln" and "Кёльн" become one key.

:func:`fold` makes the lookup key (case, accents, ß, punctuation and, for Cyrillic, a German-style
transliteration). :func:`name_keys` gives the keys under which a gazetteer name is filed (with and
without the e-spelling of umlauts: "munchen" and "muenchen"). Arabic and Persian spellings of German
towns cannot be transliterated reliably (no vowels), so :data:`ALIASES` (``content/place_aliases.yml``)
lists the big cities and districts people ask about, in the scripts of the languages Wegweiser speaks.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from typing import Final

import yaml

from bot.config import PROJECT_ROOT

_CYRILLIC: Final = {
    "а": "a",
    "б": "b",
    "в": "w",
    "г": "g",
    "ґ": "g",
    "д": "d",
    "е": "e",
    "ё": "ö",
    "є": "je",
    "ж": "sch",
    "з": "s",
    "и": "i",
    "і": "i",
    "ї": "ji",
    "й": "i",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "ch",
    "ц": "z",
    "ч": "tsch",
    "ш": "sch",
    "щ": "schtsch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "ju",
    "я": "ja",
}
"""German-style transliteration, so "Лейпциг" → "leipzig", "Дрезден" → "dresden", "Кёльн" → "köln"."""

_ARABIC_SCRIPT: Final = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ة": "ه",
        "ى": "ي",
        "ی": "ي",
        "ک": "ك",
        "ۀ": "ه",
        "ـ": None,
        "\u200c": " ",
    }
)
"""Arabic and Persian letters that vary between writers and keyboards, reduced to one form."""

_SCRIPTS: Final[dict[int, str | None]] = {
    **{ord(letter): latin for letter, latin in _CYRILLIC.items()},
    **_ARABIC_SCRIPT,
}
_UMLAUT_E: Final = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})
_SEPARATORS: Final = re.compile(r"[\s\-‐–—/.,;:()\[\]'’\"`]+")
_QUALIFIER: Final = re.compile(
    r"\s(?:an der|an dem|am|an|im|in der|in|bei|ob der|ob|auf der|auf|vor der|vor|ueber|uber|unter)\s.*$"
)
_ABBREVIATIONS: Final = (
    (re.compile(r"\bst\b"), "sankt"),
    (re.compile(r"\ba d\b"), "an der"),
    (re.compile(r"\bi d\b"), "in der"),
    (re.compile(r"\ba\b"), "am"),
    (re.compile(r"\bi\b"), "im"),
    (re.compile(r"\bb\b"), "bei"),
)
"""Abbreviations in town names ("St. Ingbert", "Neustadt a. d. Aisch", "Frankfurt a. M.")."""


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _tokens(text: str) -> str:
    text = " ".join(_SEPARATORS.sub(" ", text).split())
    for pattern, replacement in _ABBREVIATIONS:
        text = pattern.sub(replacement, text)
    return text


def fold(text: str, *, e_umlauts: bool = False) -> str:
    """The lookup key of ``text``: lower case, ß→ss, umlauts and accents dropped, Cyrillic in Latin.

    With ``e_umlauts`` umlauts become ae/oe/ue first ("München" → "muenchen"), the other way people
    type them; gazetteer names are filed under both keys.
    """
    text = unicodedata.normalize("NFKC", text).casefold().translate(_SCRIPTS)
    if e_umlauts:
        text = text.translate(_UMLAUT_E)
    text = _strip_marks(text.replace("ß", "ss"))
    # Arabic and Persian short-vowel marks are combining marks too and go with the accents.
    return _tokens(text)


fold_name: Final = lru_cache(maxsize=65536)(fold)
""":func:`fold` remembered, for the gazetteer's names (folded again and again while the index is built);
a person's text goes through the plain :func:`fold` and is not kept."""


@lru_cache(maxsize=65536)
def name_keys(name: str) -> frozenset[str]:
    """Every key a gazetteer name is filed under (plain and e-umlaut spellings)."""
    return frozenset({fold_name(name), fold_name(name, e_umlauts=True)} - {""})


def base_name(key: str) -> str | None:
    """The town part of a qualified name: "frankfurt am main" → "frankfurt", "halle saale" stays.

    Bracketed qualifiers are already plain words after folding, so they are recognised from the
    original name by :func:`bracket_base`; this handles the spoken ones ("an der", "am", "bei" …).
    """
    match = _QUALIFIER.search(key)
    if match is None or match.start() == 0:
        return None
    return key[: match.start()]


def bracket_base(name: str) -> str | None:
    """The name before a bracket or slash: "Neustadt (Hessen)" → "Neustadt", "Neustadt/Vogtland"."""
    for mark in ("(", "/"):
        if mark in name:
            head = name.split(mark, 1)[0].strip()
            if head:
                return head
    return None


def is_non_latin(text: str) -> bool:
    return any(unicodedata.name(c, "").startswith(("CYRILLIC", "ARABIC")) for c in text)


ALIASES_FILE: Final = PROJECT_ROOT / "content" / "place_aliases.yml"


def _load_aliases() -> dict[str, str]:
    """Spelling → the German name as in the gazetteer (``content/place_aliases.yml``, data staff can edit)."""
    loaded = yaml.safe_load(ALIASES_FILE.read_text(encoding="utf-8")) or {}
    aliases = loaded.get("aliases") or {}
    return {str(alias): str(target) for alias, target in aliases.items()}


ALIASES: Final[dict[str, str]] = _load_aliases()
"""Keys are folded on use, so case and marks do not matter. The target may itself be ambiguous
("Frankfurt"): it is then resolved like German input. A target ``name@AGS`` means "the town of that
name in that region" (for names the gazetteer shares)."""


@cache
def folded_aliases() -> dict[str, str]:
    """:data:`ALIASES` by folded key, the target folded too (what the resolver looks up next)."""
    return {fold(alias): fold(target) for alias, target in ALIASES.items()}
