"""Place-name keys: the spellings people type for the same town end up as the same key."""

from __future__ import annotations

import pytest

from bot.content.place_names import (
    ALIASES,
    base_name,
    bracket_base,
    fold,
    folded_aliases,
    name_keys,
)


@pytest.mark.parametrize("typed", ["Köln", "KÖLN", "Koln", "  köln ", "Кёльн"])
def test_spellings_of_cologne_share_a_key(typed: str) -> None:
    assert fold(typed) in name_keys("Köln")


@pytest.mark.parametrize("typed", ["München", "Muenchen", "Munchen", "MUENCHEN"])
def test_both_umlaut_spellings_are_filed(typed: str) -> None:
    assert fold(typed) in name_keys("München")


def test_sharp_s_abbreviations_and_punctuation() -> None:
    assert fold("Neustadt a. d. Weinstraße") == fold("Neustadt an der Weinstrasse")
    assert fold("St. Ingbert") == "sankt ingbert"
    assert fold("Frankfurt (Oder)") == "frankfurt oder"


def test_cyrillic_is_read_the_german_way() -> None:
    assert fold("Лейпциг") == "leipzig"
    assert fold("Дрезден") == "dresden"


def test_arabic_and_persian_letter_variants_are_unified() -> None:
    # Persian keheh/yeh and Arabic kaf/yeh: the same alias key either way.
    assert fold("کلن") == fold("كلن")


def test_town_part_of_qualified_names() -> None:
    assert base_name(fold("Frankfurt am Main")) == "frankfurt"
    assert base_name(fold("Neustadt an der Weinstraße")) == "neustadt"
    assert base_name(fold("Essen")) is None
    assert bracket_base("Neustadt (Hessen)") == "Neustadt"
    assert bracket_base("Neustadt/Vogtland") == "Neustadt"


def test_aliases_cover_the_scripts_of_the_big_cities() -> None:
    aliases = folded_aliases()
    for spelling, town in [
        ("Кёльн", "Köln"),
        ("كولونيا", "Köln"),
        ("کلن", "Köln"),
        ("Лейпциг", "Leipzig"),
        ("لايبزيغ", "Leipzig"),
        ("برلين", "Berlin"),
        ("ميونخ", "München"),
        ("Гамбург", "Hamburg"),
    ]:
        assert ALIASES[spelling] == town
        assert aliases[fold(spelling)] == fold(town)
