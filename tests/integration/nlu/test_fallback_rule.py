"""The trained model asks back ("did you mean …?") before answering a long message it is only
moderately sure of, and answers a short message at the same confidence (engine/wegweiser_engine/
fallback.py; settings in config.yml, chosen in docs/nlu.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.config import PROJECT_ROOT, load_settings
from bot.engine.models import ModelInfo
from tests.auxil.engine import run_engine_script


@pytest.fixture(scope="module")
def configured() -> dict[str, Any]:
    config = yaml.safe_load((PROJECT_ROOT / "config.yml").read_text(encoding="utf-8"))
    [step] = [s for s in config["pipeline"] if s["name"].endswith("FallbackClassifier")]
    return dict(step)


def words(count: int) -> str:
    """A housing question of exactly ``count`` words."""
    base = "ich suche seit Monaten eine Wohnung für meine Familie in der Stadt und finde nichts"
    return " ".join((base.split(" ") * 3)[:count])


def test_long_messages_need_more_confidence_than_short_ones(
    trained_model: ModelInfo, configured: dict[str, Any], tmp_path: Path
) -> None:
    short_t, long_t = float(configured["threshold"]), float(configured["long_message_threshold"])
    limit, ambiguity = int(configured["long_message_words"]), float(configured["ambiguity_threshold"])
    assert limit > 0 and long_t > short_t  # the premise: long messages are treated differently
    between = (short_t + long_t) / 2
    cases = [
        (words(limit), [["housing_search", between], ["housing_tenancy", 0.05]]),
        (words(limit + 1), [["housing_search", between], ["housing_tenancy", 0.05]]),
        (words(limit + 10), [["housing_search", long_t + 0.05], ["housing_tenancy", 0.05]]),
        (words(3), [["housing_search", short_t - 0.05], ["housing_tenancy", 0.05]]),
        (words(3), [["housing_search", 0.5], ["housing_tenancy", 0.5 - ambiguity / 2]]),
    ]
    result = run_engine_script(
        load_settings(var_dir=tmp_path),
        "fallback_rule",
        {"model": str(trained_model.path), "cases": [{"text": t, "ranking": r} for t, r in cases]},
    )
    assert result["intents"] == [
        "housing_search",  # as long as the limit: a short message, answered
        "nlu_fallback",  # one word more, same confidence: asked back
        "housing_search",  # long and sure enough: answered
        "nlu_fallback",  # short and too unsure
        "nlu_fallback",  # the best two too close
    ]
