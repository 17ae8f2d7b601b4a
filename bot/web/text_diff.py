"""Word-level differences between two versions of a text, for history and edit conflicts."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Change:
    kind: str
    """``same``, ``added`` or ``removed``."""
    text: str


_TOKENS = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


def word_diff(before: str, after: str) -> list[Change]:
    """Word by word changes from ``before`` to ``after`` (whitespace kept, so lines stay lines)."""
    a, b = _TOKENS.findall(before), _TOKENS.findall(after)
    changes: list[Change] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            changes.append(Change("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            changes.append(Change("removed", "".join(a[i1:i2])))
        if j2 > j1:
            changes.append(Change("added", "".join(b[j1:j2])))
    return changes
