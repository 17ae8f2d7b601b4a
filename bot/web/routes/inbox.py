"""The question inbox (admins and editors, scoped by region as answers are): label, mark, discard.

Each question shows the model's guess; nobody is shown as having asked it, because nobody knows.
Labels are audited as staff actions (who labelled, never who asked).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from bot.content.inbox import STATUSES, LabelError, label
from bot.db.models import InboxQuestion
from bot.languages import language_codes
from bot.staff import permissions
from bot.staff.audit import Actor, record
from bot.topics import INTENTS
from bot.web.deps import CurrentStaff, database, require, staff_router
from bot.web.templating import render

router = staff_router()
PAGE = 200


@router.get("/staff/inbox", name="inbox")
def inbox(
    request: Request,
    user: CurrentStaff,
    status: Annotated[str, Query(max_length=16)] = "new",
    language: Annotated[str, Query(max_length=8)] = "",
) -> Response:
    """Questions of one status in the account's region; ``language`` narrows them to one language."""
    require(permissions.can_use_inbox(user))
    status = status if status in STATUSES else "new"
    language = language if language in language_codes() else ""
    with database(request) as db:
        query = select(InboxQuestion).where(InboxQuestion.status == status).order_by(InboxQuestion.id.desc())
        if language:
            query = query.where(InboxQuestion.language == language)
        rows = [r for r in db.scalars(query) if permissions.can_label_question(user, region=r.region)][:PAGE]
    context = {
        "rows": rows,
        "status": status,
        "statuses": STATUSES,
        "intents": INTENTS,
        "language": language,
        "languages": language_codes(),
    }
    return render(request, "inbox/list.html", context)


@router.post("/staff/inbox/{question_id}")
def decide(
    request: Request,
    user: CurrentStaff,
    question_id: int,
    action: Annotated[str, Form(max_length=16)] = "",
    intent: Annotated[str, Form(max_length=64)] = "",
    new_topic: Annotated[str, Form(max_length=200)] = "",
    language: Annotated[str, Form(max_length=8)] = "",
) -> Response:
    require(permissions.can_use_inbox(user))
    back = f"/staff/inbox?language={language}" if language in language_codes() else "/staff/inbox"
    with database(request) as db:
        row = db.get(InboxQuestion, question_id)
        require(row is not None and permissions.can_label_question(user, region=row.region))
        try:
            if action == "label":
                label(db, question_id, intent=intent)
            elif action == "new_topic":
                label(db, question_id, new_topic=new_topic)
            elif action == "discard":
                label(db, question_id)
            else:
                raise LabelError("unknown action")
        except LabelError:
            return RedirectResponse(f"{back}{'&' if '?' in back else '?'}error=1", status_code=303)
        actor = Actor(user.id, user.username)
        detail = intent if action == "label" else new_topic if action == "new_topic" else ""
        record(db, actor=actor, action=f"inbox.{action}", target=f"inbox:{question_id}", detail=detail)
    return RedirectResponse(back, status_code=303)
