"""Free TCP ports, so several test runs (and a running `make run`) never collide."""

from __future__ import annotations

import socket

_HANDED_OUT: set[int] = set()
"""Ports this process was given: the system may offer a port again once its probe socket is closed,
and two parts of one stack on the same port fail at start (seen: web and Rasa port the same)."""


def free_port() -> int:
    for _attempt in range(100):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind(("127.0.0.1", 0))
            port: int = sock.getsockname()[1]
        if port not in _HANDED_OUT:
            _HANDED_OUT.add(port)
            return port
    raise RuntimeError("the system keeps offering ports this test run already uses")


def free_ports_in_a_row(count: int) -> int:
    """The first of ``count`` consecutive free ports (Rasa replicas listen on ``rasa_port + i``)."""
    for _attempt in range(50):
        first = free_port()
        if first + count > 65535:
            continue
        sockets = []
        try:
            for port in range(first, first + count):
                sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                sockets.append(sock)
                sock.bind(("127.0.0.1", port))
        except OSError:
            continue
        finally:
            for sock in sockets:
                sock.close()
        return first
    raise RuntimeError(f"no {count} free ports in a row")
