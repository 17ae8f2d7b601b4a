"""The safety net: danger words by category (``locales/emergency_keywords.yml``), in every language.

A message about rape, violence at home, suicide, self-harm, child abuse, trafficking, forced work or a
medical emergency must get the crisis lines whatever the classifier thinks, and also while the language
engine is down. So every reply looks here: the actions put the crisis lines before any answer the net
fires on (``actions/conversation.send``), the outage mode answers free text with them
(:mod:`bot.replies.outage`). The category says which lines (:mod:`bot.replies.emergency`).

How a keyword matches a message (all of it is tested in ``tests/unit/replies/test_safety.py``):

- case, accents, apostrophes and Arabic/Persian letter variants are ignored (``NOTFALL`` = ``notfall``,
  ``urgenta`` = ``urgență``, ``б'є`` = ``бє``);
- in Latin and Cyrillic writing a keyword is the start of a word, so a stem covers its endings
  (``vergewaltig`` matches ``vergewaltigt``); a keyword of three letters or fewer is a whole word;
  a keyword of several words matches those words close together in any order (``мене зараз б'є``
  for ``б'є мене``);
- typing slips: a word of six letters or more still matches with one letter left out, one added or two
  swapped (``selbsmord``, ``suicdie``);
- Arabic and Persian keywords match anywhere, because words take prefixes (``و``, ``ال``, ``می``),
  and also with the message's spaces left out, from a word's start to a word's end (Persian writes
  ``خونریزی`` joined, with a half-space or with a space);
- a word for violence (``violence_words``: "gewalttätig", "насилие") means violence at home only with
  a word for the family or partner (``family_words``), as acute violence (``danger``) does; wages
  withheld (``unpaid_words``) with a sign of being held at work (``held_words``: days of 14 hours, no
  day off, not allowed to leave, threats to call the police) are forced work, each alone nothing;
  a child named (``child_words``) or a carer as a child speaks of him (``carer_words``) with an act of
  abuse (``child_harm_words``: beaten with a belt, burnt with cigarettes), or a carer with a sign of
  grooming (``secret_words``: at night in my room, "our secret"), is child abuse; so is an unnamed
  man's words (``told_words``: "he told me") with a sign of grooming, unless the message speaks of
  adult life (``adult_words``: my boss, at work, my husband); a body word
  (``body_words``: my arms, wrists, thighs) with a form of self-injury (``injury_words``: cutting,
  scratching, burning with cigarettes) is self-harm — each alone nothing;
- Arabic and Persian digits are read as 0-9 (``۱۴ ساعت``);
- a Cyrillic keyword of one word also matches the same word typed in Latin letters, however it is
  transliterated (``изнасил`` finds ``iznasilovali``, ``самоубийств`` finds ``samoubiystvo``); Arabic
  and Persian keywords are written out in Latin letters in the file instead (Arabizi and Finglish
  spell vowels the Arabic script leaves out).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final

import yaml

from bot.config import PROJECT_ROOT
from bot.languages import languages

KEYWORDS_FILE = PROJECT_ROOT / "locales" / "emergency_keywords.yml"

CATEGORIES: Final = (
    "rape",
    "sexual_assault",
    "domestic_violence",
    "suicide",
    "self_harm",
    "child_abuse",
    "trafficking",
    "forced_work",
    "medical",
    "danger",
)
"""What the net recognises, most specific first; ``danger`` is acute danger of any other kind."""

FAMILY: Final = "family_words"
"""Not a category: with acute violence (``danger``) one of these words makes it ``domestic_violence``."""
VIOLENCE: Final = "violence_words"
"""Not a category: words for violence ("gewalttätig", "насилие") that mean ``domestic_violence`` only
with a family word ("my husband is violent"); alone they are as often about war, racism or the news."""
UNPAID: Final = "unpaid_words"
"""Not a category: wages withheld ("ohne Lohn", "не платят"). Alone a question about pay; with a sign of
being held at work (:data:`HELD`) it is forced work, as the ILO's indicators of forced labour read."""
HELD: Final = "held_words"
"""Not a category: signs of being held at work — days of 12 hours and more, no day off, not allowed to
leave, guarded. Alone they are hard work; with wages withheld (:data:`UNPAID`) forced work."""
CHILD: Final = "child_words"
"""Not a category: a child named ("my son", "meine kleine Schwester", "дитину"). With an act of abuse
(:data:`CHILD_HARM`) it is child abuse; alone, a parent's question."""
CARER: Final = "carer_words"
"""Not a category: an adult as a child speaks of him ("my stepfather", "mum's boyfriend", "отчим").
With an act of abuse (:data:`CHILD_HARM`) or a sign of grooming (:data:`SECRET`) it is child abuse."""
TOLD: Final = "told_words"
"""Not a category: an unnamed man's words ("he told me", "он сказал", "گفت"). With a sign of grooming
(:data:`SECRET`) it is child abuse, unless the message is about adult life (:data:`ADULT`): "my boss
took my passport, he told me not to tell anyone" is about work, not a child."""
ADULT: Final = "adult_words"
"""Not a category: words of an adult's life — a boss, a colleague, a landlord, at work, my husband. They
keep an unnamed man's words and secrecy (:data:`TOLD`, :data:`SECRET`) from meaning child abuse."""
CHILD_HARM: Final = "child_harm_words"
"""Not a category: acts of abuse the child-protection indicator lists name — beaten with a belt, a
cable or a stick, burnt with cigarettes, starved, locked in, touched on the private parts, shown porn.
Child abuse with a child (:data:`CHILD`) or a carer (:data:`CARER`) named, nothing alone."""
SECRET: Final = "secret_words"
"""Not a category: signs of grooming — coming into the child's room or bed at night, "our secret",
"don't tell mum". Child abuse with a carer (:data:`CARER`) named, nothing alone ("our secret recipe",
a child who comes into her parents' bed)."""
BODY: Final = "body_words"
"""Not a category: the places people injure themselves — arms, wrists, forearms, thighs, first person
("my arms", "meine Arme", "руки"). Self-harm with an injury (:data:`INJURY`), nothing alone ("my
arms hurt after work")."""
INJURY: Final = "injury_words"
"""Not a category: the forms of self-injury health pages list — cutting, scratching, carving, burning
with cigarettes or a lighter, blades, "until it bleeds". Self-harm with a body word (:data:`BODY`),
nothing alone ("I burned the food", "my child cut his finger")."""
SKIN: Final = "skin_words"
"""Not a category: a skin complaint that explains scratched or burnt arms — eczema, itching, a rash,
mosquito bites, sunburn, a dermatologist. With it, a body word and an injury (:data:`BODY`,
:data:`INJURY`) are a question for a doctor, not self-harm; a keyword that names self-harm still
counts ("ich ritze mich", "cutting myself")."""
GROUPS: Final = (
    FAMILY,
    VIOLENCE,
    UNPAID,
    HELD,
    CHILD,
    CARER,
    TOLD,
    ADULT,
    CHILD_HARM,
    SECRET,
    BODY,
    INJURY,
    SKIN,
)


