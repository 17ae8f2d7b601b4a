"""The Rasa process's log redaction (``engine/wegweiser_engine/redaction.py``), without servers.

The module runs inside Rasa but is standard library only, so it is imported here directly. The
database errors are real SQLAlchemy errors (an SQLite database in memory refusing a second row with
the same key), worded as a failing tracker store's would be; the integration test
``tests/integration/telegram/test_tracker_outage.py`` meets the same through a real PostgreSQL.
"""

from __future__ import annotations

import importlib.util
import io
import json
import logging
import sys
import threading
from collections.abc import Iterator
from types import ModuleType

import pytest
import sqlalchemy as sa

from bot.engine.runtime import ENGINE_PACKAGE_DIR

TEXT = "mein Mann schlägt mich"
KEY = "c0ffee5e11a9b3d7"


@pytest.fixture(scope="module")
def redaction() -> ModuleType:
    path = ENGINE_PACKAGE_DIR / "wegweiser_engine" / "redaction.py"
    spec = importlib.util.spec_from_file_location("wegweiser_redaction", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def database_error() -> sa.exc.DBAPIError:
    """A real SQLAlchemy error from saving an event, as a tracker store would: statement and values."""
    engine = sa.create_engine("sqlite://")
    with engine.begin() as db:
        db.execute(sa.text("CREATE TABLE events (sender_id TEXT PRIMARY KEY, data TEXT)"))
    event = json.dumps({"event": "user", "text": TEXT, "parse_data": {"text": TEXT}}, ensure_ascii=False)
    insert = sa.text("INSERT INTO events (sender_id, data) VALUES (:sender_id, :data)")
    try:
        with engine.begin() as db:
            db.execute(insert, {"sender_id": KEY, "data": event})
            db.execute(insert, {"sender_id": KEY, "data": event})
    except sa.exc.DBAPIError as error:
        return error
    raise AssertionError("the second row was accepted")


def test_the_error_really_quotes_the_text_and_the_key() -> None:
    """The premise: without redaction, the error's own text holds both."""
    text = str(database_error())
    assert "[SQL: INSERT INTO events" in text
    assert TEXT in text and KEY in text


def test_sql_statements_and_parameters_are_taken_out_the_cause_stays(redaction: ModuleType) -> None:
    error = database_error()
    line = (
        "Error happened when trying to save conversation tracker to 'SQLTrackerStore'. Falling back "
        f"to use the 'InMemoryTrackerStore'. Please investigate the following error: {error}."
    )
    cleaned = redaction.redact(line)
    assert TEXT not in cleaned and KEY not in cleaned and "INSERT" not in cleaned
    assert "UNIQUE constraint failed" in cleaned, "the operator still reads what went wrong"
    assert cleaned.startswith("Error happened when trying to save conversation tracker")
    assert "sqlalche.me" in cleaned


@pytest.mark.parametrize(
    "line",
    [
        f"Received user message '{TEXT}' with intent '{{'name': 'danger'}}'",
        f"Tracker for conversation '{KEY}' saved",
        f"{{'event': 'user', 'text': '{TEXT}', 'sender_id': '{KEY}'}}",
        json.dumps({"sender": KEY, "message": TEXT}),
        f"UserUttered(text: {TEXT}, intent: danger, entities: , channel: wegweiser)",
    ],
)
def test_event_payloads_and_quoted_texts_are_taken_out(redaction: ModuleType, line: str) -> None:
    cleaned = redaction.redact(line)
    assert TEXT not in cleaned and KEY not in cleaned
    assert redaction.REDACTED in cleaned


def test_lines_without_private_values_are_unchanged(redaction: ModuleType) -> None:
    line = (
        '(psycopg2.OperationalError) connection to server at "127.0.0.1", port 5432 failed: '
        "Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?"
    )
    assert redaction.redact(line) == line
    assert redaction.redact("Starting Rasa server on http://127.0.0.1:5005") == (
        "Starting Rasa server on http://127.0.0.1:5005"
    )


@pytest.fixture
def log(redaction: ModuleType) -> Iterator[tuple[logging.Logger, io.StringIO]]:
    """A logger of a library (not ours) writing through an ordinary handler, with redaction on."""
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
    logger = logging.getLogger("rasa.core.tracker_store.test")
    logger.addHandler(handler)
    logger.propagate = False
    redaction.install()
    try:
        yield logger, out
    finally:
        redaction.uninstall()
        logger.removeHandler(handler)
        logger.propagate = True


def test_every_record_is_redacted_messages_arguments_and_tracebacks(
    log: tuple[logging.Logger, io.StringIO],
) -> None:
    logger, out = log
    error = database_error()
    logger.warning(error)  # Rasa: `logger.warning(error)` while connecting
    logger.error("Please investigate the following error: %s.", error)
    try:
        raise error
    except sa.exc.DBAPIError:
        logger.exception("Saving failed")
    worker = threading.Thread(target=lambda: logger.error("from a thread: %s", error))
    worker.start()
    worker.join()
    written = out.getvalue()
    assert TEXT not in written and KEY not in written
    assert written.count("UNIQUE constraint failed") >= 4
    assert "Traceback (most recent call last)" in written, "the traceback is kept, redacted"


def test_uninstall_restores_the_factory(redaction: ModuleType) -> None:
    before = logging.getLogRecordFactory()
    redaction.install()
    redaction.install()
    assert logging.getLogRecordFactory() is not before
    redaction.uninstall()
    assert logging.getLogRecordFactory() is before
