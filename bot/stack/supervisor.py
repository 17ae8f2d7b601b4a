"""Start the stack, wait until every part is healthy, restart a part that crashes, stop all cleanly.

A part that fails to start stops ``wegweiser up`` with its log's last lines (a setup problem a
restart cannot fix). A part that dies later is started again after a pause that grows with each
crash in a row (1, 2, 4, … up to 30 s) and falls back to 1 s once it has run for a minute; the
others keep running, so the Telegram adapter answers from the menu while Rasa comes back.

Everything the stack writes (logs, databases, engine files) is for its owner only: children run
with umask 077, and ``var/`` is kept 0700 (:func:`make_private`).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from bot.config import PROJECT_ROOT
from bot.errors import OperatorError
from bot.stack.processes import ProcessSpec


class StackError(OperatorError):
    """A process of the stack failed to start or stopped; the message names it and shows its log."""


PRIVATE_UMASK = 0o077
RESTART_PAUSES = (1.0, 2.0, 4.0, 8.0, 16.0, 30.0)
STABLE_SECONDS = 60.0
"""A part that has run this long counts as healthy again: its next crash waits 1 s."""


@dataclass
class Running:
    spec: ProcessSpec
    process: subprocess.Popen[bytes]
    log_path: Path
    log: IO[bytes]
    started: float = 0.0
    crashes: int = 0
    restart_at: float | None = None


def make_private(folder: Path) -> None:
    """``folder`` (created if missing) 0700, and every file in it and its sub-folders 0600."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    folder.chmod(0o700)
    for path in folder.rglob("*"):
        try:
            if path.is_symlink():
                continue
            if path.is_dir():
                path.chmod(0o700)
            elif path.stat().st_mode & 0o077:
                path.chmod(path.stat().st_mode & 0o700)
        except OSError:  # a file that vanished meanwhile, or one we do not own: leave it
            continue


def _tail(path: Path, lines: int = 15) -> str:
    try:
        with path.open("rb") as handle:
            return b"".join(deque(handle, maxlen=lines)).decode("utf-8", "replace").rstrip()
    except OSError:
        return "(no log)"


def _describe_exit(code: int) -> str:
    if code < 0:
        try:
            return f"killed by signal {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"


class Supervisor:
    """Owns the child processes; every child runs in its own process group so it can be stopped whole."""

    def __init__(self, specs: list[ProcessSpec], log_dir: Path, echo: bool = True) -> None:
        self.specs = specs
        self.log_dir = log_dir
        self.echo = echo
        self.running: list[Running] = []
        self._stopping = False

    def say(self, text: str) -> None:
        if self.echo:
            print(text, flush=True)

    def start(self) -> None:
        make_private(self.log_dir)
        for spec in self.specs:
            self.running.append(self._launch(spec))
            self.say(f"  starting {spec.title} … (log: {self.log_dir / f'{spec.name}.log'})")

    def _launch(self, spec: ProcessSpec, crashes: int = 0) -> Running:
        log_path = self.log_dir / f"{spec.name}.log"
        fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        log = os.fdopen(fd, "ab")
        process = subprocess.Popen(
            spec.argv,
            env=spec.env,
            cwd=PROJECT_ROOT,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            umask=PRIVATE_UMASK,
        )
        return Running(spec, process, log_path, log, started=time.monotonic(), crashes=crashes)

    def check_alive(self) -> None:
        for run in self.running:
            code = run.process.poll()
            if code is not None:
                raise StackError(
                    f"{run.spec.title} stopped ({_describe_exit(code)}). "
                    f"Last lines of {run.log_path}:\n{_tail(run.log_path)}"
                )

    def wait_ready(self) -> None:
        pending = {run.spec.name: run for run in self.running}
        started = time.monotonic()
        while pending and not self._stopping:
            self.check_alive()
            for name, run in list(pending.items()):
                if run.spec.ready():
                    self.say(f"  ✓ {run.spec.title} ready at {run.spec.where}")
                    del pending[name]
                elif time.monotonic() - started > run.spec.startup_timeout:
                    raise StackError(
                        f"{run.spec.title} did not become ready within {run.spec.startup_timeout:.0f} s. "
                        f"Last lines of {run.log_path}:\n{_tail(run.log_path)}"
                    )
            time.sleep(0.5)

    def watch(self, *, interval: float = 0.5) -> None:
        """Keep the stack running until a signal asks us to stop: restart parts that die."""
        while not self._stopping:
            self.restart_crashed()
            time.sleep(interval)

    def restart_crashed(self) -> None:
        """One round of watching: note parts that died, start those whose pause is over."""
        now = time.monotonic()
        for index, run in enumerate(self.running):
            code = run.process.poll()
            if code is None or self._stopping:
                continue
            if run.restart_at is None:
                crashes = 1 if now - run.started >= STABLE_SECONDS else run.crashes + 1
                pause = RESTART_PAUSES[min(crashes, len(RESTART_PAUSES)) - 1]
                run.crashes, run.restart_at = crashes, now + pause
                self.say(
                    f"  ✗ {run.spec.title} stopped ({_describe_exit(code)}); restarting in {pause:.0f} s. "
                    f"Last lines of {run.log_path}:\n{_tail(run.log_path, 5)}"
                )
            elif now >= run.restart_at:
                run.log.close()
                self.running[index] = self._launch(run.spec, crashes=run.crashes)
                self.say(f"  ↻ {run.spec.title} restarted (crash {run.crashes} in a row).")

    @property
    def stopping(self) -> bool:
        return self._stopping

    def request_stop(self, *_args: object) -> None:
        self._stopping = True

    def stop(self, timeout: float = 15.0) -> None:
        for run in reversed(self.running):
            if run.process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(run.process.pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for run in reversed(self.running):
            remaining = max(0.1, deadline - time.monotonic())
            try:
                run.process.wait(remaining)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(run.process.pid, signal.SIGKILL)
                run.process.wait()
            run.log.close()
        self.running.clear()