@dataclass(frozen=True)
class Together:
    """Two kinds of words in one message that make a category neither makes alone, unless a third
    kind (``unless``) in the same message explains them away."""

    first: str
    second: str
    category: str
    unless: str | None = None


TOGETHER: Final = (
    Together(FAMILY, "danger", "domestic_violence"),
    Together(FAMILY, VIOLENCE, "domestic_violence"),
    Together(UNPAID, HELD, "forced_work"),
    Together(CHILD, CHILD_HARM, "child_abuse"),
    Together(CARER, CHILD_HARM, "child_abuse"),
    Together(CARER, SECRET, "child_abuse"),
    Together(TOLD, SECRET, "child_abuse", unless=ADULT),
    Together(BODY, INJURY, "self_harm", unless=SKIN),
)

NO_SLIPS: Final = frozenset({"tr"})
INSIDE_WORDS: Final = frozenset({"ar", "fa"})
"""Arabizi and Finglish keywords of one word match inside a word too, as the Arabic-script ones do:
prefixes are written on ("bidrabni", "3ambidrobni", "wightasabni")."""
MIN_INSIDE: Final = 5
MIN_FUZZY = 7
"""Words at least this long still match with one typing slip."""
MIN_LATIN = 6
"""Cyrillic keywords shorter than this in Latin letters are not matched in Latin letters."""

