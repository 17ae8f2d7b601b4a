"""The question inbox in the conversation: remember the unanswered question, ask once, keep on "Yes".

The question waits in a slot, already scrubbed, only until the consent buttons are answered (slots
live as long as the conversation). On "Yes" it is written with language, the model's guess, the ISO
week and the district key (:func:`bot.content.inbox.keep`); nothing else about the conversation.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.conversation import metadata_of, send
from actions.runtime import database, settings
from bot.content.inbox import keep
from bot.content.scrub import scrub
from bot.replies.contract import Reply
from bot.replies.inbox import consent_answer, with_consent_question
from bot.staff.preview import shows_drafts

TEXT_SLOT = "inbox_text"
GUESS_SLOT = "inbox_guess"
ASKED_SLOT = "inbox_asked"
REGION_SLOT = "region"

logger = logging.getLogger(__name__)


def remembered(tracker: Tracker, ranking: Sequence[tuple[str, float]]) -> list[EventType]:
    """Slots holding this message (scrubbed) and the model's best guess; none for a button press."""
    text = str(tracker.latest_message.get("text") or "").strip()
    if not text or text.startswith("/"):
        return []
    best = next(((name, c) for name, c in ranking if name != "nlu_fallback"), None)
    guess = f"{best[0]} {best[1]:.2f}" if best else None
    return [SlotSet(TEXT_SLOT, scrub(text)), SlotSet(GUESS_SLOT, guess)]


def ask_once(tracker: Tracker, reply: Reply, remembering: list[EventType]) -> tuple[Reply, list[EventType]]:
    """The reply with the consent question under it, the first time there is a question to keep."""
    has_text = bool(remembering) or bool(tracker.get_slot(TEXT_SLOT))
    if tracker.get_slot(ASKED_SLOT) or not has_text:
        return reply, remembering
    return with_consent_question(reply), [*remembering, SlotSet(ASKED_SLOT, True)]


def answer_consent(
    dispatcher: CollectingDispatcher, tracker: Tracker, *, language: str, yes: bool
) -> list[EventType]:
    """Keep the waiting question on "Yes" (not from a staff preview chat); forget it either way."""
    text = tracker.get_slot(TEXT_SLOT)
    kept = False
    if yes and text and not shows_drafts(settings(), tracker.sender_id, metadata_of(tracker)):
        predicted, _, confidence = str(tracker.get_slot(GUESS_SLOT) or "").partition(" ")
        try:
            with database() as session:
                kept = (
                    keep(
                        session,
                        text=str(text),
                        language=language,
                        predicted=predicted or None,
                        confidence=float(confidence or 0.0),
                        region=tracker.get_slot(REGION_SLOT),
                        when=datetime.now(UTC),
                    )
                    is not None
                )
        except (SQLAlchemyError, ValueError) as exc:
            logger.warning("Could not keep a question (%s).", type(exc).__name__)
    send(dispatcher, tracker, consent_answer(language, kept=kept))
    return [SlotSet(TEXT_SLOT, None), SlotSet(GUESS_SLOT, None)]
