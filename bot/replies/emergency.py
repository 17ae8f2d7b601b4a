"""The emergency reply: the crisis lines at once, the right ones first, and ways on (never a dead end).

Each crisis line is one interface string (``bot.i18n.messages.LINE_*``, checked against official
sources: docs/emergency.md). The safety net (:mod:`bot.replies.safety`) says what a message is about;
:data:`LINES` says which lines that category needs. The full emergency reply lists every line, the
category's first; a reply to another question that the net fires on gets the category's lines before
the answer (:func:`with_crisis_lines`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Final

from bot.i18n import messages as m
from bot.i18n import translate
from bot.replies.contract import Button, Meta, Reply, Text, payload
from bot.replies.menu import ALL_TOPICS, near_me_payload, topic_title
from bot.replies.safety import Danger
from bot.topics import is_topic

ALL_LINES: Final = (
    m.LINE_POLICE,
    m.LINE_AMBULANCE,
    m.LINE_DOCTOR,
    m.LINE_VIOLENCE,
    m.LINE_ABUSE,
    m.LINE_PREGNANT,
    m.LINE_SEELSORGE,
    m.LINE_CHILDREN,
)
"""Every crisis line, in the order of the full emergency reply."""

LINES: Final[dict[str, tuple[str, ...]]] = {
    "rape": (m.LINE_POLICE, m.LINE_VIOLENCE, m.LINE_ABUSE),
    "sexual_assault": (m.LINE_POLICE, m.LINE_VIOLENCE, m.LINE_ABUSE),
    "domestic_violence": (m.LINE_POLICE, m.LINE_VIOLENCE),
    "suicide": (m.LINE_AMBULANCE, m.LINE_SEELSORGE, m.LINE_CHILDREN),
    "self_harm": (m.LINE_AMBULANCE, m.LINE_SEELSORGE, m.LINE_CHILDREN),
    "child_abuse": (m.LINE_POLICE, m.LINE_ABUSE, m.LINE_CHILDREN),
    "trafficking": (m.LINE_POLICE, m.LINE_VIOLENCE),
    "forced_work": (m.LINE_POLICE, m.LINE_VIOLENCE),
    "medical": (m.LINE_AMBULANCE, m.LINE_DOCTOR),
    "danger": (m.LINE_POLICE, m.LINE_AMBULANCE),
}
"""Which crisis lines a danger category needs, most important first."""

VIOLENCE_TOPIC: Final = "violence_women"
"""The topic answering violence at home and sexual violence (women's shelters, protection orders)."""
VIOLENCE_CATEGORIES: Final = frozenset(
    {"rape", "sexual_assault", "domestic_violence", "child_abuse", "trafficking", "forced_work"}
)
MENTAL_TOPIC: Final = "health_mental"
WORK_TOPIC: Final = "work_exploitation"
"""The topic answering forced work: counselling for exploited workers (Faire Mobilität, Faire Integration)."""


ROUTE_CATEGORIES: Final[dict[str, tuple[str, ...]]] = {
    VIOLENCE_TOPIC: ("domestic_violence", "rape"),
    WORK_TOPIC: ("forced_work",),
    MENTAL_TOPIC: ("suicide",),
}
"""The crisis lines an ``emergency_route`` topic's answer starts with (others: police and ambulance)."""

ROUTE_COVERS: Final[dict[str, frozenset[str]]] = {
    VIOLENCE_TOPIC: VIOLENCE_CATEGORIES - {"forced_work"},
    WORK_TOPIC: frozenset({"forced_work", "trafficking"}),
    MENTAL_TOPIC: frozenset({"suicide", "self_harm"}),
}
"""The dangers each route topic's answer is about: when the safety net names one of them, its lines fit."""


def lines_for(categories: Iterable[str]) -> tuple[str, ...]:
    """The crisis lines (msgids) the categories need, without repeats, in the categories' order."""
    chosen: list[str] = []
    for category in categories:
        chosen.extend(line for line in LINES.get(category, ()) if line not in chosen)
    return tuple(chosen)


def crisis_text(language: str, lines: Iterable[str]) -> str:
    body = "\n".join(f"- {translate(language, line)}" for line in lines)
    return f"{translate(language, m.EMERGENCY_HEADER)}\n{body}\n{translate(language, m.EMERGENCY_FOOTER)}"


def emergency_buttons(
    language: str, categories: Iterable[str] = (), *, answered: str | None = None
) -> tuple[Button, ...]:
    """The topic that helps on (mental health for suicide and self-harm, exploitation for forced work,
    violence help), a counsellor, services near me, other topics. ``answered``: the topic whose answer
    follows, not offered again."""
    wanted = set(categories)
    topics: list[str] = []
    if wanted & ROUTE_COVERS[MENTAL_TOPIC]:
        topics.append(MENTAL_TOPIC)  # someone who wants to die is offered help for that first
    if "forced_work" in wanted:
        topics.append(WORK_TOPIC)
    topics.append(VIOLENCE_TOPIC)
    buttons = [
        Button(_topic_button(language, topic), payload(topic))
        for topic in topics
        if topic != answered and is_topic(topic)
    ]
    if wanted & ROUTE_COVERS[MENTAL_TOPIC] and is_topic(MENTAL_TOPIC):
        counsel_topic: str | None = MENTAL_TOPIC
    elif wanted & ROUTE_COVERS[VIOLENCE_TOPIC] and is_topic(VIOLENCE_TOPIC):
        counsel_topic = VIOLENCE_TOPIC
    elif "forced_work" in wanted and is_topic(WORK_TOPIC):
        counsel_topic = WORK_TOPIC  # counselling for exploited workers, not a women's shelter
    else:
        counsel_topic = None
    buttons += [
        Button(translate(language, m.BUTTON_COUNSELLOR), near_me_payload(counsel_topic, counselling=True)),
        Button(translate(language, m.BUTTON_NEAR_ME), near_me_payload(counsel_topic)),
        Button(translate(language, m.BUTTON_OTHER_TOPICS), ALL_TOPICS),
    ]
    return tuple(buttons)


def _topic_button(language: str, topic: str) -> str:
    if topic == VIOLENCE_TOPIC:
        return translate(language, m.BUTTON_VIOLENCE_HELP)
    return topic_title(language, topic)


def emergency_reply(
    language: str,
    *,
    intent: str = "emergency",
    degraded: bool = False,
    note: str | None = None,
    danger: Danger | None = None,
) -> Reply:
    """Every crisis line, those of ``danger``'s categories first; ``note`` (an interface string) after
    them, above the buttons."""
    categories = danger.categories if danger else ()
    first = lines_for(categories)
    text = crisis_text(language, (*first, *(line for line in ALL_LINES if line not in first)))
    if note:
        text = f"{text}\n\n{translate(language, note)}"
    meta = Meta(language, intent, degraded=degraded, crisis=True)
    return Reply(meta, (Text(text, emergency_buttons(language, categories)),))


def route_danger(topic: str, found: Danger | None = None) -> Danger:
    """The danger an ``emergency_route`` topic is about (content/topics.yml), for its crisis lines.

    When the safety net found a danger of the topic's own kind in the message, the net's categories
    are the more precise ("my husband hits me": police and the violence line, not the line for
    children's sexual abuse that the topic's rape category adds); otherwise the topic's, then any the
    net found besides.
    """
    own = ROUTE_CATEGORIES.get(topic, ("danger",))
    if not found:
        return Danger(own)
    if set(found.categories) & ROUTE_COVERS.get(topic, frozenset()):
        return found
    return Danger((*own, *(c for c in found.categories if c not in own)), found.languages)


def with_crisis_lines(reply: Reply, danger: Danger) -> Reply:
    """``reply`` with the crisis lines of ``danger`` before it (unchanged if it already has them).

    The lines keep only the ways on that the reply under them does not offer: a phone shows both
    messages' buttons, and the same three twice read as two different choices.
    """
    if not danger or reply.meta.crisis:
        return reply
    offered = {b.payload for message in reply.messages if isinstance(message, Text) for b in message.buttons}
    buttons = emergency_buttons(reply.language, danger.categories, answered=reply.meta.topic)
    block = Text(
        crisis_text(reply.language, lines_for(danger.categories)),
        tuple(b for b in buttons if b.payload not in offered),
    )
    return Reply(replace(reply.meta, crisis=True), (block, *reply.messages))
