"""Rasa 3.6.21 doing the same work once instead of per message (applied when our channel starts).

- Every custom action's answer is checked against Rasa's response schema with ``jsonschema.validate``,
  which first checks the schema itself against the JSON-Schema metaschema: about 2 ms of CPU per
  message for a schema that never changes. Here the schema is checked once and its validator kept;
  answers are validated exactly as before (same schema, same error and message when one is invalid).
- A SQLite tracker store commits every message with a wait for the disk (rollback journal, full
  sync) while Rasa's event loop stands still. In WAL mode with ``synchronous=NORMAL`` a commit
  waits for no disk; the file stays consistent, and a power cut can lose only the newest events
  of conversations that are deleted after 30 minutes anyway.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import sqlalchemy
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL

_checked: list[Any] = []


def _validator() -> Any:
    """Rasa's response schema, checked once, as a ready validator."""
    if not _checked:
        from jsonschema.validators import validator_for

        schema = RemoteAction.action_response_format_spec()
        cls = validator_for(schema)
        cls.check_schema(schema)
        _checked.append(cls(schema))
    return _checked[0]


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    from jsonschema.exceptions import best_match

    error = best_match(_validator().iter_errors(result))
    if error is not None:
        error.message += (
            ". Failed to validate Action server response from API, "
            "make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise error
    return True


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def apply() -> None:
    """Install the speed-ups (idempotent); before the tracker store's first connection."""
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
    if not sqlalchemy.event.contains(sqlalchemy.engine.Engine, "connect", _sqlite_pragmas):
        sqlalchemy.event.listen(sqlalchemy.engine.Engine, "connect", _sqlite_pragmas)
