"""Which Rasa replica answers a conversation: a consistent-hash ring over the replicas' addresses.

Every client (the Telegram adapter, the chat page, the CLI) asks the same ring, so all messages of one
conversation go to the same replica, whichever worker or machine handles them. Rasa's lock store keeps
one conversation's messages in turn only within a replica; a fixed replica per conversation keeps them
in turn across replicas. When that replica cannot be reached, the conversation moves to the next one
on the ring (its tracker is shared, in Redis or PostgreSQL); the other conversations stay where they
are, and adding a replica moves only about 1/N of them.
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Sequence

POINTS_PER_NODE = 64
"""Virtual points per replica: enough for an even share with a handful of replicas."""


def _point(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")


class HashRing:
    def __init__(self, nodes: Sequence[str], *, points_per_node: int = POINTS_PER_NODE) -> None:
        if not nodes:
            raise ValueError("a ring needs at least one node")
        self.nodes = tuple(dict.fromkeys(nodes))
        ring = sorted(
            (_point(f"{node}#{index}"), node) for node in self.nodes for index in range(points_per_node)
        )
        self._points = [point for point, _node in ring]
        self._owners = [node for _point, node in ring]

    def order(self, key: str) -> list[str]:
        """All nodes in the order ``key`` tries them: its own first, then the next ones on the ring."""
        if len(self.nodes) == 1:
            return list(self.nodes)
        start = bisect.bisect(self._points, _point(key))
        seen: dict[str, None] = {}
        for offset in range(len(self._owners)):
            seen.setdefault(self._owners[(start + offset) % len(self._owners)], None)
            if len(seen) == len(self.nodes):
                break
        return list(seen)

    def node(self, key: str) -> str:
        """The node that owns ``key`` while all are up."""
        return self.order(key)[0]
