"""Start the stack, wait until every part is healthy, stop all cleanly, and say which part died and why."""

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


@dataclass
class Running:
    spec: ProcessSpec
    process: subprocess.Popen[bytes]
    log_path: Path
    log: IO[bytes]


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
        self.log_dir.mkdir(parents=True, exist_ok=True)
        for spec in self.specs:
            log_path = self.log_dir / f"{spec.name}.log"
            log = log_path.open("ab")
            process = subprocess.Popen(
                spec.argv,
                env=spec.env,
                cwd=PROJECT_ROOT,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            self.running.append(Running(spec, process, log_path, log))
            self.say(f"  starting {spec.title} … (log: {log_path})")

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

    def watch(self) -> None:
        """Block until a child dies (raises) or a signal asks us to stop."""
        while not self._stopping:
            self.check_alive()
            time.sleep(0.5)

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
