"""Remove what could identify a person from a question before it is kept in the inbox.

Kept questions help staff add answers; nobody may be found through them. Removed, in any script:
links, e-mail addresses, @handles, phone numbers (digits with separators, from six digits) and every
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

_URL = re.compile(
    r"(?i)\b(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:de|com|org|net|info|eu|ru|ua|pl|ro|bg|tr|ir|io|me)(?:/\S*)?\b"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_HANDLE = re.compile(r"(?<![\w@])@\w{2,}")
_PHONE = re.compile(r"\+?\(?\d[\d\s\-/.()]{4,}\d")
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
