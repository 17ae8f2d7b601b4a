"""Answers and translations: the topics × languages overview, the editor, history, diff and restore.

Every page checks :func:`bot.staff.permissions.can_edit_answer` for the text it opens, so a
translator reaches only their own languages, whatever the URL says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Annotated

from fastapi import Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.content.answer_editing import (
    EditConflict,
    EditRefused,
    TextKey,
    german_source,
    latest,
    publish_version,
    restore,
    revision,
    revisions,
    save_text,
)
from bot.content.answer_status import text_states
from bot.db.models import Answer, AnswerStatus, Region, Role, StaffUser
from bot.languages import SOURCE_LANGUAGE, language_codes
from bot.staff import permissions
from bot.staff.audit import Actor
from bot.staff.i18n import L_
from bot.topics import TOPICS
from bot.web.answer_preview import preview
from bot.web.deps import CurrentStaff, NotFound, StaffIdentity, database, require, staff_router
from bot.web.region_field import look_up_region
from bot.web.staff_session import staff_session
from bot.web.templating import render
from bot.web.text_diff import word_diff

router = staff_router()

REGION = re.compile(r"^\d{2,12}$")


def _region(value: str | None) -> str | None:
    value = (value or "").strip()
    return value if REGION.match(value) else None


def _editable_key(user: StaffIdentity, topic: str, language: str, region: str | None) -> TextKey:
    """The text a URL names, when this account may edit it: 404 for an unknown topic or language,
    403 outside the account's languages or regions, whatever the URL says."""
    if topic not in TOPICS or language not in language_codes():
        raise NotFound
    key = TextKey(topic, language, _region(region))
    require(permissions.can_edit_answer(user, language=key.language, region=key.region))
    return key


def _authors(session: Session, rows: list[Answer]) -> dict[int, str]:
    ids = {row.author_id for row in rows if row.author_id is not None}
    if not ids:
        return {}
    found = session.execute(select(StaffUser.id, StaffUser.username).where(StaffUser.id.in_(ids)))
    return {user_id: username for user_id, username in found}


def _region_name(session: Session, region: str | None) -> str | None:
    if region is None:
        return None
    found = session.get(Region, region)
    return found.name if found else None


def _url(key: TextKey, suffix: str = "") -> str:
    base = f"/staff/answers/{key.topic}/{key.language}{suffix}"
    return f"{base}?region={key.region}" if key.region else base


@router.get("/staff/answers", name="answers")
def overview(request: Request, user: CurrentStaff, region: str | None = None) -> Response:
    require(permissions.can_view_answers(user))
    lookup = look_up_region(request, region)
    if isinstance(lookup, RedirectResponse):
        return lookup
    chosen = _region(region)
    if region is None and permissions.answer_regions_limited_to(user):
        chosen = permissions.answer_regions_limited_to(user)
    shown = language_codes()
    if user.role is Role.TRANSLATOR:  # German (their source) and their own languages
        editable = permissions.answer_languages(user)
        shown = [code for code in shown if code == SOURCE_LANGUAGE or code in editable]
    with database(request) as db:
        states = text_states(db, topics=list(TOPICS), languages=shown, region=chosen)
        region_name = _region_name(db, chosen)
    return render(
        request,
        "answers/overview.html",
        {
            "topics": TOPICS,
            "languages": shown,
            "states": states,
            "region": chosen,
            "region_name": region_name,
            "region_lookup": lookup,
            "can_edit": lambda language: permissions.can_edit_answer(user, language=language, region=chosen),
        },
    )


@dataclass
class EditorForm:
    """What the editor shows in its fields (from the database, or as the person typed it)."""

    text: str
    reference: str
    last_reviewed: str
    minor_edit: bool
    base_version: int
    source_version: int | None


