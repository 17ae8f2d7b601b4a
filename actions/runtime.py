"""What every action needs from the app: settings, a database session and the anonymous counters.

Settings and the engine are created on first use, never at import.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cache

from rasa_sdk import Tracker
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bot.config import Settings, load_settings
from bot.content.usage import increment
from bot.db.session import session_scope
from bot.staff.preview import shows_drafts

logger = logging.getLogger(__name__)


@cache
def settings() -> Settings:
    return load_settings()


@contextmanager
def database() -> Iterator[Session]:
    with session_scope(settings().db_url) as session:
        yield session


def region_of(tracker: Tracker) -> str | None:
    """The ``region`` slot when it is a region key (digits); anything else a client sent is ignored."""
    region = tracker.get_slot("region")
    return region if isinstance(region, str) and region.isdigit() and len(region) <= 12 else None


def count_use(tracker: Tracker, *, topic: str, region: str | None, language: str) -> None:
    """Count one question: topic × region × language × ISO week, nothing about the person.

    Staff testing drafts in their preview chat are not counted: the report shows what people ask.
    A failing counter must never cost the person their answer (least of all the emergency
    numbers), so database errors are logged — without any text of the conversation — and dropped.
    """
    metadata = tracker.latest_message.get("metadata") or {}
    if isinstance(metadata, dict) and shows_drafts(settings(), tracker.sender_id, metadata):
        return
    try:
        with database() as session:
            increment(
                session,
                topic=topic,
                region=region if isinstance(region, str) and region.isdigit() else None,
                language=language,
                when=datetime.now(UTC),
            )
    except SQLAlchemyError as exc:
        logger.warning("Could not count a question (%s); the answer was sent.", type(exc).__name__)
