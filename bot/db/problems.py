"""A database a command cannot use, told to the operator in one line instead of a traceback.

A fresh machine where ``wegweiser db upgrade`` (or ``make run``) has not run yet, an upgrade of the
code without the database's, a PostgreSQL that is not running: each surfaces deep in a query as a
driver error. The CLI asks here whether an error is one of those and says what to do.
"""

from __future__ import annotations

import sys

UPGRADE = "run `wegweiser db upgrade` (`make run` does it too)"
MISSING_SCHEMA = ("no such table", "no such column")
"""SQLite's words for a table or column the schema lacks."""
MISSING_SCHEMA_STATES = frozenset({"42P01", "42703"})
"""PostgreSQL's SQLSTATE for an undefined table or column."""


def database_problem(exc: BaseException) -> str | None:
    """What an operator should do about ``exc``, or ``None`` when it is not about the database."""
    if "sqlalchemy" not in sys.modules:  # it was never used, so the error cannot come from it
        return None
    from sqlalchemy.exc import DBAPIError, OperationalError

    if not isinstance(exc, DBAPIError):
        return None
    reason = str(exc.orig).strip().splitlines()[0] if str(exc.orig).strip() else type(exc.orig).__name__
    state = getattr(exc.orig, "sqlstate", None)
    if state in MISSING_SCHEMA_STATES or any(words in reason for words in MISSING_SCHEMA):
        return f"the database has no tables yet or an older schema ({reason}): {UPGRADE}"
    if isinstance(exc, OperationalError):
        return f"cannot use the database ({reason}): check that it runs and WEGWEISER_DATABASE_URL"
    return None
