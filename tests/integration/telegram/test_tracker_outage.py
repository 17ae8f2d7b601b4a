"""Rasa's tracker store becomes unreachable mid-conversation: people still get friendly, honest
replies, nothing crashes, the store is used again within 30 s of the database coming back, and no
log holds what anyone wrote, whose conversation it was, or an SQL statement's parameters.

The tracker store is PostgreSQL, as in production (``WEGWEISER_TRACKER_URL=postgresql://…``), a
fresh database for this test, reached by Rasa through a loopback TCP proxy
(:class:`tests.auxil.tcp_proxy.TcpProxy`) that the test cuts — open connections reset, new ones
refused — and restores on the same port. Nothing is mocked: Rasa's ``SQLTrackerStore``, its
``FailSafeTrackerStore`` wrapper, SQLAlchemy's pool and psycopg2 meet the errors they would meet in
production. Those errors quote the statement and its parameters (the conversation key, the event
with the message text); Rasa logs them, so this test shows the redaction of the Rasa process
(``engine/wegweiser_engine/redaction.py``) at work. A few people only: the 50-person fault test is
``test_faults.py``.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from bot.i18n import messages as m
from bot.i18n import translate
from tests.auxil.directory import temporary_postgres
from tests.auxil.privacy import text_forms, traces
from tests.auxil.published import published
from tests.auxil.stack import RunningStack
from tests.auxil.tcp_proxy import TcpProxy
from tests.auxil.telegram_server import BotMessage, LocalBotApi, TelegramUser
from tests.auxil.telegram_stack import RunningAdapter, sender_of, start_polling_adapter
from tests.integration.telegram.helpers import first_paragraph, has_menu, unisolated

pytestmark = [pytest.mark.stack, pytest.mark.postgres]

RECOVERY_SECONDS = 30.0


@dataclass(frozen=True)
class Speaks:
    language: str
    question: str
    danger: str


LANGUAGES = (
    Speaks("en", "How do I get health insurance?", "my husband is hitting me"),
    Speaks("de", "Wie bekomme ich eine Krankenversicherung?", "mein Mann schlägt mich"),
    Speaks("ar", "كيف اعمل تأمين صحي في ألمانيا؟", "زوجي يضربني كل يوم وانا خايفة ارجع عالبيت"),
)


@dataclass
class Outage:
    stack: RunningStack
    tracker: TcpProxy
    direct_url: str
    adapter: RunningAdapter
    api: LocalBotApi


@pytest.fixture(scope="module")
def outage(stack: RunningStack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Outage]:
    """The stack with Rasa's tracker store on PostgreSQL behind a proxy; its own Bot API and adapter."""
    with temporary_postgres() as direct, TcpProxy(make_url(direct).port or 5432) as proxy:
        proxied = make_url(direct).set(port=proxy.port).render_as_string(hide_password=False)
        api = LocalBotApi(log=Path(tmp_path_factory.mktemp("bot-api-tracker")) / "server.log")
        try:
            with stack.rasa_tracker_on(proxied) as on_postgres:
                # At the production log level: at DEBUG the adapter names pseudonyms by design
                # (docs/security.md); this test holds every log to "no conversation key at all".
                adapter = start_polling_adapter(on_postgres, api, name="telegram-tracker", log_level="INFO")
                try:
                    yield Outage(on_postgres, proxy, direct, adapter, api)
                finally:
                    adapter.stop()
        finally:
            api.stop()


def stored_events(outage: Outage, sender: str, *, since: float = 0.0) -> int:
    """How many events Rasa's tracker store (the PostgreSQL database itself) holds for ``sender``."""
    url = make_url(outage.direct_url).set(drivername="postgresql")
    with psycopg.connect(url.render_as_string(hide_password=False)) as db:
        row = db.execute(
            "SELECT count(*) FROM events WHERE sender_id = %s AND timestamp > %s", (sender, since)
        ).fetchone()
    return int(row[0]) if row else 0


def ask(user: TelegramUser, text: str) -> BotMessage:
    """Send ``text``; exactly one reply comes (nothing lost, nothing doubled)."""
    [reply] = told(user, text, most=1)
    return reply


