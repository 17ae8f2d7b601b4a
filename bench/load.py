"""The load generator of ``make bench``: many people, each asking and waiting for the answer.

Questions arrive at an offered rate (evenly spaced); each goes to the person who has been idle
longest. A person asks, waits for the first message of the reply, reads for ``READ_SECONDS`` (more
messages of the same reply may arrive meanwhile) and is then free for the next question. Each person
writes in one of the ten languages (held-out test messages of ``tests/nlu``, never trained on) and
in between taps "services near me" and sends a postal code of the demo directory.

A target is a way in: the Telegram adapter (webhook or polling, through :mod:`bench.botapi`), the
Rasa channel straight, or a stock Rasa assistant's REST channel. Latency is from sending the
question to the first reply message. A question without any reply by the end is lost; a reply
message sent twice within one answer is duplicated.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import httpx
import yaml

from bot.config import PROJECT_ROOT
from bot.http_transport import AiohttpTransport

LANGUAGES = ("de", "en", "ar", "fa", "uk", "ru", "tr", "ro", "bg", "pl")
PEOPLE = 300
READ_SECONDS = 1.0
DRAIN_SECONDS = 15.0
NEAR_ME = "/find_service"
"""The "services near me" button's payload (what a tap sends)."""
POSTAL_CODES = ("50667", "04109", "50667", "04315")
"""Postal codes of the demo directory (Köln, Leipzig)."""
SKIPPED_INTENTS = frozenset({"emergency", "racist_attack", "violence_women", "nlu_fallback"})
"""Not in the mix: crisis messages, asked by few, answer with fixed lines (tested elsewhere)."""


@dataclass(frozen=True)
class Turn:
    text: str
    button: bool = False


def questions(language: str, count: int, rng: random.Random) -> list[str]:
    """``count`` held-out messages in ``language``, one per intent as far as they go."""
    data = yaml.safe_load((PROJECT_ROOT / "tests" / "nlu" / f"{language}.yml").read_text(encoding="utf-8"))
    by_intent: list[list[str]] = []
    for block in data.get("nlu") or []:
        if "intent" not in block or block["intent"] in SKIPPED_INTENTS:
            continue
        lines = [ln.strip()[2:].strip() for ln in str(block.get("examples") or "").splitlines()]
        examples = [x for x in lines if x and not x.startswith("/")]
        if examples:
            by_intent.append(examples)
    rng.shuffle(by_intent)
    return [rng.choice(examples) for examples in by_intent[:count]]


def script(language: str, rng: random.Random) -> list[Turn]:
    """One person's turns: questions, and every third time "services near me" with a postal code."""
    asked = [Turn(q) for q in questions(language, 8, rng)]
    turns: list[Turn] = []
    for index, turn in enumerate(asked):
        turns.append(turn)
        if index % 3 == 1:
            turns += [Turn(NEAR_ME, button=True), Turn(rng.choice(POSTAL_CODES))]
    return turns


@dataclass
class Person:
    number: int
    language: str
    turns: list[Turn]
    asked: int = 0

    @property
    def user_id(self) -> int:
        return 7_100_000_000 + self.number

    def next_turn(self) -> Turn:
        turn = self.turns[self.asked % len(self.turns)]
        self.asked += 1
        return turn


def people(count: int = PEOPLE, seed: int = 13, way: int = 0) -> list[Person]:
    """The same scripts for every ``way`` into the stack, as other people (their own conversations):
    otherwise each way would meet the longer conversations the ways before it left behind."""
    rng = random.Random(seed)
    return [
        Person(way * count + n, LANGUAGES[n % len(LANGUAGES)], script(LANGUAGES[n % len(LANGUAGES)], rng))
        for n in range(count)
    ]


@dataclass
class Answer:
    """One question's fate: when it was asked, when its first reply came, what came."""

    person: Person
    asked_at: float
    first_at: float | None = None
    contents: list[str] = field(default_factory=list)
    failed: bool = False


class Target(Protocol):
    """A way into a stack: ``ask`` sends one turn; replies reach ``answer`` via :meth:`deliver`."""

    name: str

    async def ask(self, person: Person, turn: Turn, answer: Answer) -> None: ...


def deliver(answer: Answer, at: float, contents: list[str]) -> None:
    if answer.first_at is None:
        answer.first_at = at
    answer.contents.extend(contents)


class Connections:
    """The generator's HTTP clients, each person always on the same one of a few small pools.

    One shared pool of hundreds cost the generator a sixth of its time at 100/s (httpx checks every
    pooled connection on every request), CPU taken from the servers it measures. One connection per
    person made every way slower at low rates (likely reconnecting: the servers close connections idle
    for 5 s) and lost posts at 60/s; a few pools shared by a few dozen people each stay warm and small.
    Requests travel over aiohttp, as the app's own do (:mod:`bot.http_transport`).
    """

    POOLS = 16
    PER_POOL = 32

    def __init__(self, timeout: float) -> None:
        self.clients = [
            httpx.AsyncClient(
                timeout=timeout, transport=AiohttpTransport(connections=self.PER_POOL), trust_env=False
            )
            for _ in range(self.POOLS)
        ]

    def of(self, person: Person) -> httpx.AsyncClient:
        return self.clients[person.number % self.POOLS]

    async def aclose(self) -> None:
        for client in self.clients:
            await client.aclose()


