"""`wegweiser up` keeps the stack running: a part that crashes is started again, with growing pauses;
everything the stack writes is for its owner only; no secret is on a command line."""

from __future__ import annotations

import itertools
import stat
import sys
import time
from pathlib import Path

import pytest
import yaml

from bot.config import load_settings
from bot.rasa_client import ChannelAuth, action_server_token
from bot.stack import supervisor as supervising
from bot.stack.processes import ProcessSpec, stack
from bot.stack.supervisor import Supervisor, make_private
from tests.auxil.engine import stand_in_engine


def spec(name: str, code: str) -> ProcessSpec:
    return ProcessSpec(
        name=name, title=name, argv=[sys.executable, "-c", code], env={}, ready=lambda: True, where="-"
    )


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def watch_until(supervisor: Supervisor, done: object, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not done():  # type: ignore[operator]
        assert time.monotonic() < deadline, "the supervisor did not get there in time"
        supervisor.restart_crashed()
        time.sleep(0.02)


def test_a_crashed_part_is_restarted_with_growing_pauses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(supervising, "RESTART_PAUSES", (0.2, 0.4, 0.8))
    counter = tmp_path / "starts"
    crashing = spec("crashing", f"open({str(counter)!r}, 'a').write('x'); raise SystemExit(3)")
    steady = spec("steady", "import time; time.sleep(60)")
    said: list[str] = []
    supervisor = Supervisor([crashing, steady], tmp_path / "log", echo=False)
    supervisor.say = said.append  # type: ignore[method-assign]
    supervisor.start()
    try:
        steady_pid = supervisor.running[1].process.pid
        starts: list[float] = []

        def started_four_times() -> bool:
            count = len(counter.read_text()) if counter.exists() else 0
            while len(starts) < count:
                starts.append(time.monotonic())
            return count >= 4

        watch_until(supervisor, started_four_times)
        pauses = [b - a for a, b in itertools.pairwise(starts)]
        assert pauses[0] >= 0.2 and pauses[1] >= 0.4 and pauses[2] >= 0.8  # growing back-off
        assert supervisor.running[1].process.pid == steady_pid  # the others kept running
        assert supervisor.running[1].process.poll() is None
        assert any("crashing stopped (exit code 3); restarting in" in line for line in said)
    finally:
        supervisor.stop()
    assert supervisor.running == []


def test_a_part_that_ran_a_minute_is_restarted_after_the_shortest_pause(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(supervising, "RESTART_PAUSES", (0.1, 5.0))
    monkeypatch.setattr(supervising, "STABLE_SECONDS", 0.3)
    supervisor = Supervisor([spec("late", "import time; time.sleep(0.5)")], tmp_path / "log", echo=False)
    supervisor.start()
    try:
        first = supervisor.running[0].process.pid
        watch_until(supervisor, lambda: supervisor.running[0].process.pid != first)
        assert supervisor.running[0].crashes == 1
    finally:
        supervisor.stop()


def test_what_the_stack_writes_is_private(tmp_path: Path) -> None:
    var = tmp_path / "var"
    var.mkdir(mode=0o755)
    (var / "wegweiser.db").write_text("")
    (var / "wegweiser.db").chmod(0o644)
    make_private(var)
    assert mode(var) == 0o700 and mode(var / "wegweiser.db") == 0o600
    child = spec("writer", f"open({str(var / 'tracker.db')!r}, 'w').write('x')")
    supervisor = Supervisor([child], var / "log", echo=False)
    supervisor.start()
    supervisor.running[0].process.wait(20)
    supervisor.stop()
    assert mode(var / "log") == 0o700
    assert mode(var / "log" / "writer.log") == 0o600
    assert mode(var / "tracker.db") == 0o600  # children run with umask 077


def test_no_secret_on_a_command_line(tmp_path: Path) -> None:
    settings = load_settings(
        var_dir=tmp_path, telegram_bot_token="1:x", engine_venv=stand_in_engine(tmp_path)
    )
    secrets = {ChannelAuth.from_settings(settings).api_token, action_server_token(settings), "1:x"}
    specs = stack(settings, tmp_path / "model.tar.gz")
    for part in specs:
        assert not secrets & set(part.argv), f"{part.name} has a secret in its argv"
    [rasa] = [p for p in specs if p.name == "rasa"]
    assert rasa.env["WEGWEISER_RASA_AUTH_TOKEN"] == ChannelAuth.from_settings(settings).api_token
    endpoints = (tmp_path / "endpoints.yml").read_text()
    assert action_server_token(settings) in endpoints and mode(tmp_path / "endpoints.yml") == 0o600


def test_replicas_are_started_on_their_own_ports_and_pull_the_active_model(tmp_path: Path) -> None:
    settings = load_settings(
        var_dir=tmp_path,
        engine_venv=stand_in_engine(tmp_path),
        rasa_replicas=2,
        rasa_workers=2,
        tracker_store="redis",
        redis_prefix="wegweiserA",
    )
    specs = stack(settings, tmp_path / "model.tar.gz")
    replicas = [p for p in specs if p.name.startswith("rasa")]
    assert [p.name for p in replicas] == ["rasa-1", "rasa-2"]
    assert [p.argv[p.argv.index("--port") + 1] for p in replicas] == ["5005", "5006"]
    assert all(p.env["SANIC_WORKERS"] == "2" for p in replicas)
    endpoints = yaml.safe_load((tmp_path / "endpoints.yml").read_text())
    assert endpoints["tracker_store"]["key_prefix"] == "wegweiserA"
    assert endpoints["tracker_store"]["record_exp"] == settings.session_minutes * 60
    assert endpoints["lock_store"]["type"] == "redis"  # several workers of one replica take turns
    assert endpoints["models"]["url"] == f"{settings.web_url}/engine/model"
    assert endpoints["models"]["wait_time_between_pulls"] == 10


def test_only_a_single_engine_process_keeps_conversations_in_memory(tmp_path: Path) -> None:
    """Kept trackers are checked against the database, but a deletion in one process cannot reach the
    memory of another: with replicas, nothing is kept (engine/wegweiser_engine/tracker_cache.py)."""
    channel = "wegweiser_engine.channel.WegweiserInput"
    single = load_settings(var_dir=tmp_path / "one", engine_venv=stand_in_engine(tmp_path))
    stack(single, tmp_path / "model.tar.gz")
    kept = yaml.safe_load((tmp_path / "one" / "credentials.yml").read_text())[channel]["kept_conversations"]
    assert kept > 0
    shared = load_settings(
        var_dir=tmp_path / "two",
        engine_venv=stand_in_engine(tmp_path),
        rasa_replicas=2,
        tracker_url="postgresql://127.0.0.1/test",
    )
    stack(shared, tmp_path / "model.tar.gz")
    credentials = yaml.safe_load((tmp_path / "two" / "credentials.yml").read_text())
    assert credentials[channel]["kept_conversations"] == 0
