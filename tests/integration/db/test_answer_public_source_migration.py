"""Migration 0004 adds answers.public_source: existing answers keep their text and show no source name."""

from __future__ import annotations

import warnings
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

import bot.db.models  # noqa: F401  (registers every table)
from bot.db.base import Base
from bot.db.migrate import alembic_config, upgrade
from bot.db.session import get_engine


def columns(url: str) -> set[str]:
    return {c["name"] for c in inspect(get_engine(url)).get_columns("answers")}


def test_sqlite_public_source_column_round_trip(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'wegweiser.db'}"
    command.upgrade(alembic_config(url), "0003_staff")
    with get_engine(url).begin() as connection:
        connection.execute(
            text(
                "INSERT INTO answers"
                " (topic, language, version, text, status, reference, minor_edit, created_at)"
                " VALUES ('language_course', 'de', 1, 'Fragen Sie das BAMF.', 'published', '', 0,"
                " '2026-11-25 00:00:00')"
            )
        )
    upgrade(url)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert "public_source" in columns(url)
    with get_engine(url).connect() as connection, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # expression indexes cannot be reflected
        assert list(compare_metadata(MigrationContext.configure(connection), Base.metadata)) == []
        row = connection.execute(text("SELECT text, public_source FROM answers")).one()
    assert tuple(row) == ("Fragen Sie das BAMF.", None)
    command.downgrade(alembic_config(url), "0003_staff")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # expression indexes cannot be reflected
        assert "public_source" not in columns(url)
        indexes = {i["name"] for i in inspect(get_engine(url)).get_indexes("answers")}
    assert "ix_answers_lookup" in indexes
