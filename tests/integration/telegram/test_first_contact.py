"""Issue 2, item 7: through a local Bot API server, a person sends /start and a question and gets
the answer in their chat; their Telegram id, first name and username appear nowhere."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.auxil.privacy import integer_forms, text_forms, traces
from tests.auxil.published import published
from tests.auxil.stack import RunningStack
from tests.auxil.telegram_server import TelegramUser
from tests.auxil.telegram_stack import RunningAdapter
from tests.integration.telegram.helpers import first_paragraph

pytestmark = pytest.mark.stack


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
    assert first_paragraph(answer.text) == first_paragraph(published(stack, "health_insurance", "de"))
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
