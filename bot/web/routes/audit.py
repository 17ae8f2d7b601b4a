"""The audit log (admins only): who changed what and when, newest first."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request
from fastapi.responses import Response

from bot.staff import permissions
from bot.staff.audit import recent
from bot.web.deps import CurrentStaff, database, require, staff_router
from bot.web.templating import render

router = staff_router()
PAGE = 100


@router.get("/staff/audit", name="audit")
def audit_log(
    request: Request,
    user: CurrentStaff,
    page: Annotated[int, Query(ge=1, le=100000)] = 1,
    actor: Annotated[str | None, Query(max_length=64)] = None,
) -> Response:
    require(permissions.can_view_audit(user))
    with database(request) as db:
        rows, total = recent(db, limit=PAGE, offset=(page - 1) * PAGE, actor=actor or None)
    return render(
        request,
        "audit/list.html",
        {"rows": rows, "page": page, "pages": max(1, -(-total // PAGE)), "actor": actor or ""},
    )