_FOLD = str.maketrans(
    {
        "ı": "i",
        "ł": "l",
        "ی": "ي",
        "ى": "ي",
        "ک": "ك",
        "ة": "ه",
        "ە": "ه",  # the Kurdish/Persian letter typed for ة ("النجدە")
        "ـ": None,  # tatweel
        "\u200c": None,  # zero-width non-joiner (Persian)
        "’": "'",
        "ʼ": "'",
        "`": "'",
        "ё": "е",
        # Arabic and Persian digits are read as 0-9 ("۱۴ ساعت" = "14 ساعت", "١١٢" = "112").
        **{chr(0x660 + d): str(d) for d in range(10)},
        **{chr(0x6F0 + d): str(d) for d in range(10)},
    }
)
_APOSTROPHES = re.compile(r"['ʻ]")
_WORD = re.compile(r"\w+", re.UNICODE)
_ARABIZI_HAMZA = re.compile(r"^2(?=[a-z])")
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")

# Latin letters for Cyrillic (and Arabic, for completeness) keywords.
_ROMAN = str.maketrans(
    {
        # Cyrillic
        "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "є": "e", "ж": "zh",
        "з": "z", "и": "i", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n",
        "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts",
        "ч": "ch", "ш": "sh", "щ": "sht", "ъ": "a", "ы": "i", "ь": "", "э": "e", "ю": "u", "я": "a",
        # Arabic and Persian (after folding: ي, ك, ه)
        "ا": "a", "أ": "a", "إ": "a", "آ": "a", "ب": "b", "پ": "p", "ت": "t", "ث": "s", "ج": "j",
        "چ": "ch", "ح": "h", "خ": "kh", "د": "d", "ذ": "z", "ر": "r", "ز": "z", "ژ": "zh", "س": "s",
        "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "", "غ": "gh", "ف": "f", "ق": "q",
        "ك": "k", "گ": "g", "ل": "l", "م": "m", "ن": "n", "و": "u", "ه": "h", "ي": "i", "ء": "",
        "ئ": "i", "ؤ": "u",
        # Latin extras
        "ß": "ss", "đ": "d", "ø": "o", "æ": "ae", "œ": "oe",
        # Arabizi digits
        "7": "h", "3": "", "2": "", "5": "kh", "6": "t", "8": "gh", "9": "q",
    }
)  # fmt: skip
_SOUNDS_ALIKE = str.maketrans({"w": "v", "q": "k", "c": "k", "x": "h", "y": "i", "j": "i"})
_DIGRAPHS = re.compile(r"(kh|sh|ch|zh|ts|gh|sz|cz|rz)")
_REPEATS = re.compile(r"(.)\1+")


