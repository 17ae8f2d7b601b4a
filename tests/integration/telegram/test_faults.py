"""Faults mid-conversation of 50 people on Telegram: the action server is killed, then Rasa, then the
content database becomes unreachable. Everyone keeps getting the menu and the emergency numbers in
their language, each message gets exactly one reply (nothing lost, nothing doubled), and free text is
understood again within 30 s of the part being back, without anything restarted by hand.

The database outage is real, not mocked: the content database is PostgreSQL (as in production,
README: ``postgresql://…``), reached by the action server and the Telegram adapter through a
loopback TCP proxy (:class:`tests.auxil.tcp_proxy.TcpProxy`) that the test cuts — open connections
are reset and new ones refused, as when the database server stops or the network to it fails — and
restores on the same port. So the drivers, SQLAlchemy's pools and their pre-ping see exactly what
they would in production. (Moving an SQLite file away would not: open SQLite connections keep reading
the unlinked file.) Rasa's tracker store stays on the stack's SQLite file.

The people come in through the local Bot API server and the polling adapter, as in production; a
module of its own (its own Bot API server and adapter) so that its 50 conversations meet no other
test's. Timings are printed (recovery after each part), never asserted beyond the promised 30 s.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import count
from pathlib import Path
from typing import TypeVar

import pytest
from sqlalchemy.engine import make_url

from bot.content.seed import seed
from bot.i18n import messages as m
from bot.i18n import translate
from tests.auxil.directory import temporary_postgres
from tests.auxil.published import published
from tests.auxil.small_directory import SMALL_GAZETTEER
from tests.auxil.stack import RunningStack
from tests.auxil.tcp_proxy import TcpProxy
from tests.auxil.telegram_server import BotMessage, LocalBotApi, TelegramUser
from tests.auxil.telegram_stack import RunningAdapter, start_polling_adapter
from tests.integration.telegram.helpers import (
    MENU_HOUSING,
    data_of,
    first_paragraph,
    has_menu,
    unisolated,
)

pytestmark = [pytest.mark.stack, pytest.mark.postgres]

PEOPLE = 50
RECOVERY_SECONDS = 30.0
POLL = 0.5
"""Seconds between one person's looks for replies (50 people look at once)."""
SPREAD = 3.0
"""People do not all type in the same instant: each starts a round within this many seconds."""


@dataclass(frozen=True)
class Speaks:
    """What a person of one language writes: a question the model knows, and a danger the net knows."""

    language: str
    question: str
    danger: str


LANGUAGES = (
    Speaks("en", "How do I get health insurance?", "my husband is hitting me"),
    Speaks("de", "Wie bekomme ich eine Krankenversicherung?", "mein Mann schlägt mich"),
    Speaks("ar", "كيف اعمل تأمين صحي في ألمانيا؟", "زوجي يضربني كل يوم وانا خايفة ارجع عالبيت"),
)


@dataclass
class Person:
    user: TelegramUser
    speaks: Speaks
    delay: float
    sent: int = 0
    answered: int = 0
    busy: int = 0
    """Replies while free text was not understood yet (outage replies, apologies)."""

    @property
    def language(self) -> str:
        return self.speaks.language

    def one_reply(self, send: Callable[[], object]) -> BotMessage:
        """Send, then exactly one reply: counted, so nothing can go missing or come twice unseen."""
        send()
        self.sent += 1
        got = self.user.replies(poll=POLL, timeout=45)
        self.answered += len(got)
        assert len(got) == 1, f"{self.language}: expected exactly one reply, got {len(got)}"
        return got[0]

    def menu(self) -> BotMessage:
        return self.user.seen[max(self.user.seen)]


@dataclass
class Faulted:
    stack: RunningStack
    database: TcpProxy
    adapter: RunningAdapter
    api: LocalBotApi


@pytest.fixture(scope="module")
def faulted(stack: RunningStack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Faulted]:
    """The stack with its content database on PostgreSQL behind a proxy, its own Bot API and adapter."""
    with temporary_postgres() as direct, TcpProxy(make_url(direct).port or 5432) as proxy:
        proxied = make_url(direct).set(port=proxy.port).render_as_string(hide_password=False)
        settings = stack.settings.model_copy(
            update={"database_url": proxied, "geonames_file": SMALL_GAZETTEER}
        )
        seed(settings, echo=lambda line: None)
        api = LocalBotApi(log=Path(tmp_path_factory.mktemp("bot-api-faults")) / "server.log")
        try:
            with stack.action_server_on(proxied) as on_postgres:
                adapter = start_polling_adapter(on_postgres, api, name="telegram-faults")
                try:
                    yield Faulted(on_postgres, proxy, adapter, api)
                finally:
                    adapter.stop()
        finally:
            api.stop()


_user_ids = count(7394518806, 7919)
T = TypeVar("T")