class SyncTarget:
    """A channel that answers in the response (the Rasa channel, Rasa's REST channel)."""

    def __init__(
        self, name: str, url: str, *, headers: dict[str, str] | None = None, button_text: str | None = None
    ) -> None:
        self.name = name
        self.url = url
        self.headers = headers or {}
        self.button_text = button_text
        self.http = Connections(timeout=60)

    async def ask(self, person: Person, turn: Turn, answer: Answer) -> None:
        text = self.button_text if turn.button and self.button_text else turn.text
        body = {
            "sender": f"bench-{person.number}",
            "message": text,
            "metadata": {"language": person.language},
        }
        try:
            response = await self.http.of(person).post(self.url, json=body, headers=self.headers)
        except httpx.HTTPError:
            answer.failed = True
            return
        at = time.monotonic()
        if response.status_code != 200:
            answer.failed = True
            return
        messages = response.json()
        deliver(answer, at, [str(m.get("text") or m.get("custom") or m) for m in messages])

    async def close(self) -> None:
        await self.http.aclose()


@dataclass
class Run:
    """What one offered rate gave."""

    target: str
    offered_per_s: float
    seconds: float
    answers: list[Answer]
    not_offered: int
    messages: int
    extra: dict[str, Any] = field(default_factory=dict)

    def latencies_ms(self) -> list[float]:
        return sorted((a.first_at - a.asked_at) * 1000 for a in self.answers if a.first_at is not None)

    def summary(self) -> dict[str, Any]:
        ms = self.latencies_ms()
        p95 = None if not ms else round(ms[min(len(ms) - 1, int(0.95 * len(ms)))], 1)

        def cut(q: float) -> float | None:
            return round(ms[min(len(ms) - 1, int(q * len(ms)))], 1) if ms else None

        in_time = [a for a in self.answers if a.first_at is not None and a.first_at <= a.asked_at + 60]
        lost = sum(1 for a in self.answers if a.first_at is None)
        duplicated = sum(1 for a in self.answers if len(set(a.contents)) < len(a.contents))
        answered_per_s = len([a for a in in_time if a.first_at is not None]) / self.seconds
        result = {
            "target": self.target,
            "offered_per_s": self.offered_per_s,
            "asked": len(self.answers),
            "not_offered": self.not_offered,
            "answered_per_s": round(answered_per_s, 1),
            "p50_ms": cut(0.50),
            "p95_ms": cut(0.95),
            "p99_ms": cut(0.99),
            "lost": lost,
            "failed": sum(1 for a in self.answers if a.failed),
            "duplicated": duplicated,
            "messages_per_question": round(self.messages / len(self.answers), 2) if self.answers else None,
            "people": len({a.person.number for a in self.answers}),
        }
        repeated = [a for a in self.answers if len(set(a.contents)) < len(a.contents)]
        if repeated:  # what was repeated, to tell a resent reply from a reply that repeats itself
            result["duplicate_examples"] = [
                [a.person.language, *(c[:80] for c in a.contents)] for a in repeated[:3]
            ]
        result["sustained"] = bool(
            self.answers
            and p95 is not None
            and p95 <= 1000
            and lost == 0
            and result["failed"] == 0
            and len(self.answers) >= 0.95 * self.offered_per_s * self.seconds
        )
        return result | self.extra


async def offer(
    target: Target,
    crowd: list[Person],
    rate: float,
    seconds: float,
    *,
    on_answer: Callable[[Person, Answer], None] | None = None,
) -> Run:
    """Offer ``rate`` questions a second for ``seconds``; wait for the replies (at most DRAIN_SECONDS).

    ``on_answer`` lets an asynchronous target (Telegram) route the messages it receives to the
    person's current answer (late messages of an answer still count for it).
    """
    idle: deque[Person] = deque(crowd)
    answers: list[Answer] = []
    tasks: set[asyncio.Task[None]] = set()
    not_offered = 0

    async def one(person: Person) -> None:
        turn = person.next_turn()
        answer = Answer(person, time.monotonic())
        answers.append(answer)
        if on_answer is not None:
            on_answer(person, answer)
        await target.ask(person, turn, answer)
        while answer.first_at is None and not answer.failed:
            await asyncio.sleep(0.02)
        await asyncio.sleep(READ_SECONDS)
        idle.append(person)

    start = time.monotonic()
    for n in range(int(rate * seconds)):
        due = start + n / rate
        delay = due - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        if not idle:
            not_offered += 1
            continue
        task = asyncio.create_task(one(idle.popleft()))
        tasks.add(task)
        task.add_done_callback(tasks.discard)
    if tasks:
        await asyncio.wait(list(tasks), timeout=DRAIN_SECONDS + READ_SECONDS)
    for task in list(tasks):
        task.cancel()
    messages = sum(len(a.contents) for a in answers)
    return Run(target.name, rate, seconds, answers, not_offered, messages)


def mix_description(crowd: list[Person]) -> str:
    turns = [t for p in crowd for t in p.turns]
    near = sum(1 for t in turns if t.button)
    return (
        f"{len(crowd)} people in {len(LANGUAGES)} languages; {len(turns) - 2 * near} questions and "
        f"{near} 'services near me' taps each followed by a postal code"
    )


def engine_sample(count: int = 300, seed: int = 7) -> list[str]:
    """Held-out messages over all languages for the NLU parse latency."""
    rng = random.Random(seed)
    return [q for lang in LANGUAGES for q in questions(lang, count // len(LANGUAGES), rng)]


def write_jsonl(path: Path, texts: list[str]) -> None:
    import json

    path.write_text("".join(json.dumps(t, ensure_ascii=False) + "\n" for t in texts), encoding="utf-8")
