"""Fixtures shared by all tests. Helpers live in tests/auxil/."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.engine.models import ModelInfo
from tests.auxil.stack import RunningStack, start_stack, stack_settings, trained_project_model

os.environ["WEGWEISER_ENV_FILE"] = "/nonexistent"  # a developer's .env never leaks into tests
os.environ.pop("TELEGRAM_BOT_TOKEN", None)


@pytest.fixture(scope="session")
def trained_model() -> ModelInfo:
    """The real model trained from the project's data (cached by fingerprint across runs)."""
    return trained_project_model()


@pytest.fixture(scope="session")
def stack(trained_model: ModelInfo, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    """Rasa server, action server and web app running as real processes on free ports."""
    var = tmp_path_factory.mktemp("stack")
    running = start_stack(stack_settings(var), trained_model)
    try:
        yield running
    finally:
        running.supervisor.stop()


@pytest.fixture
def var_dir(tmp_path: Path) -> Path:
    return tmp_path / "var"
