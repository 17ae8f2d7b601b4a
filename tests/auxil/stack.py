"""The real stack for tests: a trained model, Rasa and the action server as processes, a real database.

The model is trained once from the project's own data and cached under ``var/test-models`` by its data
fingerprint (a file lock keeps parallel test runs from training twice). Each test session gets its own
ports, database and var folder.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.config import PROJECT_ROOT, Settings, load_settings
from bot.content.seed import seed
from bot.engine.models import ModelInfo, ModelRegistry
from bot.engine.runtime import write_engine_files
from bot.engine.train import fingerprint, train
from bot.stack.processes import ProcessSpec, actions_process, app_env, rasa_process, web_process
from bot.stack.supervisor import Running, Supervisor
from tests.auxil.ports import free_port

# Several checkouts (worktrees) may share trained test models: WEGWEISER_TEST_MODELS points to one folder.
TEST_MODELS = Path(os.environ.get("WEGWEISER_TEST_MODELS") or PROJECT_ROOT / "var" / "test-models")


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def trained_project_model() -> ModelInfo:
    """The model ``make run`` would train from the project data, trained at most once per data state."""
    settings = load_settings(models_dir=TEST_MODELS, var_dir=TEST_MODELS / "var")
    with _file_lock(TEST_MODELS / ".lock"):
        existing = ModelRegistry(TEST_MODELS).find_fingerprint(fingerprint(settings.home))
        if existing is not None:
            return existing
        return train(settings, activate=True, echo=lambda line: None).model


def stack_settings(var: Path, **overrides: Any) -> Settings:
    """Settings for an isolated stack in ``var`` on free ports."""
    values: dict[str, Any] = {
        "var_dir": var,
        "models_dir": TEST_MODELS,
        "database_url": f"sqlite:///{var / 'wegweiser.db'}",
        "tracker_url": f"sqlite:///{var / 'tracker.db'}",
        "rasa_port": free_port(),
        "actions_port": free_port(),
        "web_port": free_port(),
        "telegram_bot_token": None,
    }
    values.update(overrides)
    return load_settings(**values)


@dataclass
class RunningStack:
    settings: Settings
    supervisor: Supervisor

    @property
    def env(self) -> dict[str, str]:
        """Environment for a CLI subprocess that talks to this stack."""
        env = app_env(self.settings)
        env["WEGWEISER_TRACKER_URL"] = self.settings.tracker_url or ""
        env["WEGWEISER_ENV_FILE"] = "/nonexistent"
        return env

    def cli(
        self, *args: str, check: bool = True, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        """Run the ``wegweiser`` command against this stack (``env`` overrides variables)."""
        return subprocess.run(
            [sys.executable, "-m", "bot.cli", *args],
            env=self.env | (env or {}),
            capture_output=True,
            text=True,
            check=check,
            timeout=300,
        )

    def spec(self, name: str) -> ProcessSpec:
        for run in self.supervisor.running:
            if run.spec.name == name:
                return run.spec
        raise KeyError(name)

    @contextmanager
    def action_server_on(self, database_url: str) -> Iterator[RunningStack]:
        """This stack with its action server reading and writing another content database.

        Yields the stack as seen with that database (its settings name it); afterwards the action
        server is started again on the stack's own database.
        """
        env = self.spec("actions").env
        own = env["WEGWEISER_DATABASE_URL"]
        env["WEGWEISER_DATABASE_URL"] = database_url
        try:
            self.restart("actions")
            yield RunningStack(
                self.settings.model_copy(update={"database_url": database_url}), self.supervisor
            )
        finally:
            env["WEGWEISER_DATABASE_URL"] = own
            self.restart("actions")

    @contextmanager
    def rasa_tracker_on(self, tracker_url: str) -> Iterator[RunningStack]:
        """This stack with Rasa keeping its conversations in another tracker store database.

        Rasa's ``endpoints.yml`` names the store, so it is written again and Rasa restarted;
        afterwards both are back on the stack's own tracker store.
        """
        own = self.settings
        moved = own.model_copy(update={"tracker_url": tracker_url})
        write_engine_files(moved)
        try:
            self.restart("rasa")
            yield RunningStack(moved, self.supervisor)
        finally:
            write_engine_files(own)
            self.restart("rasa")

    def process(self, name: str) -> subprocess.Popen[bytes]:
        for run in self.supervisor.running:
            if run.spec.name == name:
                return run.process
        raise KeyError(name)

    def log(self, name: str) -> str:
        return (self.settings.var / "log" / f"{name}.log").read_text(errors="replace")

    def kill(self, name: str) -> None:
        """Kill one process of the stack at once (SIGKILL), as a crash would."""
        process = self.process(name)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def restart(self, name: str) -> None:
        """Start a killed (or running) process of the stack again and wait until it is ready."""
        for index, run in enumerate(self.supervisor.running):
            if run.spec.name != name:
                continue
            if run.process.poll() is None:
                self.kill(name)
            run.log.close()
            log = run.log_path.open("ab")
            process = subprocess.Popen(
                run.spec.argv,
                env=run.spec.env,
                cwd=PROJECT_ROOT,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            self.supervisor.running[index] = Running(run.spec, process, run.log_path, log)
            # Three times the start-up bound of `wegweiser up`: a shared test machine under load needs
            # more than a minute to import the action server; the tests are not about start-up time.
            deadline = time.monotonic() + 3 * run.spec.startup_timeout
            while not run.spec.ready():
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{name} did not come back; see {run.log_path}")
                time.sleep(0.5)
            return
        raise KeyError(name)


def start_stack(settings: Settings, model: ModelInfo, *, web: bool = True) -> RunningStack:
    """Seed the database and start the action server, Rasa (and the web app); wait until ready."""
    os.environ.setdefault("WEGWEISER_ENV_FILE", "/nonexistent")
    seed(settings, echo=lambda line: None)
    specs: list[ProcessSpec] = [actions_process(settings)]
    if web:
        specs.append(web_process(settings))
    specs += [rasa_process(settings, model.path, index) for index in range(settings.rasa_replicas)]
    for spec in specs:
        spec.env["WEGWEISER_TRACKER_URL"] = settings.tracker_url or ""
        spec.env["WEGWEISER_ENV_FILE"] = "/nonexistent"
    supervisor = Supervisor(specs, settings.var / "log", echo=False)
    supervisor.start()
    try:
        supervisor.wait_ready()
    except BaseException:
        supervisor.stop()
        raise
    return RunningStack(settings, supervisor)
