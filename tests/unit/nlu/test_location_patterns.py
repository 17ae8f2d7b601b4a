"""Places are found as Rasa finds them: the postal-code regex and the lookup table of nlu_data/."""

from __future__ import annotations

import re

import pytest
import yaml

from bot.config import PROJECT_ROOT

NLU = PROJECT_ROOT / "nlu_data"


def _postal_code_pattern() -> re.Pattern[str]:
    document = yaml.safe_load((NLU / "regex.yml").read_text(encoding="utf-8"))
    (block,) = [b for b in document["nlu"] if b.get("regex") == "location"]
    (pattern,) = [line[2:] for line in block["examples"].splitlines() if line.startswith("- ")]
    return re.compile(pattern, re.IGNORECASE)  # as RegexEntityExtractor with case_sensitive: false


def _places() -> list[str]:
    document = yaml.safe_load((NLU / "lookup" / "locations.yml").read_text(encoding="utf-8"))
    (block,) = [b for b in document["nlu"] if b.get("lookup") == "location"]
    return [line[2:].strip() for line in block["examples"].splitlines() if line.startswith("- ")]


def _lookup_pattern() -> re.Pattern[str]:
    # Rasa's pattern_utils._generate_lookup_regex with use_word_boundaries: true
    return re.compile("(\\b" + "\\b|\\b".join(re.escape(p) for p in _places()) + "\\b)", re.IGNORECASE)


@pytest.mark.parametrize(
    ("message", "code"),
    [
        ("50667", "50667"),
        ("ich wohne in 04109 leipzig", "04109"),
        ("plz 51063 bitte", "51063"),
        ("mein code ist 01067.", "01067"),
        ("انا في ٥٠٦٦٧", "٥٠٦٦٧"),
    ],
)
def test_postal_codes_are_places(message: str, code: str) -> None:
    assert [m.group(0) for m in _postal_code_pattern().finditer(message)] == [code]


@pytest.mark.parametrize(
    "message",
    [
        "ich habe 25000 euro schulden",
        "25000€ kredit",
        "долг 50000 евро",
        "borg de 20000 lei",
        "12000 zł długu",
        "1000000 follower",
        "telefon 015712345678",
        "00000",
        "mein einkommen 12.500,00",
    ],
)
def test_amounts_and_long_numbers_are_not_places(message: str) -> None:
    assert _postal_code_pattern().search(message) is None


@pytest.mark.parametrize(
    ("message", "place"),
    [
        ("wohnung in Köln", "Köln"),
        ("я живу в Кёльне", "Кёльне"),
        ("ana fi Leipzig", "Leipzig"),
        ("mieszkam w Lipsku", "Lipsku"),
        ("шукаю житло в Кельні", "Кельні"),
        ("ich wohne in köln-kalk", "köln-kalk"),
        ("اسكن في كولونيا", "كولونيا"),
        ("من در لایپزیگ زندگی می‌کنم", "لایپزیگ"),
    ],
)
def test_towns_in_the_spellings_people_use_are_places(message: str, place: str) -> None:
    assert [m.group(0) for m in _lookup_pattern().finditer(message)] == [place]


def test_everyday_words_are_not_places() -> None:
    assert _lookup_pattern().search("ich habe nichts zu essen in der halle") is None


def test_longer_names_come_before_names_they_start_with() -> None:
    """Rasa's regex takes the first alternative that matches: Köln-Kalk must precede Köln."""
    places = _places()
    position = {p.casefold(): i for i, p in enumerate(places)}
    wrong = [
        f"{longer!r} comes after {shorter!r}"
        for longer in places
        for shorter in places
        if longer.casefold() != shorter.casefold()
        and longer.casefold().startswith(shorter.casefold())
        and position[longer.casefold()] > position[shorter.casefold()]
    ]
    assert not wrong
    assert len(position) == len(places), "the lookup table lists a place twice"
