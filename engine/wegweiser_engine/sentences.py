"""Split a long message into the parts the classifier scores one by one.

Why: real questions are often several sentences — context first ("I am from Syria, I live in Köln
since two years."), then the question. Scored as one bag of n-grams, the context pulls the message
towards other intents; scored sentence by sentence, the question sentence can speak for itself (the
classifier combines the parts, ``intent_classifier.py``).

Splits at sentence ends in every script the project meets (``. ! ? … ؟ ۔ ;`` and the Arabic
semicolon), at line breaks, and — only inside a part still longer than :data:`MAX_WORDS` words, as
people on phones write without punctuation — at commas (``, ،``) and then into word windows. A short
first clause before a comma ("hallo, …") is a part of its own (:data:`OPENING_WORDS`).
Standard library only (runs inside Rasa's environment; the unit tests import it directly).
"""

from __future__ import annotations

import re

MAX_WORDS = 25
"""A part longer than this is split further (commas, then windows)."""
WINDOW = 16
"""Words per window when a long part has no punctuation at all (windows overlap by half)."""
MIN_WORDS = 2
"""A part shorter than this joins the part after it ("Hallo!" alone says nothing about the question)."""
OPENING_WORDS = 2
"""A first clause of at most this many words before a comma ("hallo," "dzień dobry,") is a part of its
own: people on phones greet with a comma, and a greeting inside the question's part took its confidence."""

_ABBREVIATIONS = frozenset(
    ["bzw", "ca", "dr", "etc", "evtl", "ggf", "inkl", "mr", "mrs", "ms", "nr", "str", "usw", "vgl",
     "abs", "geb", "tel", "jh", "zb", "dh", "ua", "eg", "ie", "vs"]
)  # fmt: skip
_SENTENCE_END = re.compile(r"(?<=[.!?…؟۔;؛])\s+|[\r\n]+")
_CLAUSE_END = re.compile(r"(?<=[,،])\s+")
_QUESTION_MARKS = frozenset("?؟⁇⸮")


def _words(text: str) -> int:
    return len(text.split())


def _is_abbreviation(part: str) -> bool:
    """``z.B.``, ``ca.``, ``Nr.``: a full stop that does not end a sentence."""
    if not part.endswith("."):
        return False
    last = part.rsplit(None, 1)[-1].rstrip(".").casefold()
    return "." in last or last.replace(".", "") in _ABBREVIATIONS or last.isdigit()


def _sentences(text: str) -> list[str]:
    pieces = [p.strip() for p in _SENTENCE_END.split(text)]
    joined: list[str] = []
    for piece in pieces:
        if not piece:
            continue
        if joined and _is_abbreviation(joined[-1]):
            joined[-1] = f"{joined[-1]} {piece}"
        else:
            joined.append(piece)
    return joined


def _windows(text: str) -> list[str]:
    words = text.split()
    step = WINDOW // 2
    starts = range(0, max(len(words) - step, 1), step)
    return [" ".join(words[start : start + WINDOW]) for start in starts]


def _shorter(part: str) -> list[str]:
    if _words(part) <= MAX_WORDS:
        return [part]
    result: list[str] = []
    for clause in (c.strip() for c in _CLAUSE_END.split(part)):
        if clause:
            result.extend([clause] if _words(clause) <= MAX_WORDS else _windows(clause))
    return result


def _merge_short(parts: list[str]) -> list[str]:
    merged: list[str] = []
    carry = ""
    for part in parts:
        part = f"{carry} {part}".strip() if carry else part
        if _words(part) < MIN_WORDS:
            carry = part
        else:
            merged.append(part)
            carry = ""
    if carry:
        if merged:
            merged[-1] = f"{merged[-1]} {carry}"
        else:
            merged.append(carry)
    return merged


def _opening(parts: list[str]) -> list[str]:
    """``["hallo, ich suche eine wohnung"]`` → ``["hallo,", "ich suche eine wohnung"]``."""
    pieces = _CLAUSE_END.split(parts[0], maxsplit=1) if parts else []
    if len(pieces) < 2:
        return parts
    head, rest = pieces
    if _words(head) > OPENING_WORDS or _words(rest) < MIN_WORDS or not any(c.isalpha() for c in head):
        return parts
    return [head, rest, *parts[1:]]


def segments(text: str) -> list[str]:
    """The parts of ``text`` to score on their own, in order; one part for a short message."""
    parts = [short for sentence in _sentences(text) for short in _shorter(sentence)]
    return _opening(_merge_short(parts)) or [text.strip()]


def is_question(part: str) -> bool:
    """A part that asks: it holds a question mark of any script the project meets."""
    return any(c in _QUESTION_MARKS for c in part)
