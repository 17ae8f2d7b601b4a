"""The reply contract: what a reply is, once, for the actions and for every client.

A reply is a :class:`Meta` (language, direction, intent, topic) and a list of messages: texts with
buttons, service cards, a request for the place, the language picker. On the wire (Rasa's reply list)
the meta travels first as a ``custom`` message of type ``meta``; :meth:`Reply.to_wire` and
:meth:`Reply.from_wire` are the only translations between the two. Button payloads are Rasa's
``/intent{"entity":"value"}`` messages, built and read only by :func:`payload` and :func:`parse_payload`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Final

from bot.languages import is_rtl, normalize_language

if TYPE_CHECKING:
    from bot.content.search import ServiceHit

COUNSEL: Final = "counsel"
"""The ``kind`` entity of "talk to a counsellor": show counselling services only."""
CALLBACK_LIMIT: Final = 64
"""Telegram's limit for callback data, in bytes: every payload must fit."""

_PAYLOAD = re.compile(r"^/(?P<intent>[A-Za-z_]+)(?P<entities>\{.*\})?$", re.DOTALL)


def payload(intent: str, **entities: object) -> str:
    """A button payload ``/intent{"entity":"value"}``, compact for Telegram's 64-byte limit."""
    if not entities:
        return f"/{intent}"
    return f"/{intent}{json.dumps(entities, ensure_ascii=False, separators=(',', ':'))}"


def parse_payload(text: str) -> tuple[str, dict[str, Any]] | None:
    """``(intent, entities)`` of a payload message, or ``None`` for anything else."""
    match = _PAYLOAD.match(text.strip())
    if match is None:
        return None
    entities: dict[str, Any] = {}
    if match.group("entities"):
        try:
            parsed = json.loads(match.group("entities"))
        except json.JSONDecodeError:
            return None
        if not isinstance(parsed, dict):
            return None
        entities = parsed
    return match.group("intent"), entities


def fits_callback(data: str) -> bool:
    return 0 < len(data.encode()) <= CALLBACK_LIMIT


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class Meta:
    """What a reply is about: clients lay it out (direction) and remember it (language, topic)."""

    language: str
    intent: str | None
    topic: str | None = None
    language_fallback: bool = False
    degraded: bool = False
    """Built without the language engine (outage mode)."""
    crisis: bool = False
    """The reply carries the crisis lines (the emergency reply, or the safety net put them first)."""

    @property
    def rtl(self) -> bool:
        return is_rtl(self.language)

    def to_wire(self) -> dict[str, Any]:
        wire: dict[str, Any] = {
            "type": "meta",
            "language": self.language,
            "rtl": self.rtl,
            "intent": self.intent,
            "topic": self.topic,
            "language_fallback": self.language_fallback,
        }
        if self.degraded:
            wire["degraded"] = True
        if self.crisis:
            wire["crisis"] = True
        return wire

    @classmethod
    def from_wire(cls, custom: Mapping[str, Any], *, fallback_language: str) -> Meta:
        intent, topic = custom.get("intent"), custom.get("topic")
        return cls(
            language=normalize_language(custom.get("language")) or fallback_language,
            intent=intent if isinstance(intent, str) else None,
            topic=topic if isinstance(topic, str) else None,
            language_fallback=custom.get("language_fallback") is True,
            degraded=custom.get("degraded") is True,
            crisis=custom.get("crisis") is True,
        )


@dataclass(frozen=True)
class Text:
    text: str
    buttons: tuple[Button, ...] = ()


@dataclass(frozen=True)
class ServiceCard:
    """One nearby service; ``service`` is the card payload, made from a search hit by :meth:`payload_of`."""

    service: Mapping[str, Any]

    @staticmethod
    def payload_of(hit: ServiceHit) -> dict[str, Any]:
        """The ``service_card`` payload of a search hit: JSON-safe, times as "HH:MM", weekdays 0 = Monday."""
        return {
            "id": hit.uid,
            "name": hit.name,
            "organisation": hit.organisation,
            "provider": hit.provider,
            "distance_km": round(hit.distance_km, 2),
            "open_now": hit.open_now,
            "open_until": hit.open_until.strftime("%H:%M") if hit.open_until else None,
            "next_opening": (
                {
                    "weekday": hit.next_opening.weekday(),
                    "date": hit.next_opening.date().isoformat(),
                    "time": hit.next_opening.strftime("%H:%M"),
                }
                if hit.next_opening
                else None
            ),
            "opening_hours": [
                {"weekday": p.weekday, "opens": f"{p.opens:%H:%M}", "closes": f"{p.closes:%H:%M}"}
                for p in hit.opening_hours
            ],
            "address": hit.address,
            "postal_code": hit.postal_code,
            "city": hit.city,
            "phone": hit.phone,
            "email": hit.email,
            "website": hit.website,
            "online_counselling": hit.online_counselling,
            "languages": list(hit.languages),
            "topics": list(hit.topics),
            "free": hit.free,
            "anonymous": hit.anonymous,
            "appointment": hit.appointment,
            "accessible": hit.accessible,
            "demo": hit.demo,
            "latitude": hit.latitude,
            "longitude": hit.longitude,
            "last_verified": hit.last_verified.isoformat() if hit.last_verified else None,
            "speaks_language": hit.speaks_language,
        }


