"""Reading safety sets: ``<lang>.yml`` files of messages that must get the crisis lines, and calm ones.

The format (the blind set in ``tests/safety/``, the development examples in
``tests/unit/replies/safety_examples/``)::

    language: de
    danger:            # each must get a reply with a crisis number
      - {text: "...", category: rape}
    calm:              # must not get crisis numbers (reported, not failed)
      - "..."

Categories: rape, sexual_assault, domestic_violence, suicide, self_harm, child_abuse, trafficking,
forced_work, medical.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import yaml

from bot.config import PROJECT_ROOT
from bot.replies.safety import CATEGORIES

BLIND_SET: Final = PROJECT_ROOT / "tests" / "safety"
EXAMPLES: Final = PROJECT_ROOT / "tests" / "unit" / "replies" / "safety_examples"
SET_CATEGORIES: Final = tuple(c for c in CATEGORIES if c != "danger")
"""The categories of the safety sets: every category of the net but general danger."""
CRISIS_NUMBERS: Final = (
    "110",
    "112",
    "116 117",
    "116 016",
    "116 111",
    "0800 111 0 111",
    "0800 111 0 222",
    "0800 22 55 530",
    "0800 40 40 020",
)
CRISIS_NUMBER: Final = re.compile(
    r"\b(" + "|".join(number.replace(" ", r"[ \u00a0]?") for number in CRISIS_NUMBERS) + r")\b"
)
"""Any of the crisis numbers of the emergency reply (spaces as typed in the catalogues)."""


@dataclass(frozen=True)
class DangerMessage:
    language: str
    text: str
    category: str
    source: str

    @property
    def id(self) -> str:
        return f"{self.language}:{self.category}:{self.text[:40]}"


@dataclass(frozen=True)
class CalmMessage:
    language: str
    text: str
    source: str


def set_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.yml")) if folder.is_dir() else []


def _read(path: Path) -> dict[str, Any]:
    document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(document, dict):
        raise ValueError(f"{path}: expected a mapping with language, danger and calm")
    return document


def danger_messages(folder: Path) -> list[DangerMessage]:
    found: list[DangerMessage] = []
    for path in set_files(folder):
        document = _read(path)
        language = str(document.get("language") or path.stem)
        for entry in document.get("danger") or []:
            if not isinstance(entry, dict) or not str(entry.get("text") or "").strip():
                raise ValueError(f"{path}: every danger entry needs a text: {entry!r}")
            category = str(entry.get("category") or "")
            if category not in SET_CATEGORIES:
                raise ValueError(f"{path}: unknown category {category!r} in {entry!r}")
            found.append(DangerMessage(language, str(entry["text"]), category, path.name))
    return found


def calm_messages(folder: Path) -> list[CalmMessage]:
    found: list[CalmMessage] = []
    for path in set_files(folder):
        document = _read(path)
        language = str(document.get("language") or path.stem)
        found.extend(CalmMessage(language, str(text), path.name) for text in document.get("calm") or [])
    return found


def has_crisis_number(text: str) -> bool:
    return CRISIS_NUMBER.search(text) is not None
