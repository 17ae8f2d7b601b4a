"""The language identifier learns languages from labelled examples and survives saving and loading."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.nlu.data import read_examples
from bot.nlu.langid import LanguageIdentifier
from bot.nlu.language import decide, detect_language
from bot.replies.language import LanguageSignals, decide_language

SAMPLES = {
    "de": ["ich suche eine wohnung", "wo ist das jobcenter", "hallo guten morgen", "danke schön"],
    "en": ["i am looking for a flat", "where is the job centre", "hello good morning", "thanks a lot"],
    "ru": ["ya ishchu kvartiru", "gde nakhoditsya dzhobtsentr", "privet dobroe utro", "spasibo"],
}


@pytest.fixture(scope="module")
def identifier() -> LanguageIdentifier:
    texts = [t for lines in SAMPLES.values() for t in lines]
    labels = [code for code, lines in SAMPLES.items() for _ in lines]
    return LanguageIdentifier.train(texts * 5, labels * 5)


def test_names_the_language_of_unseen_messages(identifier: LanguageIdentifier) -> None:
    assert decide(identifier.probabilities("wohnung gesucht"), 0.0) == "de"
    assert decide(identifier.probabilities("good morning friends"), 0.0) == "en"
    assert decide(identifier.probabilities("ishchu rabotu"), 0.0) == "ru"


def test_saved_identifier_gives_the_same_answers(identifier: LanguageIdentifier, tmp_path: Path) -> None:
    path = tmp_path / "langid.npz"
    identifier.save(path)
    loaded = LanguageIdentifier.load(path)
    for text in ("wohnung gesucht", "good morning", "privet"):
        before, after = identifier.probabilities(text), loaded.probabilities(text)
        assert before.keys() == after.keys()
        assert all(abs(before[k] - after[k]) < 1e-3 for k in before)


def test_numbers_and_unknown_characters_are_no_language(identifier: LanguageIdentifier) -> None:
    assert identifier.probabilities("50667") == {}
    assert detect_language("🙂🙂", identifier=identifier) is None


def test_pasted_tags_and_web_addresses_do_not_choose_the_language(identifier: LanguageIdentifier) -> None:
    """ "<script>alert(1)</script> wohnung" was answered in Romanian ("script" is a Romanian word)."""
    assert identifier.probabilities("<script></script> https://www.example.org/x?y=1") == {}
    plain = identifier.probabilities("wohnung gesucht")
    pasted = identifier.probabilities("<b>wohnung</b> gesucht www.immobilienscout24.de/expose/1")
    assert pasted.keys() == plain.keys() and all(abs(pasted[k] - plain[k]) < 1e-9 for k in plain)


def test_choice_beats_detection_and_hint_fills_in_when_unsure(identifier: LanguageIdentifier) -> None:
    def detect(text: str, keep: str | None) -> str | None:
        return detect_language(text, keep, identifier=identifier)

    def decided(**signals: str | None) -> str:
        return decide_language(LanguageSignals(**signals), detect=detect)

    assert decided(choice="ar", text="hello good morning", hint="de") == "ar"
    assert decided(text="hello good morning", hint="de") == "en"
    assert decided(text="50667", hint="uk") == "uk"
    assert decided(text="50667") == "de"


def test_keyboard_noise_filed_under_a_language_is_learnt_as_no_language(tmp_path: Path) -> None:
    """ "asdfgh" sits in the Russian folder because a Russian writer typed it; without the block's
    ``language: none`` it taught the identifier that keyboard noise is Russian."""
    lines = {code: [*lines, *lines] for code, lines in SAMPLES.items()}
    for code, texts in lines.items():
        folder = tmp_path / "nlu_data" / code
        folder.mkdir(parents=True)
        body = "".join(f"    - {t}\n" for t in texts)
        noise = "- intent: out_of_scope\n  metadata:\n    language: none\n  examples: |\n"
        noise += "    - asdfgh\n    - qwerty\n    - sdfsdf\n    - hahaha\n"
        (folder / "meta.yml").write_text(
            f'version: "3.1"\nnlu:\n- intent: chat\n  examples: |\n{body}' + (noise if code == "ru" else ""),
            encoding="utf-8",
        )
    examples = list(read_examples([tmp_path / "nlu_data"], list(SAMPLES)))
    assert sum(e.neutral for e in examples) == 4
    assert all(e.language == "ru" for e in examples if e.neutral)  # still counted as Russian lines

    identifier = LanguageIdentifier.from_examples(examples * 5)
    for noise in ("asdfgh", "qwerty"):
        assert detect_language(noise, identifier=identifier) is None
    assert detect_language("privet dobroe utro", identifier=identifier) == "ru"
    unmarked = LanguageIdentifier.train(
        [e.text for e in examples] * 5, [e.language or "" for e in examples] * 5
    )
    assert detect_language("asdfgh", identifier=unmarked) == "ru"  # what the mark prevents