def _editor_context(db: Session, key: TextKey, form: EditorForm | None) -> dict[str, object]:
    current = latest(db, key=key)
    published = (
        current
        if current is not None and current.status is AnswerStatus.PUBLISHED
        else next((r for r in revisions(db, key=key) if r.status is AnswerStatus.PUBLISHED), None)
    )
    source = (
        None if key.language == SOURCE_LANGUAGE else german_source(db, topic=key.topic, region=key.region)
    )
    german_draft = None
    if source is not None:
        newest_german = latest(db, key=TextKey(key.topic, SOURCE_LANGUAGE, source.region))
        if newest_german is not None and newest_german.version > source.version:
            german_draft = newest_german
    nationwide = latest(db, key=TextKey(key.topic, key.language, None)) if key.region is not None else None
    if form is None:
        form = EditorForm(
            text=current.text if current else "",
            reference=current.reference if current else (source.reference if source else ""),
            last_reviewed=current.last_reviewed.isoformat() if current and current.last_reviewed else "",
            minor_edit=False,
            base_version=current.version if current else 0,
            source_version=source.version if source else None,
        )
    outdated = (
        source is not None
        and current is not None
        and current.source_version is not None
        and source.version > current.source_version
        and not source.minor_edit
    )
    rows = [r for r in (current, source, nationwide) if r is not None]
    return {
        "key": key,
        "current": current,
        "published": published,
        "source": source,
        "german_draft": german_draft,
        "nationwide": nationwide,
        "form": form,
        "outdated": outdated,
        "preview": preview(
            topic=key.topic,
            language=key.language,
            text=form.text,
            last_reviewed=_parse_date(form.last_reviewed),
            public_source=current.public_source if current else None,
        )
        if form.text.strip()
        else None,
        "authors": _authors(db, rows),
        "region_name": _region_name(db, key.region),
        "url": _url(key),
        "history_url": _url(key, "/history"),
    }


@router.get("/staff/answers/{topic}/{language}", name="answer_editor")
def editor(
    request: Request, user: CurrentStaff, topic: str, language: str, region: str | None = None
) -> Response:
    key = _editable_key(user, topic, language, region)
    with database(request) as db:
        context = _editor_context(db, key, None)
    return render(request, "answers/edit.html", context)


def _parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@router.post("/staff/answers/{topic}/{language}")
def save(
    request: Request,
    user: CurrentStaff,
    topic: str,
    language: str,
    text: Annotated[str, Form(max_length=20000)] = "",
    reference: Annotated[str, Form(max_length=500)] = "",
    last_reviewed: Annotated[str, Form(max_length=20)] = "",
    minor_edit: Annotated[bool, Form()] = False,
    base_version: Annotated[int, Form(ge=0)] = 0,
    source_version: Annotated[int | None, Form()] = None,
    region: Annotated[str, Form(max_length=12)] = "",
    action: Annotated[str, Form(max_length=20)] = "draft",
) -> Response:
    key = _editable_key(user, topic, language, region)
    form = EditorForm(text, reference, last_reviewed, minor_edit, base_version, source_version)
    actor = Actor(user.id, user.username)
    with database(request) as db:
        if action == "preview":
            return render(request, "answers/edit.html", _editor_context(db, key, form))
        try:
            with db.begin_nested():
                row = save_text(
                    db,
                    actor=actor,
                    key=key,
                    text=text,
                    base_version=base_version,
                    publish=action == "publish",
                    reference=reference,
                    last_reviewed=_parse_date(last_reviewed),
                    minor_edit=minor_edit,
                    source_version=source_version,
                )
        except EditConflict as conflict:
            context = _editor_context(db, key, form)
            theirs = conflict.current
            context.update(
                conflict=theirs,
                conflict_diff=word_diff(theirs.text if theirs else "", text),
                authors=_authors(db, [theirs] if theirs else []),
            )
            return render(request, "answers/conflict.html", context, status_code=409)
        except EditRefused as refused:
            context = _editor_context(db, key, form)
            context["error"] = (refused.message, refused.values)
            return render(request, "answers/edit.html", context, status_code=422)
        published = row.status is AnswerStatus.PUBLISHED
    if row.version == base_version and not (published and action == "publish"):
        message = L_("Nothing changed: version %(version)s stays as it is.")
    elif published:
        message = L_("Published: version %(version)s is what the bot now says.")
    else:
        message = L_("Saved as draft version %(version)s. The bot still shows the published text.")
    staff_session(request).add_flash(message, kind="success", version=row.version)
    return RedirectResponse(_url(key), status_code=303)


