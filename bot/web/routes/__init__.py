"""One router per resource of the staff app (``/staff/…``); ``bot.web.app`` includes them all.

Each router comes from :func:`bot.web.deps.staff_router`, so every unsafe request is CSRF-checked.
"""

from __future__ import annotations

from types import ModuleType

from bot.web.routes import (
    account,
    answers,
    audit,
    auth,
    gaps,
    home,
    imports,
    inbox,
    report,
    services,
    users,
)

STAFF_ROUTES: tuple[ModuleType, ...] = (
    auth,
    account,
    home,
    answers,
    services,
    imports,
    report,
    gaps,
    inbox,
    users,
    audit,
)
