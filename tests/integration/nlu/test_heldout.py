"""The model `make run` trains holds its level on the held-out files tests/nlu (never trained on).

Targets (issues 3 and 11): macro-F1 ≥ 0.90 over all languages and ≥ 0.85 in each; out-of-scope messages
not answered as a topic in ≥ 90 % of cases. With 25 topics, `other_need` and real questions in the training
data (December 2026) the model reaches 0.876 overall, de 0.850, en 0.853 (docs/nlu.md, held-out scores):
the macro-F1 bounds below are the level reached, so that it cannot get worse unnoticed; the targets are
still open.
One `wegweiser nlu evaluate --json` call scores all files
(one model load); a second, on one file with `--lang`, checks the language-detection figure.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.config import PROJECT_ROOT
from bot.engine.models import ModelInfo
from bot.engine.train import heldout_files
from tests.auxil.cli import run_cli
from tests.auxil.stack import TEST_MODELS

OVERALL_MACRO_F1 = 0.87  # target 0.90 (issue 11), not reached with 25 topics (0.876)
LANGUAGE_MACRO_F1 = 0.83  # target 0.85, reached in every language (0.850 and more) but by little
OUT_OF_SCOPE_SAFE = 0.90
LANGUAGE_DETECTED = 0.90

# The first test pays for training the model (minutes; more on a busy machine) and one evaluation.
pytestmark = pytest.mark.timeout(3600)

ENV = {"WEGWEISER_MODELS_DIR": str(TEST_MODELS), "WEGWEISER_VAR_DIR": str(TEST_MODELS / "var")}


def evaluate(model: ModelInfo, *args: str) -> dict[str, Any]:
    result = run_cli("nlu", "evaluate", *args, "--model", model.name, "--json", env=ENV, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    figures: dict[str, Any] = json.loads(result.stdout)
    return figures


@pytest.fixture(scope="module")
def heldout(trained_model: ModelInfo) -> dict[str, Any]:
    return evaluate(trained_model, *(str(f) for f in heldout_files(PROJECT_ROOT)))


def test_every_language_is_measured(heldout: dict[str, Any]) -> None:
    assert list(heldout["per_language"]) == [f.stem for f in heldout_files(PROJECT_ROOT)]
    assert heldout["n"] == sum(row["n"] for row in heldout["per_language"].values())


def test_macro_f1_over_all_languages(heldout: dict[str, Any]) -> None:
    assert heldout["macro_f1"] >= OVERALL_MACRO_F1


def test_macro_f1_in_each_language(heldout: dict[str, Any]) -> None:
    below = {
        code: row["macro_f1"]
        for code, row in heldout["per_language"].items()
        if row["macro_f1"] < LANGUAGE_MACRO_F1
    }
    assert not below, f"languages below macro-F1 {LANGUAGE_MACRO_F1}: {below}"


def test_out_of_scope_is_not_answered_as_a_topic(heldout: dict[str, Any]) -> None:
    assert heldout["out_of_scope_safe_rate"] >= OUT_OF_SCOPE_SAFE


def test_language_of_each_heldout_file_is_detected(heldout: dict[str, Any]) -> None:
    below = {
        code: row["language_accuracy"]
        for code, row in heldout["per_language"].items()
        if row["language_accuracy"] < LANGUAGE_DETECTED
    }
    assert not below


def test_evaluate_with_lang_reports_language_accuracy(
    trained_model: ModelInfo, heldout: dict[str, Any]
) -> None:
    (german,) = [f for f in heldout_files(PROJECT_ROOT) if f.stem == "de"]
    figures = evaluate(trained_model, str(german), "--lang", "de")
    assert figures["n"] == heldout["per_language"]["de"]["n"]
    assert figures["language_accuracy"] == heldout["per_language"]["de"]["language_accuracy"]
    assert figures["macro_f1"] == heldout["per_language"]["de"]["macro_f1"]
    assert set(figures["per_intent"]) == set(heldout["per_intent"])


def test_the_model_card_carries_the_heldout_scores(trained_model: ModelInfo, heldout: dict[str, Any]) -> None:
    card = trained_model.card["heldout"]
    assert card["macro_f1"] == heldout["macro_f1"]
    assert card["per_language"].keys() == heldout["per_language"].keys()
    assert trained_model.card["languages"] == list(heldout["per_language"])
