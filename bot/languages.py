"""The languages Wegweiser speaks, read from ``locales/languages.yml`` (data, not code)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from bot.config import PROJECT_ROOT

LANGUAGES_FILE = PROJECT_ROOT / "locales" / "languages.yml"
SOURCE_LANGUAGE = "de"
"""Answers are written in German first; other languages are translations of it and fall back to it."""


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    english: str
    rtl: bool
    babel: str


@cache
def _load(path: Path) -> dict[str, Language]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {
        code: Language(code, entry["name"], entry["english"], bool(entry["rtl"]), entry["babel"])
        for code, entry in raw.items()
    }


def languages() -> dict[str, Language]:
    """All supported languages by code, in picker order."""
    return _load(LANGUAGES_FILE)


def language_codes() -> list[str]:
    return list(languages())


def normalize_language(code: str | None) -> str | None:
    """Reduce a tag like ``pt-BR``/``uk_UA`` to a supported code, or ``None``."""
    if not code:
        return None
    base = code.replace("_", "-").split("-")[0].lower()
    return base if base in languages() else None


def is_rtl(code: str) -> bool:
    language = languages().get(code)
    return bool(language and language.rtl)