def everyone(people: list[Person], conversation: Callable[[Person], T]) -> list[T]:
    """Everyone at once, each in their own thread (as 50 phones would), starting within ``SPREAD``."""

    def start(person: Person) -> T:
        time.sleep(person.delay)
        return conversation(person)

    with ThreadPoolExecutor(len(people)) as pool:
        return list(pool.map(start, people))


def opens_the_menu(person: Person) -> None:
    menu = person.one_reply(lambda: person.user.send("/menu"))
    assert has_menu(menu)


def while_down(faulted: Faulted, people: list[Person], *, answers: bool) -> None:
    """Everyone at once: the menu, a topic from it, and a danger in words — one reply each.

    ``answers``: the topic's published answer comes (the engine is down, the database is not);
    otherwise an apology in the person's language with the whole menu under it.
    """

    def conversation(person: Person) -> None:
        language = person.language
        group = person.one_reply(lambda: person.user.press(person.menu(), MENU_HOUSING))
        assert "/housing_search" in [d for row in data_of(group) for d in row], "the menu stopped working"
        topic = person.one_reply(lambda: person.user.press(group, "/housing_search"))
        if answers:
            housing = published(faulted.stack, "housing_search", language)
            assert first_paragraph(unisolated(topic.text)) == first_paragraph(unisolated(housing))
        else:
            assert unisolated(topic.text) == translate(language, m.ERROR)
            assert has_menu(topic), "an apology without the menu"
        emergency = person.one_reply(lambda: person.user.send(person.speaks.danger))
        assert unisolated(emergency.text).startswith(translate(language, m.EMERGENCY_HEADER))

    everyone(people, conversation)


MEANWHILE = (m.DEGRADED, m.ERROR)
"""Replies allowed while free text is not understood yet, in the person's language with the menu:
the outage reply while the adapter answers without the engine, an apology when one message failed
(the database still down, or Rasa — just back, or busy with 50 people — not answering in time)."""
EVERYONE_SECONDS = 120.0
"""After the stack has recovered, everyone is understood again within this (a bound, not a target)."""


def understood(faulted: Faulted, person: Person, *, until: float) -> float:
    """Ask in free text until understood; the time it took. Anything else must be a MEANWHILE reply."""
    started = time.monotonic()
    language = person.language
    expected = first_paragraph(unisolated(published(faulted.stack, "health_insurance", language)))
    while True:
        reply = person.one_reply(lambda: person.user.send(person.speaks.question))
        text = unisolated(reply.text)
        if first_paragraph(text) == expected:
            return time.monotonic() - started
        assert text in [translate(language, msgid) for msgid in MEANWHILE], f"{language}: {text!r}"
        assert has_menu(reply), "a reply without the menu"
        person.busy += 1
        assert time.monotonic() < until, f"{language}: free text still not understood"
        time.sleep(1)


def recovers(faulted: Faulted, people: list[Person]) -> float:
    """Seconds until free text is understood again (at most 30 s); then everyone is understood.

    One person asks (every second) until the stack understands again, so the 30 s measure the
    stack's own recovery; then all 50 ask, and each must be understood — those Rasa was too busy
    for within its timeout get an apology and ask again.
    """
    back = time.monotonic()
    took = understood(faulted, people[0], until=back + RECOVERY_SECONDS)
    everyone(people, lambda person: understood(faulted, person, until=back + EVERYONE_SECONDS))
    return took


def test_action_server_rasa_and_database_fail_mid_conversation(
    faulted: Faulted, rasa_comes_back: None
) -> None:
    stack = faulted.stack
    people = [
        Person(
            faulted.api.user(next(_user_ids), language_code=LANGUAGES[i % 3].language),
            LANGUAGES[i % 3],
            delay=SPREAD * i / PEOPLE,
        )
        for i in range(PEOPLE)
    ]
    everyone(people, opens_the_menu)

    stack.kill("actions")
    while_down(faulted, people, answers=True)
    stack.restart("actions")
    actions_back = recovers(faulted, people)

    stack.kill("rasa")
    while_down(faulted, people, answers=True)
    stack.restart("rasa")
    rasa_back = recovers(faulted, people)

    faulted.database.cut()
    while_down(faulted, people, answers=False)
    faulted.database.restore()
    database_back = recovers(faulted, people)

    time.sleep(2)  # a late or doubled reply would have arrived by now
    late = sum(len(person.user.unread()) for person in people)
    assert late == 0, f"{late} replies came after the conversation ended"
    assert [p.answered for p in people] == [p.sent for p in people]
    print(
        f"\n{PEOPLE} people, {sum(p.sent for p in people)} messages; recovered "
        f"{actions_back:.1f} s after the action server, {rasa_back:.1f} s after Rasa, "
        f"{database_back:.1f} s after the database; "
        f"{sum(p.busy for p in people)} outage replies or apologies meanwhile"
    )
