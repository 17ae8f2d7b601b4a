"""Conversations expire: the tracker keeps a conversation only for the session, /delete removes it
at once — on SQLite, PostgreSQL and Redis, with Rasa's own tracker stores and our channel's code."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import psycopg
import pytest
import redis

from bot.config import Settings, load_settings
from tests.auxil.engine import run_engine_script

SESSION = 30 * 60
CONVERSATIONS = {
    "tg-silent-for-an-hour": 3600,
    "tg-silent-for-31-minutes": 31 * 60,
    "tg-still-talking": 60,
    "tg-asked-to-delete": 120,
}
STILL_THERE = ["tg-still-talking"]


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return load_settings(var_dir=tmp_path_factory.mktemp("expiry"))


def job(store: str, **config: object) -> dict[str, object]:
    return {
        "store": store,
        store: config,
        "conversations": CONVERSATIONS,
        "max_age_seconds": SESSION,
        "delete": "tg-asked-to-delete",
    }


def test_sqlite_tracker_forgets_silent_and_deleted_conversations(settings: Settings) -> None:
    result = run_engine_script(
        settings, "tracker_expiry", job("sql", dialect="sqlite", db=str(settings.var / "t.db"))
    )
    assert result["remaining"] == STILL_THERE
    assert result["purged"] == 2 * 3  # three events in each of the two silent conversations


@pytest.fixture
def postgres_database() -> Iterator[str]:
    name = f"wegweiser_expiry_{uuid.uuid4().hex[:12]}"
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.postgres
def test_postgres_tracker_forgets_silent_and_deleted_conversations(
    settings: Settings, postgres_database: str
) -> None:
    config = {
        "dialect": "postgresql",
        "host": "127.0.0.1",
        "port": 5432,
        "db": postgres_database,
        "username": "postgres",
        "password": "",
    }
    result = run_engine_script(settings, "tracker_expiry", job("sql", **config))
    assert result["remaining"] == STILL_THERE
    assert result["purged"] == 6


@pytest.mark.redis
def test_redis_tracker_expires_by_itself_and_deletes_at_once(settings: Settings) -> None:
    prefix = f"wegtest{uuid.uuid4().hex[:10]}"
    config = {"host": "127.0.0.1", "port": 6379, "db": 0, "record_exp": SESSION, "key_prefix": prefix}
    try:
        result = run_engine_script(settings, "tracker_expiry", job("redis", **config))
    finally:
        client = redis.Redis(host="127.0.0.1", port=6379, db=0)
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)
    assert all(SESSION - 60 < ttl <= SESSION for ttl in result["ttl"].values())
    assert "tg-asked-to-delete" not in result["remaining"]
    assert result["purged"] == 0  # Redis needs no purge job: every record carries its TTL
