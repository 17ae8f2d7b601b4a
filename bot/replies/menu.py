"""The topic menu: its groups, one group's topics, and the buttons under every answer.

Built from the topic registry (``content/topics.yml``), so a new topic appears here by its row alone.
A group button's payload is ``/help{"menu":"<group>"}`` and the way back ``/help{"menu":"all"}``: every
client sends them on like any button, and the Telegram adapter may answer them itself (it swaps the
keyboard in place, also while the engine is down). "Other topics" under an answer is ``/help``: what
the bot does, with the menu.
"""

from __future__ import annotations

from typing import Final

from bot.i18n import messages as m
from bot.i18n import translate
from bot.replies.contract import COUNSEL, Button, payload
from bot.topics import GENERAL_COUNSELLING, MENU, REGISTRY, is_topic

MENU_ENTITY: Final = "menu"
ALL_TOPICS: Final = payload("help")
TOP_LEVEL: Final = "all"
"""The ``menu`` value of "back to all topics": the top of the menu."""


def group_payload(group: str) -> str:
    return payload("help", **{MENU_ENTITY: group})


def topic_title(language: str, topic: str) -> str:
    return translate(language, REGISTRY.topics[topic].title)


def group_title(language: str, group: str) -> str:
    entry = REGISTRY.groups[group]
    return f"{entry.icon} {translate(language, entry.title)}"


def top_level_topics() -> tuple[str, ...]:
    """Topics without a group (besides services near me): one tap away, e.g. help against violence."""
    return tuple(
        name for name, entry in REGISTRY.topics.items() if entry.group is None and name != GENERAL_COUNSELLING
    )


def counsellor_button(language: str, topic: str | None = None) -> Button:
    """ "Talk to a counsellor": counselling services near the person (for ``topic`` when it is one)."""
    return Button(translate(language, m.BUTTON_COUNSELLOR), near_me_payload(topic, counselling=True))


def topic_menu_buttons(language: str) -> tuple[Button, ...]:
    """Services near me, a counsellor, the groups (a group of one topic answers that topic at once),
    the topics without a group, then the emergency numbers."""
    buttons = [
        Button(f"📍 {topic_title(language, GENERAL_COUNSELLING)}", payload(GENERAL_COUNSELLING)),
        counsellor_button(language),
    ]
    singles = [Button(topic_title(language, topic), payload(topic)) for topic in top_level_topics()]
    for group, topics in MENU.items():
        if REGISTRY.groups[group].emergency:
            buttons += singles
            singles = []
            target = payload("emergency")
        elif not topics:
            continue
        elif len(topics) == 1:
            target = payload(topics[0])
        else:
            target = group_payload(group)
        buttons.append(Button(group_title(language, group), target))
    return tuple(buttons + singles)


def group_buttons(language: str, group: str) -> tuple[Button, ...]:
    """The topics of one group, a counsellor, and the way back to all groups."""
    buttons = [Button(topic_title(language, topic), payload(topic)) for topic in MENU.get(group, ())]
    buttons.append(counsellor_button(language))
    buttons.append(Button(f"↩ {translate(language, m.BUTTON_ALL_TOPICS)}", group_payload(TOP_LEVEL)))
    return tuple(buttons)


def is_menu_group(group: object) -> bool:
    return isinstance(group, str) and bool(MENU.get(group))


def near_me_payload(topic: str | None, *, counselling: bool = False) -> str:
    entities: dict[str, object] = {"topic": topic} if is_topic(topic) and topic else {}
    if counselling:
        entities["kind"] = COUNSEL
    return payload(GENERAL_COUNSELLING, **entities)


def next_step_buttons(language: str, topic: str | None) -> tuple[Button, ...]:
    """The buttons under every answer: services near me, a counsellor, other topics."""
    return (
        Button(translate(language, m.BUTTON_NEAR_ME), near_me_payload(topic)),
        counsellor_button(language, topic),
        Button(translate(language, m.BUTTON_OTHER_TOPICS), ALL_TOPICS),
    )
