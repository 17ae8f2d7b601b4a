"""Migrations 0003 and 0004 build the staff tables on SQLite and PostgreSQL; the staff rules hold on both."""

from __future__ import annotations

import warnings
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

import bot.db.models  # noqa: F401  (registers every table)
from bot.content.answer_editing import EditConflict, TextKey, save_text
from bot.content.usage import increment
from bot.content.usage_report import last_weeks, usage_report
from bot.db.base import Base
from bot.db.migrate import alembic_config, upgrade
from bot.db.models import Role
from bot.db.session import get_engine, session_scope
from bot.staff.accounts import Scope, create_user
from bot.staff.audit import CLI, recent
from bot.staff.login import FREE_FAILURES, Outcome, attempt_login

STAFF_TABLES = {"staff_users", "staff_languages", "audit_log", "login_attempts"}
PASSWORD = "correct horse battery staple"


def schema_differences(url: str) -> list[object]:
    with get_engine(url).connect() as connection, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # expression indexes cannot be reflected
        return list(compare_metadata(MigrationContext.configure(connection), Base.metadata))


def round_trip(url: str) -> None:
    upgrade(url)
    assert set(inspect(get_engine(url)).get_table_names()) >= STAFF_TABLES
    assert schema_differences(url) == []
    command.downgrade(alembic_config(url), "0002_directory")
    assert not STAFF_TABLES & set(inspect(get_engine(url)).get_table_names())
    upgrade(url)
    assert schema_differences(url) == []


def staff_rules_hold(url: str) -> None:
    upgrade(url)
    now = datetime.now(UTC)
    with session_scope(url) as session:
        create_user(
            session, actor=CLI, username="amira", password=PASSWORD, role=Role.TRANSLATOR,
            scope=Scope(languages=["ar"]),
        )  # fmt: skip
    with session_scope(url) as session:
        outcomes = [
            attempt_login(
                session, username="amira", password="wrong", client="c", now=now + timedelta(seconds=n / 10)
            ).outcome
            for n in range(FREE_FAILURES + 1)
        ]
        assert outcomes[-1] is Outcome.WAIT
    with session_scope(url) as session:
        later = now + timedelta(minutes=16)
        assert (
            attempt_login(session, username="amira", password=PASSWORD, client="c", now=later).outcome
            is Outcome.OK
        )
    key = TextKey("health_insurance", "ar", None)
    with session_scope(url) as session:
        save_text(session, actor=CLI, key=key, text="الأول", base_version=0, publish=True)
    with session_scope(url) as session, pytest.raises(EditConflict) as conflict:
        save_text(session, actor=CLI, key=key, text="الثاني", base_version=0, publish=True)
    assert conflict.value.current is not None and conflict.value.current.text == "الأول"
    with session_scope(url) as session:
        increment(session, topic="health_insurance", region="05315", language="ar", when=date.today(), by=3)
        report = usage_report(session, weeks=last_weeks(1))
        assert [str(row.total) for row in report.rows] == ["<5"]
        entries, total = recent(session)
        assert total >= 4 and entries[0].at >= entries[-1].at


def test_sqlite_staff_schema_matches_models_and_downgrades(tmp_path: Path) -> None:
    round_trip(f"sqlite:///{tmp_path / 'db.sqlite'}")


def test_sqlite_staff_rules(tmp_path: Path) -> None:
    staff_rules_hold(f"sqlite:///{tmp_path / 'db.sqlite'}")


@pytest.mark.postgres
def test_postgres_staff_schema_matches_models_and_downgrades(postgres_url: str) -> None:
    round_trip(postgres_url)


@pytest.mark.postgres
def test_postgres_staff_rules(postgres_url: str) -> None:
    staff_rules_hold(postgres_url)
