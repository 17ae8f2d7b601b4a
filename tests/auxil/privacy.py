"""Searching everything the stack wrote for traces of a person: the anonymity proof's tool."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


def integer_forms(value: int) -> list[bytes]:
    """The decimal text of ``value`` and the big-endian bytes SQLite and others store integers as."""
    forms = [str(value).encode()]
    for size in (6, 8):
        if value < 1 << (8 * size):
            forms.append(value.to_bytes(size, "big"))
    return forms


def text_forms(value: str) -> list[bytes]:
    """``value`` as UTF-8, UTF-16 and JSON-escaped, as files might hold it."""
    forms = {value.encode(), value.encode("utf-16-le")}
    escaped = value.encode("ascii", "backslashreplace").decode().replace("\\x", "\\u00")
    forms.add(escaped.encode())
    return sorted(forms)


def files_under(roots: Iterable[Path]) -> list[Path]:
    found: list[Path] = []
    for root in roots:
        if root.is_file():
            found.append(root)
        elif root.is_dir():
            found.extend(p for p in root.rglob("*") if p.is_file())
    return found


def traces(roots: Iterable[Path], needles: dict[str, list[bytes]]) -> list[str]:
    """``"<file>: <what>"`` for every needle found in any file under ``roots``."""
    hits = []
    for path in files_under(roots):
        data = path.read_bytes()
        for what, forms in needles.items():
            if any(form in data for form in forms):
                hits.append(f"{path}: {what}")
    return hits
