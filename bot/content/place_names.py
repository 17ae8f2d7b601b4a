"""Spelling-tolerant keys for place names: how "Köln", "Koeln", "koln" and "Кёльн" become one key.

:func:`fold` makes the lookup key (case, accents, ß, punctuation and, for Cyrillic, a German-style
transliteration). :func:`name_keys` gives the keys under which a gazetteer name is filed (with and
without the e-spelling of umlauts: "munchen" and "muenchen"). Arabic and Persian spellings of German
towns cannot be transliterated reliably (no vowels), so :data:`ALIASES` lists the big cities and
districts people ask about, in the scripts of the languages Wegweiser speaks.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from typing import Final

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


@lru_cache(maxsize=65536)
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


@lru_cache(maxsize=65536)
def name_keys(name: str) -> frozenset[str]:
    """Every key a gazetteer name is filed under (plain and e-umlaut spellings)."""
    return frozenset({fold(name), fold(name, e_umlauts=True)} - {""})


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


ALIASES: Final[dict[str, str]] = {
    # Köln
    "Кёльн": "Köln",
    "Кельн": "Köln",
    "Кьолн": "Köln",
    "كولونيا": "Köln",
    "كولن": "Köln",
    "کلن": "Köln",
    "کلنی": "Köln",
    "Cologne": "Köln",
    "Kolonia": "Köln",
    "Kolonya": "Köln",
    "Ehrenfeld": "Köln",
    "Эренфельд": "Köln",
    "Кальк": "Köln",
    # München
    "Мюнхен": "München",
    "ميونخ": "München",
    "ميونيخ": "München",
    "مونیخ": "München",
    "مونيخ": "München",
    "Munich": "München",
    "Monachium": "München",
    "Münih": "München",
    "Мюнхън": "München",
    # Berlin and districts (districts the gazetteer does not list lead to the city)
    "Берлин": "Berlin",
    "Берлін": "Berlin",
    "برلين": "Berlin",
    "برلین": "Berlin",
    "Кройцберг": "Berlin Kreuzberg",
    "كرويتسبرغ": "Berlin Kreuzberg",
    "کرویتسبرگ": "Berlin Kreuzberg",
    "Фридрихсхайн": "Berlin Friedrichshain",
    "Neukölln": "Berlin",
    "Нойкёльн": "Berlin",
    "Нойкельн": "Berlin",
    "نويكولن": "Berlin",
    "نویکلن": "Berlin",
    "Шпандау": "Berlin",
    "Spandau": "Berlin",
    "Марцан": "Berlin",
    "Marzahn": "Berlin",
    "Веддинг": "Berlin",
    "Wedding": "Berlin",
    "Моабит": "Berlin",
    "Moabit": "Berlin",
    # Hamburg and districts
    "Гамбург": "Hamburg",
    "Хамбург": "Hamburg",
    "هامبورغ": "Hamburg",
    "هامبورج": "Hamburg",
    "هامبورگ": "Hamburg",
    "Hambourg": "Hamburg",
    "Альтона": "Hamburg Altona-Altstadt",
    "Altona": "Hamburg Altona-Altstadt",
    "ألتونا": "Hamburg Altona-Altstadt",
    "Харбург": "Hamburg Harburg",
    "Гарбург": "Hamburg Harburg",
    "Вильгельмсбург": "Hamburg",
    "Wilhelmsburg": "Hamburg",
    "Вандсбек": "Hamburg",
    "Wandsbek": "Hamburg",
    # Frankfurt: ambiguous like the German name, unless the river is given
    "Франкфурт": "Frankfurt",
    "فرانكفورت": "Frankfurt",
    "فرانکفورت": "Frankfurt",
    "Франкфурт на Майне": "Frankfurt am Main",
    "Франкфурт-на-Майне": "Frankfurt am Main",
    "فرانكفورت ام ماين": "Frankfurt am Main",
    "Frankfurt nad Menem": "Frankfurt am Main",
    "Франкфурт на Одере": "Frankfurt (Oder)",
    "Франкфурт-на-Одере": "Frankfurt (Oder)",
    # same name, different towns: the qualifier picks one ("name@AGS")
    "Halle (Saale)": "Halle@15002",
    "Halle an der Saale": "Halle@15002",
    "Halle Saale": "Halle@15002",
    "Halle (Westf.)": "Halle@05754",
    "Halle Westfalen": "Halle@05754",
    "Halle Westf": "Halle@05754",
    # other large cities
    "Лейпциг": "Leipzig",
    "Лайпциг": "Leipzig",
    "لايبزيغ": "Leipzig",
    "لايبزيج": "Leipzig",
    "لایپزیگ": "Leipzig",
    "Lipsk": "Leipzig",
    "Дрезден": "Dresden",
    "دريسدن": "Dresden",
    "درسدن": "Dresden",
    "درزدن": "Dresden",
    "Штутгарт": "Stuttgart",
    "شتوتغارت": "Stuttgart",
    "اشتوتگارت": "Stuttgart",
    "Дюссельдорф": "Düsseldorf",
    "دوسلدورف": "Düsseldorf",
    "Дортмунд": "Dortmund",
    "دورتموند": "Dortmund",
    "Эссен": "Essen",
    "Есен": "Essen",
    "إيسن": "Essen",
    "اسن": "Essen",
    "Бремен": "Bremen",
    "بريمن": "Bremen",
    "برمن": "Bremen",
    "Ганновер": "Hannover",
    "Хановер": "Hannover",
    "هانوفر": "Hannover",
    "Hanower": "Hannover",
    "Hanover": "Hannover",
    "Нюрнберг": "Nürnberg",
    "نورنبيرغ": "Nürnberg",
    "نورنبرغ": "Nürnberg",
    "نورنبرگ": "Nürnberg",
    "Nuremberg": "Nürnberg",
    "Norymberga": "Nürnberg",
    "Дуйсбург": "Duisburg",
    "دويسبورغ": "Duisburg",
    "دویسبورگ": "Duisburg",
    "Бохум": "Bochum",
    "بوخوم": "Bochum",
    "Вупперталь": "Wuppertal",
    "فوبرتال": "Wuppertal",
    "Билефельд": "Bielefeld",
    "بيليفيلد": "Bielefeld",
    "Бонн": "Bonn",
    "بون": "Bonn",
    "Мюнстер": "Münster",
    "مونستر": "Münster",
    "Мангейм": "Mannheim",
    "مانهايم": "Mannheim",
    "Карлсруэ": "Karlsruhe",
    "كارلسروه": "Karlsruhe",
    "Аугсбург": "Augsburg",
    "أوغسبورغ": "Augsburg",
    "Висбаден": "Wiesbaden",
    "فيسبادن": "Wiesbaden",
    "Хемниц": "Chemnitz",
    "كيمنتس": "Chemnitz",
    "Магдебург": "Magdeburg",
    "ماغدبورغ": "Magdeburg",
    "Галле": "Halle",
    "هاله": "Halle",
    "Киль": "Kiel",
    "كيل": "Kiel",
    "Ахен": "Aachen",
    "آخن": "Aachen",
    "Брауншвейг": "Braunschweig",
    "براونشفايغ": "Braunschweig",
    "Фрайбург": "Freiburg im Breisgau",
    "Фрайбург-им-Брайсгау": "Freiburg im Breisgau",
    "فرايبورغ": "Freiburg im Breisgau",
    "Эрфурт": "Erfurt",
    "إرفورت": "Erfurt",
    "Майнц": "Mainz",
    "ماينتس": "Mainz",
    "Росток": "Rostock",
    "روستوك": "Rostock",
    "Кассель": "Kassel",
    "كاسل": "Kassel",
    "Потсдам": "Potsdam",
    "بوتسدام": "Potsdam",
    "Саарбрюккен": "Saarbrücken",
    "ساربروكن": "Saarbrücken",
    "Регенсбург": "Regensburg",
    "Гейдельберг": "Heidelberg",
    "هايدلبرغ": "Heidelberg",
    "Вюрцбург": "Würzburg",
    "Оснабрюк": "Osnabrück",
    "Ольденбург": "Oldenburg",
    "Любек": "Lübeck",
    "لوبيك": "Lübeck",
    "Гёттинген": "Göttingen",
    "غوتينغن": "Göttingen",
    "Трир": "Trier",
    "Кобленц": "Koblenz",
    # districts of the demo cities that the gazetteer does not list (else fuzzy matching would
    # send "Chorweiler" to Horrweiler and "Connewitz" to Nonnewitz)
    "Chorweiler": "Köln",
    "Nippes": "Köln",
    "Porz": "Köln",
    "Deutz": "Köln",
    "Zollstock": "Köln",
    "Bilderstöckchen": "Köln",
    "Holweide": "Köln",
    "Vingst": "Köln",
    "Bocklemünd": "Köln",
    "Humboldt-Gremberg": "Köln",
    "Flittard": "Köln",
    "Riehl": "Köln",
    "Südstadt": "Köln",
    "Agnesviertel": "Köln",
    "Severinsviertel": "Köln",
    "Belgisches Viertel": "Köln",
    "Connewitz": "Leipzig",
    "Plagwitz": "Leipzig",
    "Gohlis": "Leipzig",
    "Eutritzsch": "Leipzig",
    "Paunsdorf": "Leipzig",
    "Mockau": "Leipzig",
    "Stötteritz": "Leipzig",
    "Probstheida": "Leipzig",
    "Leutzsch": "Leipzig",
    "Kleinzschocher": "Leipzig",
    "Großzschocher": "Leipzig",
    "Schleußig": "Leipzig",
    "Südvorstadt": "Leipzig",
    "Wiederitzsch": "Leipzig",
    "Neustadt-Neuschönefeld": "Leipzig",
    "Volkmarsdorf": "Leipzig",
    "Sellerhausen": "Leipzig",
    "Anger-Crottendorf": "Leipzig",
    "Liebertwolkwitz": "Leipzig",
    "Waldstraßenviertel": "Leipzig",
}
"""Spelling → the German name as in the gazetteer. Keys are folded on use, so case and marks do not
matter. The target may itself be ambiguous ("Frankfurt"): it is then resolved like German input. A
Latin alias never hides a real place of the same name: the gazetteer is asked first. A target
``name@AGS`` means "the town of that name in that region" (for names the gazetteer shares)."""


@cache
def folded_aliases() -> dict[str, str]:
    """:data:`ALIASES` by folded key, the target folded too (what the resolver looks up next)."""
    return {fold(alias): fold(target) for alias, target in ALIASES.items()}
