"""Running a script inside the engine environment (.venv-rasa) from a test, JSON in and out."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from bot.config import PROJECT_ROOT, Settings
from bot.engine.runtime import engine_env

ENGINE_SCRIPTS = PROJECT_ROOT / "tests" / "engine"


def run_engine_script(settings: Settings, name: str, job: dict[str, Any]) -> dict[str, Any]:
    """Run ``tests/engine/<name>.py`` with Rasa's Python; return the JSON it prints."""
    assert settings.engine_venv is not None
    python = Path(settings.engine_venv) / "bin" / "python"
    result = subprocess.run(
        [str(python), str(ENGINE_SCRIPTS / f"{name}.py")],
        input=json.dumps(job),
        env=engine_env(settings),
        capture_output=True,
        text=True,
        timeout=300,
        cwd=PROJECT_ROOT,
    )
    if result.returncode != 0:
        raise AssertionError(f"{name} failed:\n{result.stderr[-3000:]}")
    output: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return output


def stand_in_engine(folder: Path) -> Path:
    """An engine environment with empty ``rasa`` and ``python`` commands: enough where only their paths
    are read (process specs), so unit tests need no ``.venv-rasa``."""
    bin_dir = folder / "engine" / "bin"
    bin_dir.mkdir(parents=True, exist_ok=True)
    for command in ("rasa", "python"):
        (bin_dir / command).touch()
    return folder / "engine"
