"""Questions counted as the bot counts them (anonymous: region × topic × language × ISO week)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from bot.content.usage import increment
from bot.db.session import session_scope

Asked = tuple[str | None, str, str, int]
"""(region key or ``None``, topic, language, how many questions)."""


def count_questions(db_url: str, asked: Iterable[Asked], *, weeks_ago: int = 0) -> None:
    """Count ``asked`` in the week ``weeks_ago`` weeks before this one."""
    when = date.today() - timedelta(weeks=weeks_ago)
    with session_scope(db_url) as session:
        for region, topic, language, times in asked:
            increment(session, topic=topic, region=region, language=language, when=when, by=times)
