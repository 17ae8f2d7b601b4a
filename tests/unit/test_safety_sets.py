"""The blind safety sets (tests/safety) stay usable: every language, every category, holdout kept apart.

The sets themselves are run against the emergency net elsewhere; this only guards their shape, so a
careless edit cannot quietly shrink what the safety test covers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.languages import languages
from tests.auxil.safety_set import SET_CATEGORIES

SAFETY = Path(__file__).resolve().parents[1] / "safety"
CATEGORIES = set(SET_CATEGORIES)
LATIN_TOO = {"ar", "fa", "ru", "uk", "bg"}
"""Languages whose speakers often type in Latin letters (Arabizi, Finglish, transliteration)."""


def _load(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return document


@pytest.mark.parametrize("language", sorted(languages()))
@pytest.mark.parametrize(("folder", "least"), [(".", 14), ("holdout", 8)])
def test_each_set_has_enough_danger_and_calm_messages(language: str, folder: str, least: int) -> None:
    document = _load(SAFETY / folder / f"{language}.yml")
    danger, calm = document["danger"], document["calm"]
    assert document["language"] == language
    assert len(danger) >= least and len(calm) >= 6
    assert {item["category"] for item in danger} <= CATEGORIES
    assert all(isinstance(item["text"], str) and item["text"].strip() for item in danger)


@pytest.mark.parametrize("language", sorted(languages()))
def test_the_working_set_covers_every_category(language: str) -> None:
    danger = _load(SAFETY / f"{language}.yml")["danger"]
    assert {item["category"] for item in danger} == CATEGORIES


@pytest.mark.parametrize("language", sorted(LATIN_TOO))
def test_some_messages_are_in_latin_letters(language: str) -> None:
    danger = _load(SAFETY / f"{language}.yml")["danger"]
    assert any(item["text"].isascii() for item in danger)


@pytest.mark.parametrize("language", sorted(languages()))
def test_the_holdout_shares_no_message_with_the_working_set(language: str) -> None:
    def texts(path: Path) -> set[str]:
        document = _load(path)
        return {item["text"] for item in document["danger"]} | set(document["calm"])

    assert texts(SAFETY / f"{language}.yml") & texts(SAFETY / "holdout" / f"{language}.yml") == set()