def fold(text: str) -> str:
    """Text reduced for matching: no case, no accents or vowel marks, one form per Arabic letter."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped).translate(_FOLD)


def words(text: str) -> list[str]:
    """The folded words of ``text`` (apostrophes inside words dropped: ``б'є`` is ``бє``; the Arabizi
    hamza ``2`` before a word dropped: ``2entehir`` is ``entehir``)."""
    return [_ARABIZI_HAMZA.sub("", w) for w in _WORD.findall(_APOSTROPHES.sub("", fold(text)))]


def loose_latin(word: str) -> str:
    """A folded word in Latin letters, one letter per sound, however it was transliterated
    (``самоубийство`` and ``samoubiystvo`` → ``samoubistvo``)."""
    if word.isdigit():
        return ""
    latin = _DIGRAPHS.sub(lambda m: m.group(1)[0], word.translate(_ROMAN)).translate(_SOUNDS_ALIKE)
    return _REPEATS.sub(r"\1", latin)


def _one_slip(typed: str, keyword: str) -> bool:
    """``typed`` is ``keyword`` with one letter left out, one added or two neighbours swapped."""
    if typed == keyword:
        return True
    # Never the last letter: a stem missing its last letter is another word ("urgenta" → "urgent").
    if len(typed) + 1 == len(keyword):
        return any(keyword[:i] + keyword[i + 1 :] == typed for i in range(len(keyword) - 1))
    if len(typed) == len(keyword) + 1:
        return any(typed[:i] + typed[i + 1 :] == keyword for i in range(len(typed) - 1))
    if len(typed) == len(keyword):
        diff = [i for i in range(len(typed)) if typed[i] != keyword[i]]
        return len(diff) == 2 and diff[1] == diff[0] + 1 and typed[diff[0]] == keyword[diff[1]]
    return False


def _word_matches(typed: str, keyword: str, *, slips: bool = True) -> bool:
    """A message word against a keyword word: a stem at its start, whole if short, one slip if long."""
    if len(keyword) <= 3:
        return typed == keyword
    if typed.startswith(keyword):
        return True
    if not slips or len(keyword) < MIN_FUZZY or typed[:3] != keyword[:3]:
        return False  # slips at the very start make other words ("продали" → "подали")
    return any(_one_slip(typed[:length], keyword) for length in (len(keyword) - 1, len(keyword) + 1))


@dataclass(frozen=True)
class _Keyword:
    category: str
    language: str
    words: tuple[str, ...]
    latin: str
    """A single Cyrillic word in loose Latin letters, matched against words typed in Latin letters; ""
    for Latin keywords (written out in their spellings), Arabic-script ones (no vowels: too many
    everyday words share their letters, "انتحر" and "another") and phrases."""
    anywhere: bool
    """Arabic-script keyword: matches inside words (prefixes) and across them, as typed."""
    slips: bool
    """Typing slips allowed (not in Turkish, where one letter says "not": "uyanmıyor"/"uyanıyor")."""


@dataclass(frozen=True)
class Danger:
    """What the net found in a message: categories (most specific first) and the keywords' languages."""

    categories: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.categories)


NO_DANGER: Final = Danger()


