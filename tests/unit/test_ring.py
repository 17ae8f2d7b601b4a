"""The hash ring: a conversation keeps its replica, shares are even, and a change moves few conversations."""

from __future__ import annotations

from collections import Counter

from bot.ring import HashRing

REPLICAS = [f"http://127.0.0.1:{5005 + i}" for i in range(3)]
SENDERS = [f"tg-{n:032x}" for n in range(6000)]


def test_every_client_routes_a_conversation_to_the_same_replica() -> None:
    first, second = HashRing(REPLICAS), HashRing(list(reversed(REPLICAS)))
    assert all(first.node(sender) == second.node(sender) for sender in SENDERS[:500])


def test_each_replica_gets_a_fair_share() -> None:
    shares = Counter(HashRing(REPLICAS).node(sender) for sender in SENDERS)
    assert set(shares) == set(REPLICAS)
    assert all(0.2 < count / len(SENDERS) < 0.47 for count in shares.values()), shares


def test_the_order_names_every_replica_once_own_replica_first() -> None:
    ring = HashRing(REPLICAS)
    for sender in SENDERS[:200]:
        order = ring.order(sender)
        assert sorted(order) == sorted(REPLICAS) and order[0] == ring.node(sender)


def test_losing_a_replica_moves_only_its_conversations_to_their_next_one() -> None:
    full, without = HashRing(REPLICAS), HashRing(REPLICAS[:2])
    for sender in SENDERS[:1000]:
        order = full.order(sender)
        expected = order[1] if order[0] == REPLICAS[2] else order[0]
        assert without.node(sender) == expected


def test_adding_a_replica_moves_about_a_quarter() -> None:
    before, after = HashRing(REPLICAS), HashRing([*REPLICAS, "http://127.0.0.1:5008"])
    moved = sum(before.node(sender) != after.node(sender) for sender in SENDERS) / len(SENDERS)
    assert 0.1 < moved < 0.4, moved
