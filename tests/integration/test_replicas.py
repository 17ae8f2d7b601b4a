"""Two Rasa replicas behind the hash ring: a conversation keeps its form when its replica dies and comes
back (its tracker is in Redis), and a model activated in the registry reaches both replicas by the web
app's model server, without anyone telling them."""

from __future__ import annotations

import asyncio
import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis

from bot.engine.models import ModelInfo, ModelRegistry
from bot.rasa_client import ChannelAuth, RasaClient
from bot.ring import HashRing
from tests.auxil.ports import free_ports_in_a_row
from tests.auxil.stack import RunningStack, stack_settings, start_stack

pytestmark = [pytest.mark.stack, pytest.mark.redis]

REDIS_DB = 3
NEAR_ME = '/find_service{"topic":"health_find_doctor"}'


def _own_models(model: ModelInfo, folder: Path) -> Path:
    """Two names for the trained model (hard links, no training), ``first`` active."""
    folder.mkdir()
    for name in ("first", "second"):
        for source in model.path.parent.glob(f"{model.name}.*"):
            os.link(source, folder / source.name.replace(model.name, name, 1))
    ModelRegistry(folder).activate("first")
    return folder


@pytest.fixture(scope="module")
def replicas(trained_model: ModelInfo, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    var = tmp_path_factory.mktemp("replicas")
    prefix = f"wgtest{uuid.uuid4().hex[:10]}"
    settings = stack_settings(
        var,
        rasa_port=free_ports_in_a_row(2),
        rasa_replicas=2,
        tracker_store="redis",
        redis_url=f"redis://127.0.0.1:6379/{REDIS_DB}",
        redis_prefix=prefix,
        models_dir=_own_models(trained_model, var / "models"),
        model_pull_seconds=2,
    )
    running = start_stack(settings, trained_model)
    try:
        yield running
    finally:
        running.supervisor.stop()
        client = redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB)
        for key in client.scan_iter(f"{prefix}*"):
            client.delete(key)


def _send(stack: RunningStack, sender: str, text: str) -> list[dict[str, Any]]:
    async def send() -> list[dict[str, Any]]:
        async with RasaClient.from_settings(stack.settings) as client:
            return await client.send(sender, text, {})

    return asyncio.run(send())


def _kinds(replies: list[dict[str, Any]]) -> list[str]:
    return [(r.get("custom") or {}).get("type", "text") for r in replies]


def test_a_form_survives_when_its_replica_is_killed_and_restarted(replicas: RunningStack) -> None:
    urls = replicas.settings.rasa_urls
    sender = f"tg-replica-{uuid.uuid4().hex[:12]}"
    own = HashRing(urls).node(sender)
    name = f"rasa-{urls.index(own) + 1}"

    asked = _send(replicas, sender, NEAR_ME)
    assert "request_location" in _kinds(asked), asked  # the form asks "where?" on its own replica

    replicas.kill(name)
    # The other replica continues the form from the shared tracker: an unknown place is asked again.
    again = _send(replicas, sender, "Xyzdorfhausen")
    assert "request_location" in _kinds(again) and "service_card" not in _kinds(again), again

    replicas.restart(name)
    # Back on its own replica, still in the same form: the place completes the search it started.
    found = _send(replicas, sender, "Leipzig")
    cards = [r["custom"]["service"] for r in found if _kinds([r]) == ["service_card"]]
    assert cards, found
    assert all("health_find_doctor" in card["topics"] and card["city"] == "Leipzig" for card in cards), cards


def _loaded(url: str, token: str) -> str:
    response = httpx.get(f"{url}/status", params={"token": token}, timeout=30, trust_env=False)
    response.raise_for_status()
    return str(response.json().get("model_file"))


def test_an_activated_model_reaches_every_replica(replicas: RunningStack) -> None:
    token = ChannelAuth.from_settings(replicas.settings).api_token
    urls = replicas.settings.rasa_urls
    registry = ModelRegistry(replicas.settings.models)
    registry.activate("first")
    deadline = time.monotonic() + 120
    while {_loaded(url, token) for url in urls} != {"first.tar.gz"}:
        assert time.monotonic() < deadline, [_loaded(url, token) for url in urls]
        time.sleep(1)

    registry.activate("second")  # only the registry: no replica is told
    deadline = time.monotonic() + 120
    while (loaded := [_loaded(url, token) for url in urls]) != ["second.tar.gz"] * len(urls):
        assert time.monotonic() < deadline, f"not every replica switched: {loaded}"
        time.sleep(1)
    assert _kinds(_send(replicas, f"tg-after-switch-{uuid.uuid4().hex[:8]}", "Hallo"))[0] == "meta"
