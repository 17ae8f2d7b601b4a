"""Right-to-left replies: Latin fragments wrapped in Unicode isolates so they keep their order.

In an Arabic or Persian sentence, a phone number, an address or a link is left-to-right text;
without isolation the bidi algorithm reorders its parts ("0800 111 0 111" can show as
"111 0 111 0800"). LRI … PDI (U+2066 … U+2069) makes each fragment one left-to-right unit inside
the right-to-left line.
"""

from __future__ import annotations

import re

LRI = "\u2066"
PDI = "\u2069"

_LATIN = "A-Za-z0-9\u00c0-\u024f"
_FRAGMENT = re.compile(rf"[+(/]?[{_LATIN}](?:[{_LATIN} .,:;/\-+()@&_#%=?~'’]*[{_LATIN})/])?")
"""A run of Latin letters and digits with the punctuation that belongs inside addresses, numbers
and links; it never starts or ends with a space or sentence punctuation."""


def _wrap(match: re.Match[str]) -> str:
    fragment = match.group(0)
    head = tail = ""
    # A bracket opened or closed by the right-to-left sentence stays outside the isolate.
    while fragment.endswith(")") and fragment.count(")") > fragment.count("("):
        fragment, tail = fragment[:-1], ")" + tail
    while fragment.startswith("(") and fragment.count("(") > fragment.count(")"):
        fragment, head = fragment[1:], head + "("
    fragment = fragment.rstrip(" .,:;")
    rest = match.group(0)[len(head) + len(fragment) : len(match.group(0)) - len(tail)]
    return f"{head}{LRI}{fragment}{PDI}{rest}{tail}" if fragment else match.group(0)


def isolate_latin(text: str) -> str:
    """``text`` with every Latin fragment wrapped in LRI … PDI."""
    return _FRAGMENT.sub(_wrap, text)


def isolated(fragment: str) -> str:
    """One fragment known to be left-to-right (a link label, a phone number) as an isolate."""
    return f"{LRI}{fragment}{PDI}"
