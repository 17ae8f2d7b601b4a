"""The intent taxonomy: the topics people ask about (data: ``content/topics.yml``) and the meta intents.

Topic names are the Rasa intent names and the answer keys in the database; they never change silently.
The registry is read once, like a table of constants; :func:`load_registry` reads another copy (tests,
``wegweiser nlu validate`` on a project folder).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

import yaml

from bot.config import PROJECT_ROOT
from bot.errors import OperatorError

REGISTRY_FILE: Final = PROJECT_ROOT / "content" / "topics.yml"

META_INTENTS: Final = (
    "greet",
    "goodbye",
    "thank",
    "affirm",
    "deny",
    "help",
    "choose_language",
    "bot_challenge",
    "privacy",
    "emergency",
    "out_of_scope",
    "other_need",
    "inform_location",
)

AnswerKind = Literal["text", "services"]


class RegistryError(OperatorError):
    """``content/topics.yml`` cannot be used; the message names the row and the field."""


@dataclass(frozen=True)
class Topic:
    name: str
    title: str
    """Short button title: an English msgid of the ``messages`` catalogue."""
    group: str | None = None
    answer: AnswerKind = "text"
    near_me: bool = True
    service_topics: tuple[str, ...] = ()
    """Service topics "services near me" searches for; empty: every service."""
    counselling: bool = False
    emergency_route: bool = False


@dataclass(frozen=True)
class Group:
    name: str
    title: str
    icon: str
    emergency: bool = False


@dataclass(frozen=True)
class Registry:
    topics: dict[str, Topic]
    groups: dict[str, Group]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.topics)

    def menu(self) -> dict[str, tuple[str, ...]]:
        """Menu group → its topics, in menu order (an emergency group has none: it answers at once)."""
        return {
            group: tuple(t.name for t in self.topics.values() if t.group == group) for group in self.groups
        }

    def titles(self) -> list[str]:
        """Every msgid the registry adds to the ``messages`` catalogue."""
        return [t.title for t in self.topics.values()] + [g.title for g in self.groups.values()]


def _flag(row: dict[str, Any], key: str, default: bool, where: str) -> bool:
    value = row.get(key, default)
    if not isinstance(value, bool):
        raise RegistryError(f"{where}: `{key}` must be true or false")
    return value


def parse_registry(document: Any, *, where: str = "content/topics.yml") -> Registry:
    """The registry from its YAML document; :class:`RegistryError` names the first wrong field."""
    if not isinstance(document, dict) or not isinstance(document.get("topics"), dict):
        raise RegistryError(f"{where}: expected `groups:` and `topics:` at the top")
    groups: dict[str, Group] = {}
    for name, row in (document.get("groups") or {}).items():
        if not isinstance(row, dict) or not isinstance(row.get("title"), str):
            raise RegistryError(f"{where}: group {name!r} needs a `title`")
        groups[str(name)] = Group(
            str(name), row["title"], str(row.get("icon") or "•"), _flag(row, "emergency", False, where)
        )
    topics: dict[str, Topic] = {}
    for name, row in document["topics"].items():
        at = f"{where}: topic {name!r}"
        if not isinstance(row, dict) or not isinstance(row.get("title"), str):
            raise RegistryError(f"{at} needs a `title`")
        if name in META_INTENTS:
            raise RegistryError(f"{at} is a meta intent, not a topic")
        group = row.get("group")
        if group is not None and group not in groups:
            raise RegistryError(f"{at}: unknown group {group!r} (groups: {', '.join(groups)})")
        answer = row.get("answer", "text")
        if answer not in ("text", "services"):
            raise RegistryError(f"{at}: `answer` must be text or services")
        searched = row.get("service_topics", [name])
        if not isinstance(searched, list) or not all(isinstance(s, str) for s in searched):
            raise RegistryError(f"{at}: `service_topics` must be a list of topic names")
        topics[str(name)] = Topic(
            name=str(name),
            title=row["title"],
            group=group,
            answer=answer,
            near_me=_flag(row, "near_me", True, at),
            service_topics=tuple(searched),
            counselling=_flag(row, "counselling", False, at),
            emergency_route=_flag(row, "emergency_route", False, at),
        )
    for topic in topics.values():
        unknown = [s for s in topic.service_topics if s not in topics]
        if unknown:
            raise RegistryError(f"{where}: topic {topic.name!r} searches unknown topics {unknown}")
    return Registry(topics, groups)


def load_registry(path: Path = REGISTRY_FILE) -> Registry:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RegistryError(f"{path}: cannot read the topic registry ({exc})") from None
    return parse_registry(document, where=str(path))


REGISTRY: Final = load_registry()
TOPICS: Final = REGISTRY.names
INTENTS: Final = META_INTENTS + TOPICS
MENU: Final = REGISTRY.menu()
"""The topic menu for people who prefer buttons to typing: group -> topics (emergency answers at once)."""
GENERAL_COUNSELLING: Final = "find_service"
"""The topic of general social counselling: "services near me" without a topic, and the fallback search."""


def is_topic(name: object) -> bool:
    return isinstance(name, str) and name in REGISTRY.topics


def topic(name: str) -> Topic:
    return REGISTRY.topics[name]
