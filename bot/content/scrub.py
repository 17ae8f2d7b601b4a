"""Remove what could identify a person from a question before it is kept in the inbox.

Kept questions help staff add answers; nobody may be found through them. Removed, in any script:
links (also Cyrillic domains), e-mail addresses, @handles, phone numbers (six or more digits with
spaces, dashes, dots or invisible direction marks between them) and every
run of more than three digits (any Unicode digits: ٠١٢, ۰۱۲ …) — postal codes, dates of birth, file
numbers. Each becomes a neutral placeholder, so the sentence still reads as a question.
"""

from __future__ import annotations

import re
from typing import Final

LINK: Final = "[link]"
EMAIL: Final = "[email]"
HANDLE: Final = "[handle]"
NUMBER: Final = "[number]"

_TLDS: Final = (
    "de|com|org|net|info|eu|io|me|ch|uk|gov|edu|ru|ua|kz|md|pl|ro|bg|tr|ir|sy|iq|рф|укр|бел|бг|срб|рус"
)
"""Top-level domains a bare address (no ``http://``, ``www.`` or path) is recognised by; not those that
are common words (``at``, ``it``, ``es`` …), which a missing space after a full stop would turn into
links. Any domain with a path (``name.xyz/…``) is a link."""
_URL = re.compile(
    r"(?i)\b(?:https?://|www\.)\S+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}/\S*"
    rf"|\b[\w-]+(?:\.[\w-]+)*\.(?:{_TLDS})\b"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_HANDLE = re.compile(r"(?<![\w@])@\w{2,}(?:\.\w+)*")
_SEPARATORS: Final = (
    r"\s\-/.()·"
    "\u2010-\u2015\u2212"  # hyphens and dashes: 0176–123–45–67
    "\u066b\u066c"  # Arabic decimal and thousands separators
    "\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069"  # zero-width and direction marks
)
"""What people (and their keyboards) put between the digits of a phone number."""
_PHONE = re.compile(rf"\+?\(?\d[\d{_SEPARATORS}]{{4,}}\d")
_DIGITS = re.compile(r"\d{4,}")
_SPACES = re.compile(r"[ \t]+")


def _phone_or_keep(match: re.Match[str]) -> str:
    found = match.group(0)
    return NUMBER if sum(c.isdigit() for c in found) >= 6 else found


def scrub(text: str) -> str:
    """``text`` without links, e-mail addresses, handles, phone numbers and digit runs longer than 3."""
    text = _EMAIL.sub(EMAIL, text)
    text = _URL.sub(LINK, text)
    text = _HANDLE.sub(HANDLE, text)
    text = _PHONE.sub(_phone_or_keep, text)
    text = _DIGITS.sub(NUMBER, text)
    return _SPACES.sub(" ", text).strip()