def told(user: TelegramUser, text: str, *, most: int) -> list[BotMessage]:
    """Send ``text``; between one and ``most`` replies come, none of them twice."""
    user.send(text)
    got = user.replies(timeout=45)
    texts = [g.text for g in got]
    assert 1 <= len(got) <= most and len(set(texts)) == len(texts), f"replies: {[t[:160] for t in texts]}"
    return got


def is_answer(outage: Outage, speaks: Speaks, reply: BotMessage) -> bool:
    expected = published(outage.stack, "health_insurance", speaks.language)
    return first_paragraph(unisolated(reply.text)) == first_paragraph(unisolated(expected))


def log_sizes(var: Path) -> dict[Path, int]:
    return {path: path.stat().st_size for path in (var / "log").rglob("*") if path.is_file()}


def written_since(var: Path, sizes: dict[Path, int], into: Path) -> Path:
    """What every log under ``var/log`` got since ``sizes`` were taken, copied into ``into``."""
    into.mkdir(parents=True, exist_ok=True)
    for path in (var / "log").rglob("*"):
        if path.is_file():
            with path.open("rb") as handle:
                handle.seek(sizes.get(path, 0))
                (into / path.name).write_bytes(handle.read())
    return into


def test_the_tracker_store_goes_away_mid_conversation(
    outage: Outage, tmp_path: Path, rasa_comes_back: None
) -> None:
    stack = outage.stack
    var = stack.settings.var
    sizes = log_sizes(var)
    people = [
        (outage.api.user(7394712203 + 7919 * i, language_code=speaks.language), speaks)
        for i, speaks in enumerate(LANGUAGES)
    ]
    senders = [sender_of(stack, user.user_id) for user, _ in people]

    for user, speaks in people:  # before: understood, and the conversation is kept in PostgreSQL
        assert has_menu(ask(user, "/menu"))
        assert is_answer(outage, speaks, ask(user, speaks.question))
    assert all(stored_events(outage, sender) for sender in senders), "the store is not PostgreSQL"

    outage.tracker.cut()
    for user, speaks in people:
        assert has_menu(ask(user, "/menu")), "the menu stopped working"
        reply = ask(user, speaks.question)
        meanwhile = [translate(speaks.language, msgid) for msgid in (m.DEGRADED, m.ERROR)]
        # Rasa carries on in memory (understood), or the person is told honestly, with the menu.
        if not is_answer(outage, speaks, reply):
            assert unisolated(reply.text) in meanwhile, reply.text
            assert has_menu(reply), "an apology without the menu"
        # The crisis lines first; the engine may add the topic's answer as a second message.
        emergency, *_ = told(user, speaks.danger, most=2)
        assert unisolated(emergency.text).startswith(translate(speaks.language, m.EMERGENCY_HEADER))
    assert stack.process("rasa").poll() is None, "Rasa crashed"
    assert outage.adapter.supervisor.running[0].process.poll() is None, "the adapter crashed"

    outage.tracker.restore()
    back = time.time()
    first, speaks = people[0]
    while not (
        is_answer(outage, speaks, ask(first, speaks.question))
        and stored_events(outage, senders[0], since=back)
    ):
        assert time.time() < back + RECOVERY_SECONDS, "the tracker store was not used again within 30 s"
        time.sleep(1)
    recovered = time.time() - back
    for (user, speaks), sender in zip(people, senders, strict=True):
        assert is_answer(outage, speaks, ask(user, speaks.question))
        assert stored_events(outage, sender, since=back), "conversations are not stored again"

    sent = {
        f"text {i}": text_forms(text)
        for i, text in enumerate(t for s in LANGUAGES for t in (s.question, s.danger))
    }
    keys = {f"conversation key {i}": text_forms(sender) for i, sender in enumerate(senders)}
    sql = {"SQL statement": text_forms("[SQL:"), "SQL parameters": text_forms("[parameters:")}
    written = written_since(var, sizes, tmp_path / "logs")
    assert "SQLTrackerStore" in (written / "rasa.log").read_text(errors="replace"), (
        "Rasa did not log the outage; the test would prove nothing"
    )
    assert traces([written], sent | keys | sql) == []
    print(f"\ntracker store used again {recovered:.1f} s after the database came back")
