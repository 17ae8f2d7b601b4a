"""``action_find_services``: nearby services for the current topic, nearest first.

Runs when ``find_services_form`` has a place (``actions/place.py``). The reply: a short intro, one
``service_card`` per service (``ServiceHit.as_card()``), then buttons. With "talk to a counsellor"
(``service_kind`` = ``counsel``) only services that counsel — a counselling service of the welfare
associations, or one with an online counselling link — are shown. When nothing nearby helps with the
topic, general social counselling (``find_service``) is offered instead of an empty list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions.conversation import (
    COUNSEL,
    conversation_language,
    intent_of,
    near_me_payload,
    payload,
    send_meta,
)
from actions.place import PLACE_SLOT, REGION_SLOT, place_label, resolve_slot
from actions.runtime import count_use, database
from bot.content.places import Place
from bot.content.search import ServiceHit, services_near
from bot.i18n import messages as m
from bot.i18n import translate
from bot.topics import is_topic

GENERAL: Final = "find_service"
"""The topic of general social counselling: the fallback when nothing nearby fits the topic."""
COUNSELLING_TOPICS: Final = frozenset(
    {GENERAL, "counselling_migration", "counselling_asylum", "counselling_debt"}
)
"""A service with one of these topics is a counselling service (MBE, JMD, asylum, debt, general)."""
LIMIT: Final = 5
COUNSELLING_POOL: Final = 20
"""How many nearby services to look at to find ``LIMIT`` that counsel."""


@dataclass(frozen=True)
class Found:
    """What the reply lists and how it introduces it."""

    hits: list[ServiceHit]
    topic: str | None
    general_instead: bool = False


def offers_counselling(hit: ServiceHit) -> bool:
    return bool(hit.online_counselling) or bool(COUNSELLING_TOPICS.intersection(hit.topics))


def find(session: Session, *, place: Place, topic: str | None, language: str, counselling: bool) -> Found:
    """The services to show, nearest first (those speaking ``language`` ahead, see search)."""

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

    search_topic = topic if is_topic(topic) and topic != GENERAL else None
    hits = near(search_topic)
    if hits or search_topic is None:
        return Found(hits, search_topic)
    general = near(GENERAL)
    return Found(general, search_topic, general_instead=bool(general))


def intro(language: str, *, found: Found, place: str, counselling: bool) -> str:
    """The line above the cards."""
    if not found.hits:
        return translate(language, m.NO_SERVICES_NEAR, place=place)
    title = translate(language, m.TOPIC_TITLES[found.topic]) if found.topic else None
    if found.general_instead and title:
        return translate(language, m.SERVICES_GENERAL_INSTEAD, topic=title, place=place)
    if counselling:
        if title:
            return translate(language, m.COUNSELLING_INTRO, topic=title, place=place)
        return translate(language, m.COUNSELLING_INTRO_ALL, place=place)
    if title:
        return translate(language, m.SERVICES_INTRO, topic=title, place=place)
    return translate(language, m.SERVICES_INTRO_ALL, place=place)


def after_buttons(language: str, *, topic: str | None, counselling: bool) -> list[dict[str, str]]:
    """Under the list: a counsellor (unless shown already), another place, other topics."""
    buttons = []
    if not counselling:
        buttons.append(
            {
                "title": translate(language, m.BUTTON_COUNSELLOR),
                "payload": near_me_payload(topic, counselling=True),
            }
        )
    buttons.append(
        {"title": translate(language, m.BUTTON_OTHER_PLACE), "payload": payload("inform_location")}
    )
    buttons.append({"title": translate(language, m.BUTTON_OTHER_TOPICS), "payload": "/help"})
    return buttons


class ActionFindServices(Action):
    def name(self) -> str:
        return "action_find_services"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        language = conversation_language(tracker)
        topic = tracker.get_slot("topic")
        topic = topic if is_topic(topic) else None
        counselling = tracker.get_slot("service_kind") == COUNSEL
        value = tracker.get_slot(PLACE_SLOT)
        value = value if isinstance(value, str) else ""
        send_meta(dispatcher, tracker, language=language, intent=intent_of(tracker), topic=topic)
        with database() as session:
            place = resolve_slot(session, value).place if value else None
            found = (
                find(session, place=place, topic=topic, language=language, counselling=counselling)
                if place is not None
                else None
            )
        if place is None or found is None:
            dispatcher.utter_message(json_message={"type": "request_location"})
            dispatcher.utter_message(text=translate(language, m.ASK_PLACE))
            return [SlotSet(PLACE_SLOT, None), SlotSet(REGION_SLOT, None)]
        label = place_label(language, value, place)
        dispatcher.utter_message(text=intro(language, found=found, place=label, counselling=counselling))
        for hit in found.hits:
            dispatcher.utter_message(json_message={"type": "service_card", "service": hit.as_card()})
        closing = [m.DEMO_NOTE] if any(h.demo for h in found.hits) else []
        dispatcher.utter_message(
            text="\n".join(translate(language, line) for line in [*closing, m.NEXT_STEPS]),
            buttons=after_buttons(language, topic=found.topic, counselling=counselling),
        )
        count_use(tracker, topic=found.topic or GENERAL, region=place.ags, language=language)
        return [SlotSet("service_kind", None)]
