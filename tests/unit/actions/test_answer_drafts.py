"""``action_answer`` shows drafts only to a staff preview conversation carrying its keyed flag."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import func, select

from actions import runtime
from actions.answer import ActionAnswer
from bot.config import Settings, load_settings
from bot.content.answers import add_revision
from bot.db.models import AnswerStatus, UsageCount
from bot.db.session import session_scope
from bot.staff.preview import METADATA_KEY, preview_token
from tests.auxil.small_directory import copy_small_directory
from tests.auxil.trackers import tracker, user_message

DRAFT = "Entwurf: noch nicht veröffentlicht."


@pytest.fixture
def small_settings(small_directory: Path, tmp_path: Path) -> Settings:
    var = tmp_path / "var"
    return load_settings(var_dir=var, database_url=copy_small_directory(small_directory, var))


@contextmanager
def with_draft(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """The action server's settings pointed at ``settings``' database, which gets a German draft."""
    monkeypatch.setenv("WEGWEISER_VAR_DIR", str(settings.var))
    monkeypatch.setenv("WEGWEISER_DATABASE_URL", settings.db_url)
    runtime.settings.cache_clear()
    with session_scope(settings.db_url) as session:
        add_revision(session, topic="health_insurance", language="de", text=DRAFT, status=AnswerStatus.DRAFT)
    try:
        yield runtime.settings()
    finally:
        runtime.settings.cache_clear()


async def answer(metadata: dict[str, Any], sender: str) -> str:
    dispatcher = CollectingDispatcher()
    state = tracker(user_message("Krankenkasse?", "health_insurance", metadata=metadata))
    state.sender_id = sender
    await ActionAnswer().run(dispatcher, state, {})
    return "\n".join(m.get("text") or "" for m in dispatcher.messages)


async def test_people_never_get_a_draft(small_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    with with_draft(small_settings, monkeypatch) as settings:
        assert DRAFT not in await answer({"lang_choice": "de"}, "web-1")
        assert DRAFT not in await answer({"lang_choice": "de", METADATA_KEY: True}, "web-1")
        stolen = preview_token(settings, "preview-1")
        assert DRAFT not in await answer({"lang_choice": "de", METADATA_KEY: stolen}, "web-1")


async def test_a_staff_preview_conversation_gets_the_draft(
    small_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    with with_draft(small_settings, monkeypatch) as settings:
        token = preview_token(settings, "preview-1")
        assert DRAFT in await answer({"lang_choice": "de", METADATA_KEY: token}, "preview-1")


def _counted(url: str) -> int:
    with session_scope(url) as session:
        return int(session.scalar(select(func.coalesce(func.sum(UsageCount.count), 0))) or 0)


async def test_staff_previews_are_not_counted_as_questions(
    small_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    with with_draft(small_settings, monkeypatch) as settings:
        before = _counted(settings.db_url)
        await answer({"lang_choice": "de", METADATA_KEY: preview_token(settings, "preview-1")}, "preview-1")
        assert _counted(settings.db_url) == before
        await answer({"lang_choice": "de"}, "web-1")
        assert _counted(settings.db_url) == before + 1
