"""Free TCP ports, so several test runs (and a running `make run`) never collide.

Ports come from below the system's ephemeral range: a port the kernel hands out as the source of
an outgoing connection can be taken by any process between our probe and the server's bind (seen
in CI: a Rasa replica found its port in use a second after the probe). Each pytest-xdist worker
draws from its own slice, so two workers of one run never race for the same port either.
"""

from __future__ import annotations

import functools
import os
import random
import socket
from pathlib import Path

_HANDED_OUT: set[int] = set()
"""Ports this process was given: a probe closes its socket, so the same port would pass again, and
two parts of one stack on the same port fail at start (seen: web and Rasa port the same)."""

_LOWEST = 10_000
_SLICES = 8


def _ephemeral_start() -> int:
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32_768


@functools.cache
def _worker_slice() -> range:
    """This process's ports: one slice per xdist worker (gw0, gw1, …), all below the ephemeral range
    (read once: the kernel setting and the worker do not change while a test run lasts)."""
    top = max(_ephemeral_start(), _LOWEST + _SLICES * 100)
    size = (top - _LOWEST) // _SLICES
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    index = int(worker) % _SLICES if worker.isdigit() else 0
    start = _LOWEST + index * size
    return range(start, start + size)


def _bindable(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_ports_in_a_row(count: int) -> int:
    """The first of ``count`` consecutive free ports (Rasa replicas listen on ``rasa_port + i``)."""
    ports = _worker_slice()
    for _attempt in range(500):
        first = random.randrange(ports.start, ports.stop - count)
        row = range(first, first + count)
        if any(port in _HANDED_OUT for port in row):
            continue
        if all(_bindable(port) for port in row):
            _HANDED_OUT.update(row)
            return first
    raise RuntimeError(
        f"no {count} free ports in a row between {ports.start} and {ports.stop}: "
        "stop other servers on this machine or widen the range in tests/auxil/ports.py"
    )


def free_port() -> int:
    return free_ports_in_a_row(1)
