"""Never a dead end: every reply that lists no services offers "talk to a counsellor"."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.replies.answers import answer_reply
from bot.replies.contract import COUNSEL, Reply, ServiceCard, Text, parse_payload
from bot.replies.emergency import emergency_reply
from bot.replies.fixed import (
    SMALL_TALK,
    apology,
    language_set,
    menu_group,
    not_understood,
    small_talk,
    unsupported_message,
)
from bot.replies.outage import cannot_understand
from bot.replies.unsure import did_you_mean, other_need
from bot.topics import MENU, TOPICS

BUILDERS: list[tuple[str, Callable[[str], Reply]]] = [
    *((f"small talk {i}", lambda lang, i=i: small_talk(lang, i)) for i in SMALL_TALK),
    *((f"menu group {g}", lambda lang, g=g: menu_group(lang, g)) for g in MENU),
    ("menu top", lambda lang: menu_group(lang, "all")),
    ("not understood", not_understood),
    ("did you mean", lambda lang: did_you_mean(lang, ["health_insurance", "health_uninsured"])),
    ("other need", other_need),
    ("apology", apology),
    ("language set", language_set),
    ("unsupported message", unsupported_message),
    ("outage: cannot understand", cannot_understand),
    ("emergency", emergency_reply),
    *((f"no answer yet: {t}", lambda lang, t=t: answer_reply(lang, t, None)) for t in TOPICS),
]
"""Every builder of a reply without service cards (a search's "where?" is a step of a search, and the
language picker comes before any topic: both are left out on purpose)."""


def offers_a_counsellor(reply: Reply) -> bool:
    for message in reply.messages:
        if isinstance(message, Text):
            for button in message.buttons:
                parsed = parse_payload(button.payload)
                if parsed and parsed[0] == "find_service" and parsed[1].get("kind") == COUNSEL:
                    return True
    return False


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize(("name", "build"), BUILDERS, ids=[name for name, _ in BUILDERS])
def test_a_reply_without_services_offers_a_counsellor(
    name: str, build: Callable[[str], Reply], language: str
) -> None:
    reply = build(language)
    assert not any(isinstance(m, ServiceCard) for m in reply.messages)
    assert offers_a_counsellor(reply), name