@router.post("/staff/answers/{topic}/{language}/publish")
def publish(
    request: Request,
    user: CurrentStaff,
    topic: str,
    language: str,
    version: Annotated[int, Form(ge=1)],
    region: Annotated[str, Form(max_length=12)] = "",
) -> Response:
    key = _editable_key(user, topic, language, region)
    session = staff_session(request)
    with database(request) as db:
        try:
            with db.begin_nested():
                publish_version(db, actor=Actor(user.id, user.username), key=key, version=version)
        except EditConflict as conflict:
            session.add_flash(
                L_(
                    "Not published: someone saved version %(version)s in the meantime. "
                    "Read it below, then publish again."
                ),
                kind="error",
                version=conflict.current.version if conflict.current else 0,
            )
            return RedirectResponse(_url(key), status_code=303)
        except EditRefused as refused:
            session.add_flash(refused.message, kind="error", **refused.values)
            return RedirectResponse(_url(key), status_code=303)
    session.add_flash(
        L_("Published: version %(version)s is what the bot now says."), kind="success", version=version
    )
    return RedirectResponse(_url(key), status_code=303)


@router.get("/staff/answers/{topic}/{language}/history", name="answer_history")
def history(
    request: Request, user: CurrentStaff, topic: str, language: str, region: str | None = None
) -> Response:
    key = _editable_key(user, topic, language, region)
    with database(request) as db:
        rows = revisions(db, key=key)
        authors = _authors(db, rows)
    return render(
        request,
        "answers/history.html",
        {
            "key": key,
            "rows": rows,
            "authors": authors,
            "url": _url(key),
            "history_url": _url(key, "/history"),
        },
    )


@router.get("/staff/answers/{topic}/{language}/diff", name="answer_diff")
def diff(
    request: Request,
    user: CurrentStaff,
    topic: str,
    language: str,
    a: Annotated[int, Query(ge=1)],
    b: Annotated[int, Query(ge=1)],
    region: str | None = None,
) -> Response:
    key = _editable_key(user, topic, language, region)
    old, new = sorted((a, b))
    with database(request) as db:
        first = revision(db, key=key, version=old)
        second = revision(db, key=key, version=new)
        if first is None or second is None:
            raise NotFound
        authors = _authors(db, [first, second])
    return render(
        request,
        "answers/diff.html",
        {
            "key": key,
            "first": first,
            "second": second,
            "changes": word_diff(first.text, second.text),
            "authors": authors,
            "url": _url(key),
            "history_url": _url(key, "/history"),
        },
    )


@router.post("/staff/answers/{topic}/{language}/restore")
def restore_version(
    request: Request,
    user: CurrentStaff,
    topic: str,
    language: str,
    version: Annotated[int, Form(ge=1)],
    base_version: Annotated[int, Form(ge=0)],
    region: Annotated[str, Form(max_length=12)] = "",
) -> Response:
    key = _editable_key(user, topic, language, region)
    session = staff_session(request)
    with database(request) as db:
        try:
            with db.begin_nested():
                row = restore(
                    db,
                    actor=Actor(user.id, user.username),
                    key=key,
                    version=version,
                    base_version=base_version,
                )
        except EditConflict as conflict:
            session.add_flash(
                L_(
                    "Not restored: someone saved version %(version)s in the meantime. "
                    "Look at the history again."
                ),
                kind="error",
                version=conflict.current.version if conflict.current else 0,
            )
            return RedirectResponse(_url(key, "/history"), status_code=303)
        except EditRefused as refused:
            session.add_flash(refused.message, kind="error", **refused.values)
            return RedirectResponse(_url(key, "/history"), status_code=303)
    session.add_flash(
        L_("Version %(old)s is back as draft version %(version)s. Publish it to make it live."),
        kind="success",
        old=version,
        version=row.version,
    )
    return RedirectResponse(_url(key), status_code=303)


@router.post("/staff/answers/{topic}/{language}/preview", name="answer_preview")
def live_preview(
    request: Request,
    user: CurrentStaff,
    topic: str,
    language: str,
    text: Annotated[str, Form(max_length=20000)] = "",
    region: Annotated[str, Form(max_length=12)] = "",
) -> Response:
    """The preview panel alone, for htmx to refresh while typing (the page works without it)."""
    key = _editable_key(user, topic, language, region)
    return render(
        request,
        "answers/_preview.html",
        {
            "preview": preview(topic=key.topic, language=key.language, text=text) if text.strip() else None,
            "key": key,
        },
    )