class SafetyNet:
    """Danger keywords by category and language; :meth:`check` says what a message is about."""

    def __init__(self, keywords: Mapping[str, Mapping[str, Iterable[str]]]) -> None:
        """``keywords``: phrases by category (or group, :data:`GROUPS`) and language."""
        self._by_word: dict[str, list[_Keyword]] = defaultdict(list)
        self._by_latin: dict[str, list[_Keyword]] = defaultdict(list)
        self._anywhere: list[tuple[str, _Keyword]] = []
        self._bare: dict[str, list[tuple[str, _Keyword]]] = defaultdict(list)
        """The same keywords without their spaces, by their first two letters."""
        self._inside: list[_Keyword] = []
        for category, by_language in keywords.items():
            for language, phrases in by_language.items():
                for phrase in phrases:
                    self._add(category, language, str(phrase))

    def _add(self, category: str, language: str, phrase: str) -> None:
        found = tuple(words(phrase))
        if not found:
            return
        anywhere = bool(_ARABIC_SCRIPT.search(phrase))
        latin = loose_latin(found[0]) if len(found) == 1 and _CYRILLIC.search(phrase) else ""
        keyword = _Keyword(
            category,
            language,
            found,
            latin if len(latin) >= MIN_LATIN else "",
            anywhere,
            language not in NO_SLIPS,
        )
        if anywhere:
            self._anywhere.append((" ".join(found), keyword))
            bare = "".join(found)
            self._bare[bare[:2]].append((bare, keyword))
        elif language in INSIDE_WORDS and len(found) == 1 and len(found[0]) >= MIN_INSIDE:
            self._inside.append(keyword)
        else:
            self._by_word[found[0][:2]].append(keyword)
        if keyword.latin:
            self._by_latin[keyword.latin[:2]].append(keyword)

    @classmethod
    def load(cls, path: Path = KEYWORDS_FILE) -> SafetyNet:
        return _load(path)

    def check(self, text: str) -> Danger:
        """The danger categories ``text`` is about (falsy: none)."""
        hits = self.matches(text)
        found = {k.category for k in hits}
        found.update(
            rule.category
            for rule in TOGETHER
            if {rule.first, rule.second} <= found and rule.unless not in found
        )
        found.difference_update(GROUPS)
        if not found:
            return NO_DANGER
        hits = [k for k in hits if k.category not in GROUPS] or hits
        languages_found = list(dict.fromkeys(k.language for k in hits))
        return Danger(tuple(c for c in CATEGORIES if c in found), tuple(languages_found))

    def explain(self, text: str) -> list[str]:
        """Which keywords fired, as ``category/language: keyword`` (for tuning the keyword file)."""
        return [f"{k.category}/{k.language}: {' '.join(k.words)}" for k in self.matches(text)]

    def matches(self, text: str) -> list[_Keyword]:
        typed = words(text)
        if not typed:
            return []
        latin = [loose_latin(w) if w.isascii() else "" for w in typed]
        joined = " ".join(typed)
        hits: list[_Keyword] = [k for phrase, k in self._anywhere if phrase in joined]
        if len(typed) > 1 and _ARABIC_SCRIPT.search(joined):
            hits.extend(self._spaced_apart(typed, hits))
        for i, word in enumerate(typed):
            hits.extend(k for k in self._inside if k.words[0] in word)
            for keyword in self._by_word.get(word[:2], ()):
                if _phrase_at(typed, i, keyword.words, slips=keyword.slips):
                    hits.append(keyword)
            if len(latin[i]) >= MIN_LATIN:
                hits.extend(k for k in self._by_latin.get(latin[i][:2], ()) if latin[i].startswith(k.latin))
        return hits

    def _spaced_apart(self, typed: list[str], found: list[_Keyword]) -> list[_Keyword]:
        """Arabic-script keywords typed with spaces in other places: Persian writes compounds and the
        prefix ``می`` joined, with a half-space or with a space ("خونریزی", "خون ریزی"; "میکشد",
        "می کشد"). Compared without spaces, but only from a word's start to a word's end, so that
        the end of one word and the start of the next never make a keyword ("تهدید مالی")."""
        squeezed = "".join(typed)
        starts, ends, offset = [], set(), 0
        for word in typed:
            starts.append(offset)
            offset += len(word)
            ends.add(offset)
        already = {id(k) for k in found}
        extra = []
        for at in starts:
            for bare, keyword in self._bare.get(squeezed[at : at + 2], ()):
                if id(keyword) not in already and at + len(bare) in ends and squeezed.startswith(bare, at):
                    extra.append(keyword)
                    already.add(id(keyword))
        return extra

    def languages_in(self, text: str) -> list[str]:
        """The languages whose danger words appear in ``text`` (empty: none)."""
        return list(self.check(text).languages)


SLACK: Final = 2
"""A keyword of several words matches them in any order with up to this many other words among them
("мене зараз б'є" for "б'є мене", "nie chcę już żyć" for "nie chcę żyć")."""


def _phrase_at(typed: list[str], start: int, phrase: tuple[str, ...], *, slips: bool) -> bool:
    """The keyword's first word at ``typed[start]``, its other words nearby in any order."""
    if not _word_matches(typed[start], phrase[0], slips=slips):
        return False
    if len(phrase) == 1:
        return True
    reach = len(phrase) - 1 + SLACK
    window = sorted(
        range(max(0, start - reach), min(len(typed), start + reach + 1)), key=lambda i: abs(i - start)
    )
    at = {start: phrase[0]}
    for part in phrase[1:]:
        found = next((i for i in window if i not in at and _word_matches(typed[i], part, slips=slips)), None)
        if found is None:
            return False
        at[found] = part
    # Words of one or two letters ("me", "ми") are everywhere: besides the first, they must stand next
    # to another word of the keyword ("бие ме", but not "бие силно и ме").
    short_alone = any(
        len(part) <= 2 and i != start and not {i - 1, i + 1} & at.keys() for i, part in at.items()
    )
    return not short_alone and max(at) - min(at) <= reach


@cache
def _load(path: Path) -> SafetyNet:
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    known = languages()
    table: dict[str, dict[str, list[str]]] = {}
    for category, by_language in raw.items():
        if category not in (*CATEGORIES, *GROUPS):
            raise ValueError(f"{path}: unknown category {category!r} (known: {', '.join(CATEGORIES)})")
        table[category] = {
            code: [str(w) for w in phrases or []]
            for code, phrases in (by_language or {}).items()
            if code in known
        }
    return SafetyNet(table)
