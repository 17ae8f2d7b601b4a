"""What staff published for a topic, as the tests expect the bot to show it."""

from __future__ import annotations

from bot.content.answers import ResolvedAnswer, resolve_answer
from bot.db.session import session_scope
from bot.replies.answers import trust_line
from tests.auxil.stack import RunningStack


def published_record(stack: RunningStack, topic: str, language: str) -> ResolvedAnswer:
    """The answer the bot resolves for ``topic`` in ``language`` (as it would reply)."""
    with session_scope(stack.settings.db_url) as session:
        answer = resolve_answer(session, topic=topic, language=language)
    assert answer is not None, (topic, language)
    return answer


def published(stack: RunningStack, topic: str, language: str) -> str:
    """The answer text staff published for ``topic`` (what the bot must show)."""
    return published_record(stack, topic, language).text.strip()


def published_reply(stack: RunningStack, topic: str, language: str) -> str:
    """The published text as a person gets it: the answer, then when it was checked (and its source)."""
    answer = published_record(stack, topic, language)
    assert answer.language == language, (topic, language)
    return f"{answer.text.strip()}\n\n{trust_line(language, answer)}"
