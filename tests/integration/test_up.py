"""`wegweiser up`: starts every part, says where they are, stops all cleanly, names a part that died."""

from __future__ import annotations

import os
import signal
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bot.engine.models import ModelInfo, ModelRegistry
from tests.auxil.ports import free_port

pytestmark = pytest.mark.stack


def _own_models(model: ModelInfo, folder: Path) -> Path:
    """A models folder holding only the trained model (so other tests' activations do not matter)."""
    folder.mkdir()
    for source in model.path.parent.glob(f"{model.name}.*"):
        os.link(source, folder / source.name)
    ModelRegistry(folder).activate(model.name)
    return folder


def _env(tmp_path: Path, model: ModelInfo, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        WEGWEISER_VAR_DIR=str(tmp_path / "var"),
        WEGWEISER_MODELS_DIR=str(_own_models(model, tmp_path / "models")),
        WEGWEISER_RASA_PORT=str(free_port()),
        WEGWEISER_ACTIONS_PORT=str(free_port()),
        WEGWEISER_WEB_PORT=str(free_port()),
        WEGWEISER_ENV_FILE="/nonexistent",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    env.pop("TELEGRAM_BOT_TOKEN", None)
    return env


def _start(env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "up"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _read_until(process: subprocess.Popen[str], marker: str, timeout: float) -> str:
    assert process.stdout is not None
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line and process.poll() is not None:
            break
        seen.append(line)
        if marker in line:
            return "".join(seen)
    raise AssertionError(f"{marker!r} not printed; output so far:\n{''.join(seen)}")


def _pids_of(pattern: str) -> list[int]:
    """Processes whose command line contains ``pattern`` (the stack's own, by their unique port)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if pattern in cmdline:
                found.append(int(entry.name))
    return found


def _healthy(url: str) -> bool:
    try:
        return httpx.get(f"{url}/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.fixture
def running_up(
    tmp_path: Path, trained_model: ModelInfo
) -> Iterator[tuple[subprocess.Popen[str], dict[str, str]]]:
    env = _env(tmp_path, trained_model)
    with _start(env) as process:
        try:
            yield process, env
        finally:
            if process.poll() is None:
                process.kill()


def test_up_starts_everything_answers_and_stops_on_sigterm(
    running_up: tuple[subprocess.Popen[str], dict[str, str]],
) -> None:
    process, env = running_up
    output = _read_until(process, "Press Ctrl-C to stop", timeout=300)
    for part in ("Action server ready", "Rasa server ready", "Web app"):
        assert part in output
    web = f"http://127.0.0.1:{env['WEGWEISER_WEB_PORT']}"
    assert f"{web}/chat" in output
    assert httpx.get(f"{web}/chat", timeout=10).status_code == 200
    asked = subprocess.run(
        [sys.executable, "-m", "bot.cli", "ask", "Hallo", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert asked.returncode == 0 and '"greet"' in asked.stdout

    var = Path(env["WEGWEISER_VAR_DIR"])
    assert stat.S_IMODE(var.stat().st_mode) == 0o700
    for path in (var / "wegweiser.db", var / "tracker.db", var / "log" / "rasa.log", var / "secret.key"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path

    # A part that crashes is started again by itself; the others keep running.
    actions = f"http://127.0.0.1:{env['WEGWEISER_ACTIONS_PORT']}"
    pids = _pids_of(f"actions.server --port {env['WEGWEISER_ACTIONS_PORT']}")
    os.killpg(os.getpgid(pids[0]), signal.SIGKILL)  # its own process group (Sanic's worker too)
    crashed = time.monotonic()
    restarted = _read_until(process, "Action server restarted", timeout=60)
    assert "Action server stopped (killed by signal SIGKILL); restarting in 1 s" in restarted
    while not _healthy(actions):
        assert time.monotonic() - crashed < 30, "the action server did not come back within 30 s"
        time.sleep(0.5)

    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) == 0
    for port in ("WEGWEISER_RASA_PORT", "WEGWEISER_ACTIONS_PORT", "WEGWEISER_WEB_PORT"):
        with socket.socket() as probe:
            assert probe.connect_ex(("127.0.0.1", int(env[port]))) != 0, f"{port} still served"


def test_up_names_the_part_that_died_and_why(tmp_path: Path, trained_model: ModelInfo) -> None:
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        env = _env(tmp_path, trained_model, WEGWEISER_WEB_PORT=str(blocker.getsockname()[1]))
        with _start(env) as process:
            try:
                output, _ = process.communicate(timeout=300)
            finally:
                if process.poll() is None:
                    process.kill()
    assert process.returncode == 1
    assert "Web app" in output and "stopped" in output
    assert "address already in use" in output.lower()
    assert "Stopped." in output
