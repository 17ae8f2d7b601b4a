"""The web app's health, readiness and metrics, over real HTTP (the engine is not running here)."""

from __future__ import annotations

import re
from pathlib import Path

import httpx

from bot.observability.metrics import fallback_kind, topic_label
from bot.replies.unsure import did_you_mean, not_understood, other_need
from tests.auxil.staff import Site, serve, site_settings


def sample(metrics: str, name: str, **labels: str) -> float:
    """The value of one sample in Prometheus' text format (0 when it is not there yet)."""
    wanted = ",".join(f'{key}="{value}"' for key, value in sorted(labels.items()))
    for line in metrics.splitlines():
        match = re.fullmatch(rf"{name}(?:\{{(.*)\}})? (\S+)", line)
        if match and ",".join(sorted((match.group(1) or "").split(","))) == wanted:
            return float(match.group(2))
    return 0.0


def test_health_readiness_and_metrics_answer(staff_site: Site) -> None:
    with httpx.Client(base_url=staff_site.url, trust_env=False) as client:
        assert client.get("/healthz").json() == {"status": "ok"}
        ready = client.get("/readyz")
        assert ready.status_code == 200
        assert ready.json() == {"ready": True, "checks": {"database": True}}
        metrics = client.get("/metrics")
        assert metrics.status_code == 200
        assert metrics.headers["content-type"].startswith("text/plain")
        assert "# TYPE wegweiser_messages_total counter" in metrics.text
        assert "# TYPE wegweiser_reply_seconds histogram" in metrics.text


def test_metrics_are_not_served_through_a_reverse_proxy(staff_site: Site) -> None:
    with httpx.Client(base_url=staff_site.url, trust_env=False) as client:
        for header in ("X-Forwarded-For", "Forwarded", "X-Real-IP"):
            assert client.get("/metrics", headers={header: "203.0.113.9"}).status_code == 404


def test_not_ready_without_a_reachable_database(tmp_path: Path) -> None:
    unreachable = site_settings(tmp_path, database_url="postgresql://wegweiser@127.0.0.1:1/wegweiser")
    with serve(unreachable) as site, httpx.Client(base_url=site.url, trust_env=False) as client:
        assert client.get("/healthz").status_code == 200  # alive, but …
        ready = client.get("/readyz")
        assert ready.status_code == 503
        assert ready.json() == {"ready": False, "checks": {"database": False}}


def test_not_ready_before_the_database_is_migrated(tmp_path: Path) -> None:
    with serve(site_settings(tmp_path)) as site:  # an empty SQLite file: `wegweiser db upgrade` not run
        response = httpx.get(f"{site.url}/readyz", trust_env=False)
    assert response.status_code == 503


def test_an_outage_reply_is_counted_as_one(staff_site: Site) -> None:
    """Nothing listens on this site's Rasa port: the chat page answers in outage mode, and says so."""
    with httpx.Client(base_url=staff_site.url, trust_env=False) as client:
        before = client.get("/metrics").text
        reply = client.post(
            "/chat/message", json={"text": "Hilfe, ich brauche eine Wohnung", "language": "de"}
        )
        assert reply.status_code == 200
        client.post("/chat/message", json={"text": "Krankenversicherung", "language": "de"})
        after = client.get("/metrics").text
    assert sample(after, "wegweiser_outage_replies_total", language="de") == (
        sample(before, "wegweiser_outage_replies_total", language="de") + 2
    )
    assert sample(after, "wegweiser_engine_available") == 0
    # two messages in a row while the engine is down are one outage, not two
    assert (
        sample(after, "wegweiser_engine_outages_total") - sample(before, "wegweiser_engine_outages_total")
        <= 1
    )
    assert "Wohnung" not in after and "Krankenversicherung" not in after


def test_fallback_kinds_and_topics_come_from_closed_lists() -> None:
    assert fallback_kind(did_you_mean("en", ["health_insurance"])) == "did_you_mean"
    assert fallback_kind(not_understood("ar")) == "not_understood"
    assert fallback_kind(did_you_mean("ar", [])) == "not_understood"
    assert fallback_kind(other_need("uk")) == "other_need"
    assert topic_label(not_understood("de")) == "nlu_fallback"
