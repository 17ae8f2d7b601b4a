"""Issue 2, item 7: through a local Bot API server, a person sends /start and a question and gets
the answer in their chat; their Telegram id, first name and username appear nowhere."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.content.answers import resolve_answer
from bot.db.session import session_scope
from tests.auxil.privacy import integer_forms, text_forms, traces
from tests.auxil.stack import RunningStack
from tests.auxil.telegram_server import TelegramUser
from tests.auxil.telegram_stack import RunningAdapter

pytestmark = pytest.mark.stack


def published(stack: RunningStack, topic: str, language: str) -> str:
    with session_scope(stack.settings.db_url) as session:
        answer = resolve_answer(session, topic=topic, language=language)
    assert answer is not None
    return answer.text.strip()


def test_start_and_a_question_are_answered_and_leave_no_identity(
    stack: RunningStack, adapter: RunningAdapter, new_user: Callable[..., TelegramUser]
) -> None:
    user = new_user("de", first_name="Jovanka", last_name="Pereszlényi", username="jp_wegtest_93")
    user.send("/start")
    greeting = user.replies()
    assert len(greeting) == 1
    picker = [title for row in greeting[0].buttons for title, _ in row]
    assert "✓ Deutsch" in picker and "العربية" in picker

    user.send("Wie bekomme ich eine Krankenversicherung?")
    [answer] = user.replies()
    expected = published(stack, "health_insurance", "de")
    assert expected.split("\n\n")[0] in answer.text
    assert any(data.startswith("/find_service") for row in answer.buttons for _, data in row)

    roots = [stack.settings.var, stack.settings.models]
    needles = {
        "user id": integer_forms(user.user_id),
        "first name": text_forms(user.first_name),
        "last name": text_forms(user.last_name),
        "username": text_forms(user.username),
    }
    assert traces(roots, needles) == []
    assert "Krankenversicherung" not in adapter.log()  # no message text in the adapter's log