@dataclass(frozen=True)
class RequestLocation:
    """The reply asks "where?": clients offer "share location" and a field for a postal code.

    It says what the place is for, so a client that must answer without the engine (outage mode)
    can still search for the right services.
    """

    topic: str | None = None
    counselling: bool = False


@dataclass(frozen=True)
class LanguagePicker:
    """The client shows the language picker."""


Message = Text | ServiceCard | RequestLocation | LanguagePicker


@dataclass(frozen=True)
class Reply:
    meta: Meta
    messages: tuple[Message, ...] = field(default_factory=tuple)

    @property
    def language(self) -> str:
        return self.meta.language

    def plus(self, *messages: Message) -> Reply:
        return replace(self, messages=(*self.messages, *messages))

    def place_request(self) -> RequestLocation | None:
        return next((m for m in self.messages if isinstance(m, RequestLocation)), None)

    def shows_picker(self) -> bool:
        return any(isinstance(m, LanguagePicker) for m in self.messages)

    def to_wire(self, *, with_meta: bool = True) -> list[dict[str, Any]]:
        """Rasa's reply messages (what an action utters and a client receives)."""
        wire = [{"custom": self.meta.to_wire()}] if with_meta else []
        wire.extend(message_to_wire(m) for m in self.messages)
        return wire

    @classmethod
    def from_wire(cls, replies: Iterable[Mapping[str, Any]], *, fallback_language: str) -> Reply:
        """A reply from Rasa's reply list; unknown parts are skipped, a missing meta is made up."""
        meta: Meta | None = None
        messages: list[Message] = []
        for item in replies:
            custom = item.get("custom")
            if isinstance(custom, Mapping):
                if custom.get("type") == "meta":
                    meta = meta or Meta.from_wire(custom, fallback_language=fallback_language)
                    continue
                parsed = _custom_from_wire(custom)
                if parsed is not None:
                    messages.append(parsed)
                continue
            text = item.get("text")
            buttons = tuple(
                Button(str(b["title"]), b["payload"])
                for b in item.get("buttons") or []
                if isinstance(b, Mapping) and b.get("title") and isinstance(b.get("payload"), str)
            )
            if (isinstance(text, str) and text.strip()) or buttons:
                messages.append(Text(text if isinstance(text, str) else "", buttons))
        return cls(meta or Meta(fallback_language, None), tuple(messages))


def message_to_wire(message: Message) -> dict[str, Any]:
    match message:
        case Text(text=text, buttons=buttons):
            wire: dict[str, Any] = {"text": text}
            if buttons:
                wire["buttons"] = [{"title": b.title, "payload": b.payload} for b in buttons]
            return wire
        case ServiceCard(service=service):
            return {"custom": {"type": "service_card", "service": dict(service)}}
        case RequestLocation(topic=topic, counselling=counselling):
            custom: dict[str, Any] = {"type": "request_location"}
            if topic:
                custom["topic"] = topic
            if counselling:
                custom["kind"] = COUNSEL
            return {"custom": custom}
        case LanguagePicker():
            return {"custom": {"type": "language_picker"}}
    raise TypeError(f"not a reply message: {message!r}")  # pragma: no cover


def _custom_from_wire(custom: Mapping[str, Any]) -> Message | None:
    kind = custom.get("type")
    if kind == "service_card" and isinstance(custom.get("service"), Mapping):
        return ServiceCard(custom["service"])
    if kind == "request_location":
        topic = custom.get("topic")
        return RequestLocation(topic if isinstance(topic, str) else None, custom.get("kind") == COUNSEL)
    if kind == "language_picker":
        return LanguagePicker()
    return None
