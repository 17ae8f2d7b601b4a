"""Answering a topic: the published text for topic × language × region, and the next steps under it.

The same reply for the action server, the Telegram adapter's outage mode and the staff editor's
preview, so what staff preview is what people get.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.content.answers import ResolvedAnswer, resolve_answer
from bot.i18n import messages as m
from bot.i18n import translate
from bot.replies.contract import Button, Meta, Reply, Text, payload
from bot.replies.emergency import route_danger, with_crisis_lines
from bot.replies.menu import next_step_buttons, topic_title
from bot.replies.safety import Danger
from bot.topics import REGISTRY

TRUST_SEPARATOR = " · "


def trust_line(language: str, answer: ResolvedAnswer) -> str | None:
    """The trust line under an answer, e.g. "Checked: 11/2026 · Source: BAMF", in ``language``.

    When staff last checked the answer and, where set, the public body it rests on, so people can judge
    how current it is. ``None`` when the answer has neither.
    """
    parts = []
    if answer.last_reviewed is not None:
        month = f"{answer.last_reviewed.month:02d}/{answer.last_reviewed.year}"
        parts.append(translate(language, m.ANSWER_CHECKED, month=month))
    if answer.public_source:
        parts.append(translate(language, m.ANSWER_SOURCE, source=answer.public_source))
    return TRUST_SEPARATOR.join(parts) or None


def answer_reply(
    language: str,
    topic: str,
    answer: ResolvedAnswer | None,
    *,
    intent: str | None = None,
    also: str | None = None,
    danger: Danger | None = None,
) -> Reply:
    """The reply for ``topic`` given its resolved answer (``None``: no text yet in any language).

    A topic marked ``emergency_route`` in the registry starts with its crisis lines (those of
    ``danger``, what the safety net found in the message, where it is the topic's kind). ``also``: the
    topic the model ranked next (:func:`bot.replies.unsure.also_topic`), offered as a button above
    "other topics".
    """
    fallback = answer is not None and answer.is_language_fallback(language)
    meta = Meta(language, intent or topic, topic=topic, language_fallback=fallback)
    buttons = next_step_buttons(language, topic)
    if also is not None and also != topic:
        title = topic_title(language, also)
        extra = Button(translate(language, m.BUTTON_ALSO_TOPIC, topic=title), payload(also))
        buttons = (*buttons[:-1], extra, buttons[-1])
    if answer is None:
        reply = Reply(meta, (Text(translate(language, m.NO_ANSWER), buttons),))
    else:
        text = answer.text.strip()
        if fallback:
            text = f"{translate(language, m.LANGUAGE_FALLBACK_NOTE)}\n\n{text}"
        trust = trust_line(language, answer)
        if trust:
            text = f"{text}\n\n{trust}"
        reply = Reply(meta, (Text(text, buttons),))
    entry = REGISTRY.topics.get(topic)
    if entry is not None and entry.emergency_route:
        return with_crisis_lines(reply, route_danger(topic, danger))
    return reply


def topic_answer(
    session: Session,
    *,
    topic: str,
    language: str,
    region: str | None = None,
    include_drafts: bool = False,
    also: str | None = None,
    danger: Danger | None = None,
) -> tuple[Reply, ResolvedAnswer | None]:
    """Look the answer up and build its reply; the resolved answer tells callers what was found."""
    answer = resolve_answer(
        session, topic=topic, language=language, region=region or None, include_drafts=include_drafts
    )
    return answer_reply(language, topic, answer, also=also, danger=danger), answer
