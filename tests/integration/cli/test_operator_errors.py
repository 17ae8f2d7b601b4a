"""Configuration errors reach the operator as one clear line each, never as a traceback (the real CLI)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.auxil.cli import run_cli
from tests.auxil.ports import free_port


def one_clear_line(stderr: str) -> str:
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("WEGWEISER_RASA_PORT", "abc", "WEGWEISER_RASA_PORT"),
        ("WEGWEISER_WEB_PORT", "70000", "WEGWEISER_WEB_PORT"),
        ("WEGWEISER_ACTIONS_PORT", "5005", "must differ"),
        ("WEGWEISER_TELEGRAM_MODE", "carrier-pigeon", "WEGWEISER_TELEGRAM_MODE"),
    ],
)
def test_bad_setting_is_one_clear_line(tmp_path: Path, variable: str, value: str, expected: str) -> None:
    result = run_cli("db", "upgrade", env={variable: value, "WEGWEISER_VAR_DIR": str(tmp_path)})
    assert result.returncode == 1
    line = one_clear_line(result.stderr)
    assert expected in line and value in line


def test_unusable_database_path_is_one_clear_line(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    url = f"sqlite:///{blocker / 'sub' / 'wegweiser.db'}"
    result = run_cli("db", "upgrade", env={"WEGWEISER_DATABASE_URL": url, "WEGWEISER_VAR_DIR": str(tmp_path)})
    assert result.returncode == 1
    line = one_clear_line(result.stderr)
    assert "WEGWEISER_DATABASE_URL" in line and "writable" in line


def test_database_url_that_is_no_url_is_one_clear_line(tmp_path: Path) -> None:
    result = run_cli(
        "db",
        "upgrade",
        env={"WEGWEISER_DATABASE_URL": "my database", "WEGWEISER_VAR_DIR": str(tmp_path)},
    )
    assert result.returncode == 1
    assert "is not a database URL" in one_clear_line(result.stderr)


def test_missing_model_says_to_train(tmp_path: Path) -> None:
    data = tmp_path / "data.yml"
    data.write_text('version: "3.1"\nnlu:\n- intent: greet\n  examples: |\n    - hallo\n')
    result = run_cli(
        "nlu",
        "evaluate",
        str(data),
        env={"WEGWEISER_MODELS_DIR": str(tmp_path / "models"), "WEGWEISER_VAR_DIR": str(tmp_path)},
    )
    assert result.returncode == 1
    assert "wegweiser train" in one_clear_line(result.stderr)


def test_missing_engine_says_how_to_install(tmp_path: Path) -> None:
    result = run_cli(
        "train",
        env={
            "WEGWEISER_ENGINE_VENV": str(tmp_path / "nowhere"),
            "WEGWEISER_MODELS_DIR": str(tmp_path / "models"),  # no model yet: training must start
            "WEGWEISER_VAR_DIR": str(tmp_path),
        },
    )
    assert result.returncode == 1
    line = one_clear_line(result.stderr)
    assert "Python 3.11" in line and "make install" in line


def test_database_never_upgraded_says_to_upgrade(tmp_path: Path) -> None:
    """A fresh machine: a command that reads the database before `db upgrade` (or `make run`)."""
    result = run_cli("content", "check", env={"WEGWEISER_VAR_DIR": str(tmp_path)})
    assert result.returncode == 1
    line = one_clear_line(result.stderr)
    assert "no tables yet" in line and "wegweiser db upgrade" in line


def test_database_not_running_is_one_clear_line(tmp_path: Path) -> None:
    url = f"postgresql://wegweiser@127.0.0.1:{free_port()}/wegweiser"  # nothing listens there
    result = run_cli(
        "content", "check", env={"WEGWEISER_DATABASE_URL": url, "WEGWEISER_VAR_DIR": str(tmp_path)}
    )
    assert result.returncode == 1
    line = one_clear_line(result.stderr)
    assert "cannot use the database" in line and "WEGWEISER_DATABASE_URL" in line


def test_reader_that_stops_early_gets_no_traceback(tmp_path: Path) -> None:
    """`wegweiser … | head`: the pipe closes before the command has printed; that is no error."""
    assert run_cli("db", "upgrade", env={"WEGWEISER_VAR_DIR": str(tmp_path)}).returncode == 0
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "content", "check", "--json"],
        env={**os.environ, "WEGWEISER_VAR_DIR": str(tmp_path)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader is gone before anything was written
    with process.stderr:
        stderr = process.stderr.read()
    assert process.wait(timeout=120) == 141
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr, stderr
