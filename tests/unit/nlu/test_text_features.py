"""The classifier's views make one word written in two scripts or spellings look alike.

``engine/wegweiser_engine/text_features.py`` runs inside Rasa; it is standard library only, so it is
imported here directly.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

import pytest

from bot.engine.runtime import ENGINE_PACKAGE_DIR


@pytest.fixture(scope="module")
def features() -> ModuleType:
    path = ENGINE_PACKAGE_DIR / "wegweiser_engine" / "text_features.py"
    spec = importlib.util.spec_from_file_location("wegweiser_text_features", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("native", "latin"),
    [
        ("مرحبا", "mar7aba"),
        ("квартира", "kvartira"),
        ("квартиру", "kvartyru"),
        ("Ausländerbehörde", "auslaenderbehoerde"),
        ("şikayet", "sikayet"),
        ("سلام", "salam"),
    ],
)
def test_native_and_latin_spellings_share_a_skeleton(features: ModuleType, native: str, latin: str) -> None:
    assert features.views(native)["skeleton"] == features.views(latin)["skeleton"]


def test_plain_view_unifies_arabic_and_persian_letter_forms(features: ModuleType) -> None:
    assert features.plain("كيف") == features.plain("کیف")
    assert features.plain("می‌گردم") == features.plain("میگردم")


def test_postal_codes_stay_numbers_while_arabizi_digits_become_letters(features: ModuleType) -> None:
    assert features.views("50667 mar7aba")["roman"] == "50667 marhaba"


def test_places_are_masked(features: ModuleType) -> None:
    text = "wohnung in Köln gesucht"
    assert features.mask_spans(text, [(11, 15)]).split() == ["wohnung", "in", "xplacex", "gesucht"]
