"""The consent question of the question inbox, and its two answers.

Asked once per conversation after "not understood", "something else" or an other-need reply. Only the
"Yes" button consents (a typed "yes" is an ordinary reply): its payload names the consent.
"""

from __future__ import annotations

from typing import Final

from bot.i18n import messages as m
from bot.i18n import translate
from bot.replies.contract import Button, Meta, Reply, Text, payload
from bot.replies.menu import ALL_TOPICS, counsellor_button

CONSENT_ENTITY: Final = "consent"
INBOX: Final = "inbox"
YES: Final = payload("affirm", **{CONSENT_ENTITY: INBOX})
NO: Final = payload("deny", **{CONSENT_ENTITY: INBOX})


def consent_question(language: str) -> Text:
    """ "May we keep your question …?" [Yes] [No] — added under the reply that could not help."""
    return Text(
        translate(language, m.INBOX_ASK),
        (Button(translate(language, m.BUTTON_YES), YES), Button(translate(language, m.BUTTON_NO), NO)),
    )


def with_consent_question(reply: Reply) -> Reply:
    return Reply(reply.meta, (*reply.messages, consent_question(reply.meta.language)))


def consent_answer(language: str, *, kept: bool) -> Reply:
    """The answer to the consent buttons; the way on is the same either way."""
    text = translate(language, m.INBOX_KEPT if kept else m.INBOX_NOT_KEPT)
    buttons = (counsellor_button(language), Button(translate(language, m.BUTTON_OTHER_TOPICS), ALL_TOPICS))
    return Reply(Meta(language, "affirm" if kept else "deny"), (Text(text, buttons),))
