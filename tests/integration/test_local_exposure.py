"""What a local user on the host, or a client sending by hand, can do to the engine and the actions:
no action without Rasa's token, short errors that echo nothing, no token in the process list, files
for the owner only, and no exact coordinates or phone numbers kept in the tracker store."""

from __future__ import annotations

import json
import stat
import uuid
from pathlib import Path

import httpx
import pytest
from sqlalchemy.engine import make_url

from bot.rasa_client import ACTION_TOKEN_HEADER, ChannelAuth, RasaClient, action_server_token
from tests.auxil.stack import RunningStack
from tests.auxil.telegram_stack import tracker_events

pytestmark = pytest.mark.stack

NAME = "Quirinella Vasskjold"


def action_call(region: object) -> dict[str, object]:
    return {
        "next_action": "action_emergency",
        "sender_id": "tg-local-test",
        "version": "3.6.21",
        "domain": {"intents": ["emergency"], "slots": {}, "responses": {}, "actions": []},
        "tracker": {
            "sender_id": "tg-local-test",
            "slots": {"region": region, "language": NAME},
            "latest_message": {"text": NAME, "intent": {"name": "emergency"}, "entities": []},
            "events": [],
        },
    }


def test_the_action_server_answers_rasa_only(stack: RunningStack) -> None:
    url = f"{stack.settings.actions_url}/webhook"
    token = {ACTION_TOKEN_HEADER: action_server_token(stack.settings)}
    assert httpx.get(f"{stack.settings.actions_url}/health", timeout=10).status_code == 200
    refused = httpx.post(url, json=action_call("05315000"), timeout=10)
    assert refused.status_code == 401 and refused.json() == {"error": "unauthorised"}
    assert httpx.get(f"{stack.settings.actions_url}/actions", timeout=10).status_code == 401

    for body in (b"not json " + NAME.encode(), json.dumps({"x": NAME}).encode(), b"[1, 2]"):
        bad = httpx.post(url, content=body, headers=token, timeout=10)
        assert bad.status_code == 400 and bad.json() == {"error": "bad_request"}

    odd = httpx.post(url, json=action_call({"nested": NAME}), headers=token, timeout=30)
    assert odd.status_code == 200  # a region that is not a region key is ignored
    broken = action_call("05315000")
    broken["tracker"]["latest_message"]["intent"] = NAME  # type: ignore[index]  # the action raises
    failed = httpx.post(url, json=broken, headers=token, timeout=30)
    assert failed.status_code == 500 and failed.json() == {"error": "action_failed"}
    log = stack.log("actions")
    assert "An action failed (AttributeError)" in log
    assert NAME not in log and "Traceback" not in log


def test_no_token_in_the_process_list(stack: RunningStack) -> None:
    api_token = ChannelAuth.from_settings(stack.settings).api_token
    for name in ("rasa", "actions"):
        cmdline = Path(f"/proc/{stack.process(name).pid}/cmdline").read_bytes()
        assert api_token.encode() not in cmdline and b"--auth-token" not in cmdline
        assert action_server_token(stack.settings).encode() not in cmdline


def test_the_stack_writes_for_its_owner_only(stack: RunningStack) -> None:
    tracker = Path(str(make_url(stack.settings.tracker_url or "").database))
    for path in [tracker, *(stack.settings.var / "log").glob("*.log")]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert stat.S_IMODE((stack.settings.var / "log").stat().st_mode) == 0o700


async def test_exact_values_are_not_kept_in_the_tracker(stack: RunningStack) -> None:
    sender = f"tg-{uuid.uuid4().hex}"
    async with RasaClient.from_settings(stack.settings) as client:
        located = await client.send(sender, '/inform_location{"lat":"50.9375312","lon":"6.9603118"}')
        phoned = await client.send(sender, "Meine Nummer ist +49 151 23456789, ich suche eine Wohnung")
        plain = await client.send(
            f"tg-{uuid.uuid4().hex}", "Meine Nummer ist [phone], ich suche eine Wohnung"
        )
    assert located and phoned
    stored = json.dumps(tracker_events(stack, sender))
    assert "50.9375312" not in stored and "6.9603118" not in stored
    assert "23456789" not in stored and "[phone]" in stored
    # The reply was made from what the person wrote: the same as to the scrubbed text.
    assert [m.get("custom", {}).get("intent") for m in phoned if "custom" in m] == [
        m.get("custom", {}).get("intent") for m in plain if "custom" in m
    ]
