"""`wegweiser model list/activate/rollback` against the running stack: Rasa switches without a restart."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bot.engine.models import ModelInfo, ModelRegistry
from bot.rasa_client import ChannelAuth
from tests.auxil.stack import RunningStack

pytestmark = pytest.mark.stack


def loaded_model(stack: RunningStack) -> str:
    token = ChannelAuth.from_settings(stack.settings).api_token
    response = httpx.get(f"{stack.settings.rasa_url}/status", params={"token": token}, timeout=30)
    response.raise_for_status()
    return str(response.json()["model_file"])


@pytest.fixture
def two_models(stack: RunningStack, trained_model: ModelInfo, tmp_path: Path) -> Iterator[Path]:
    """A model folder with two copies of the trained model (with their cards), the older active."""
    models = tmp_path / "models"
    models.mkdir()
    for name in ("older", "newer"):
        shutil.copy(trained_model.path, models / f"{name}.tar.gz")
        card = {**trained_model.card, "name": name}
        (models / f"{name}.card.json").write_text(json.dumps(card), encoding="utf-8")
    ModelRegistry(models).activate("older")
    yield models
    # Give the stack its own model back for the tests that follow.
    stack.cli("model", "activate", trained_model.name)


def test_list_activate_and_roll_back_switch_the_running_server(stack: RunningStack, two_models: Path) -> None:
    env = {"WEGWEISER_MODELS_DIR": str(two_models)}

    def cli(*args: str) -> str:
        result = stack.cli(*args, check=False, env=env)
        assert result.returncode == 0, result.stderr
        return result.stdout

    listed = cli("model", "list")
    assert "* older" in listed and "  newer" in listed
    assert "held-out macro F1 0." in listed

    said = cli("model", "activate", "newer")
    assert "the running Rasa server switched to it" in said
    assert loaded_model(stack) == "newer.tar.gz"
    assert "* newer" in cli("model", "list")

    said = cli("model", "rollback")
    assert "Active model is now older" in said
    assert loaded_model(stack) == "older.tar.gz"
    assert ModelRegistry(two_models).require_active().name == "older"


def test_activating_an_unknown_model_names_the_known_ones(stack: RunningStack, two_models: Path) -> None:
    result = stack.cli(
        "model", "activate", "nonsense", check=False, env={"WEGWEISER_MODELS_DIR": str(two_models)}
    )
    assert result.returncode == 1
    assert "no model named 'nonsense'" in result.stderr and "newer" in result.stderr
    assert "Traceback" not in result.stderr
