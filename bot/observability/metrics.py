"""Prometheus metrics of the conversation side: counts and latencies by language and topic only.

Every label value comes from a closed list (the supported languages, the topic registry, a few
fixed intents and kinds), never from what a person sent: a pseudonym, an id, a text or a place can
never become a label, so ``/metrics`` can be scraped and kept like the anonymous usage counts.
"""

from __future__ import annotations

import time
from typing import Final

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, Counter, Gauge, Histogram, generate_latest

from bot.languages import languages
from bot.replies.contract import Reply, Text, payload
from bot.replies.unsure import FALLBACK_INTENT, OTHER_NEED
from bot.topics import is_topic

OTHER: Final = "other"
"""The label of anything outside the closed lists."""

META_INTENTS: Final = frozenset(
    {"greet", "help", "choose_language", "affirm", "deny", "degraded", FALLBACK_INTENT, OTHER_NEED}
)
"""Intents that are not topics but are worth telling apart on a dashboard."""

LATENCY_BUCKETS: Final = (0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 0.75, 1.0, 2.0, 5.0, 10.0)
"""Seconds; 150 ms, 300 ms and 1 s are the targets of issue 13 (docs/performance.md)."""

MESSAGES = Counter(
    "wegweiser_messages",
    "Messages answered (chat page and Telegram), by reply language and topic.",
    ["language", "topic"],
)
REPLY_SECONDS = Histogram(
    "wegweiser_reply_seconds",
    "Time from a message to its reply (engine or outage mode), by reply language and topic.",
    ["language", "topic"],
    buckets=LATENCY_BUCKETS,
)
FALLBACKS = Counter(
    "wegweiser_fallbacks",
    "Replies that could not answer: did_you_mean, not_understood or other_need, by language.",
    ["language", "kind"],
)
OUTAGE_REPLIES = Counter(
    "wegweiser_outage_replies",
    "Replies built without the language engine (outage mode), by language.",
    ["language"],
)
ENGINE_AVAILABLE = Gauge(
    "wegweiser_engine_available",
    "1 while the last message reached the language engine, 0 while replies come from outage mode.",
)
ENGINE_OUTAGES = Counter(
    "wegweiser_engine_outages",
    "Switches from answering with the engine to outage mode (one per outage, not per message).",
)
ERRORS = Counter(
    "wegweiser_errors",
    "Messages that got an apology instead of an answer: message_failed or empty_reply.",
    ["kind"],
)
ENGINE_AVAILABLE.set(1)
_engine = {"available": True}
"""Whether the last message reached the engine: an outage is counted when this turns False."""

ERROR_KINDS: Final = ("message_failed", "empty_reply")
FALLBACK_KINDS: Final = ("did_you_mean", "not_understood", "other_need")


def language_label(language: str | None) -> str:
    return language if language in languages() else OTHER


def topic_label(reply: Reply) -> str:
    """The topic a reply is about, or a fixed intent name, or ``other``: never anything sent."""
    meta = reply.meta
    if is_topic(meta.topic):
        return str(meta.topic)
    if is_topic(meta.intent):
        return str(meta.intent)
    if meta.crisis:
        return "emergency"
    return meta.intent if meta.intent in META_INTENTS else OTHER


def fallback_kind(reply: Reply) -> str | None:
    """did_you_mean (topics offered with "something else"), not_understood, other_need, or None."""
    intent = reply.meta.intent
    if intent == OTHER_NEED:
        return "other_need"
    if intent != FALLBACK_INTENT:
        return None
    something_else = payload(OTHER_NEED)
    offered = any(
        button.payload == something_else
        for message in reply.messages
        if isinstance(message, Text)
        for button in message.buttons
    )
    return "did_you_mean" if offered else "not_understood"


def observe_reply(reply: Reply, *, started: float, engine: bool, error: str | None = None) -> None:
    """Count one answered message; ``started`` is its :func:`time.perf_counter` at arrival.

    ``engine`` says whether the engine answered (False: outage mode); ``error`` one of
    :data:`ERROR_KINDS` when the person got an apology.
    """
    language = language_label(reply.language)
    topic = topic_label(reply)
    MESSAGES.labels(language, topic).inc()
    REPLY_SECONDS.labels(language, topic).observe(time.perf_counter() - started)
    kind = fallback_kind(reply)
    if kind is not None:
        FALLBACKS.labels(language, kind).inc()
    if error is not None:
        ERRORS.labels(error if error in ERROR_KINDS else OTHER).inc()
    if not engine:
        OUTAGE_REPLIES.labels(language).inc()
        if _engine["available"]:
            ENGINE_OUTAGES.inc()
    _engine["available"] = engine
    ENGINE_AVAILABLE.set(1 if engine else 0)


def exposition() -> tuple[bytes, str]:
    """This process's metrics in Prometheus' text format, and its content type."""
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
