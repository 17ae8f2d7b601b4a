"""Services near a place: which to show, and the reply that lists them.

Nearest first (those speaking the person's language ahead, see :mod:`bot.content.search`). "Talk to a
counsellor" shows only services that counsel — a counselling topic of the registry, or an online
counselling link. When nothing nearby helps with the topic, general social counselling is offered
instead of an empty list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from sqlalchemy.orm import Session

from bot.content.places import Place
from bot.content.search import ServiceHit, services_near
from bot.i18n import messages as m
from bot.i18n import translate
from bot.replies.contract import Button, Message, Meta, Reply, ServiceCard, Text, payload
from bot.replies.menu import ALL_TOPICS, near_me_payload, topic_title
from bot.replies.places import ask_place, kept_value, place_label, place_question, resolve_value
from bot.topics import GENERAL_COUNSELLING, REGISTRY, is_topic

LIMIT: Final = 5
COUNSELLING_POOL: Final = 20
"""How many nearby services to look at to find ``LIMIT`` that counsel."""
COUNSELLING_TOPICS: Final = frozenset(t.name for t in REGISTRY.topics.values() if t.counselling)
"""A service with one of these topics is a counselling service (MBE, JMD, asylum, debt, general)."""


@dataclass(frozen=True)
class Found:
    """What the reply lists and how it introduces it."""

    hits: list[ServiceHit]
    topic: str | None
    general_instead: bool = False


def offers_counselling(hit: ServiceHit) -> bool:
    return bool(hit.online_counselling) or bool(COUNSELLING_TOPICS.intersection(hit.topics))


def searched_topic(topic: str | None) -> str | None:
    """The service topic a search for ``topic`` uses (``None``: every service)."""
    if not is_topic(topic) or topic is None:
        return None
    wanted = REGISTRY.topics[topic].service_topics
    return wanted[0] if wanted else None


def find(session: Session, *, place: Place, topic: str | None, language: str, counselling: bool) -> Found:
    """The services to show, nearest first."""

    def near(wanted: str | None) -> list[ServiceHit]:
        hits = services_near(
            session,
            lat=place.latitude,
            lon=place.longitude,
            topic=wanted,
            language=language,
            limit=COUNSELLING_POOL if counselling else LIMIT,
        )
        if counselling:
            hits = [h for h in hits if offers_counselling(h)]
        return hits[:LIMIT]

    search = searched_topic(topic)
    hits = near(search)
    shown_topic = topic if is_topic(topic) and topic != GENERAL_COUNSELLING else None
    if hits or search is None:
        return Found(hits, shown_topic)
    general = near(GENERAL_COUNSELLING)
    return Found(general, shown_topic, general_instead=bool(general))


def intro(language: str, *, found: Found, place: str, counselling: bool) -> str:
    """The line above the cards."""
    if not found.hits:
        return translate(language, m.NO_SERVICES_NEAR, place=place)
    title = topic_title(language, found.topic) if found.topic else None
    if found.general_instead and title:
        return translate(language, m.SERVICES_GENERAL_INSTEAD, topic=title, place=place)
    if counselling:
        if title:
            return translate(language, m.COUNSELLING_INTRO, topic=title, place=place)
        return translate(language, m.COUNSELLING_INTRO_ALL, place=place)
    if title:
        return translate(language, m.SERVICES_INTRO, topic=title, place=place)
    return translate(language, m.SERVICES_INTRO_ALL, place=place)


def after_buttons(language: str, *, topic: str | None, counselling: bool) -> tuple[Button, ...]:
    """Under the list: a counsellor (unless shown already), another place, other topics."""
    buttons = []
    if not counselling:
        buttons.append(
            Button(translate(language, m.BUTTON_COUNSELLOR), near_me_payload(topic, counselling=True))
        )
    buttons.append(Button(translate(language, m.BUTTON_OTHER_PLACE), payload("inform_location")))
    buttons.append(Button(translate(language, m.BUTTON_OTHER_TOPICS), ALL_TOPICS))
    return tuple(buttons)


def service_list(language: str, *, found: Found, place_name: str, counselling: bool) -> tuple[Message, ...]:
    """The intro, one card per service, then what next (with the demo note where it applies)."""
    closing = [m.DEMO_NOTE] if any(h.demo for h in found.hits) else []
    return (
        Text(intro(language, found=found, place=place_name, counselling=counselling)),
        *(ServiceCard(ServiceCard.payload_of(hit)) for hit in found.hits),
        Text(
            "\n".join(translate(language, line) for line in [*closing, m.NEXT_STEPS]),
            after_buttons(language, topic=found.topic, counselling=counselling),
        ),
    )


@dataclass(frozen=True)
class Listed:
    """A search that was made: the reply, and what is kept of the place (its value and region)."""

    messages: tuple[Message, ...]
    value: str | None
    region: str | None
    topic: str | None


def services_at(
    session: Session, *, value: str, topic: str | None, language: str, counselling: bool
) -> Listed:
    """The services near a place given as a kept value or typed text, or the question back.

    Found: the list. Ambiguous: the candidates as buttons. Unknown or empty: said so, asked again.
    """
    resolution = resolve_value(session, value) if value.strip() else None
    place = resolution.place if resolution else None
    if place is None:
        question = place_question(language, resolution, value) if resolution else ()
        return Listed(
            (*question, *ask_place(language, topic=topic, counselling=counselling, text=not question)),
            None,
            None,
            topic,
        )
    kept = kept_value(value, place)
    found = find(session, place=place, topic=topic, language=language, counselling=counselling)
    label = place_label(language, kept, place)
    return Listed(
        service_list(language, found=found, place_name=label, counselling=counselling),
        kept,
        place.ags,
        found.topic,
    )


def services_reply(
    session: Session,
    *,
    value: str,
    topic: str | None,
    language: str,
    counselling: bool,
    intent: str | None = "inform_location",
    degraded: bool = False,
) -> Reply:
    """:func:`services_at` as a whole reply (the outage mode's path; the actions send the parts)."""
    listed = services_at(session, value=value, topic=topic, language=language, counselling=counselling)
    meta = Meta(language, intent, topic=topic if is_topic(topic) else None, degraded=degraded)
    return Reply(meta, listed.messages)
