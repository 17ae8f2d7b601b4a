"""Importing a service directory file (HSDS JSON or CSV) from the browser: preview first, then write.

The upload is checked completely (:func:`bot.content.service_files.check_services_file`, plus the
editor's scope for the rows and for every existing record their ids point to,
:mod:`bot.staff.import_scope`) and shown as a preview: every problem as row, field and reason, or
what would be added and changed. Nothing is written until the person confirms a file without
problems; the file waits for that in ``var/imports`` (only for its uploader, at most an hour).
"""

from __future__ import annotations

import json
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from fastapi import File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from bot.content.service_files import ServiceFileCheck, check_services_file
from bot.content.service_store import StoreResult, store_records
from bot.staff import permissions
from bot.staff.audit import Actor, record
from bot.staff.i18n import L_
from bot.staff.import_scope import import_scope_problems
from bot.web.deps import CurrentStaff, StaffIdentity, database, require, settings_of, staff_router
from bot.web.staff_session import staff_session
from bot.web.templating import render

router = staff_router()
MAX_BYTES = 10 * 1024 * 1024
KEEP_SECONDS = 60 * 60
PREVIEW_ROWS = 200


@dataclass(frozen=True)
class Pending:
    token: str
    data: bytes
    filename: str


def _folder(request: Request) -> Path:
    folder = settings_of(request).var / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _forget_old(folder: Path) -> None:
    for path in folder.glob("*.json"):
        if time.time() - path.stat().st_mtime > KEEP_SECONDS:
            path.unlink(missing_ok=True)
            path.with_suffix(".upload").unlink(missing_ok=True)


def _keep(request: Request, user: StaffIdentity, data: bytes, filename: str) -> str:
    folder = _folder(request)
    _forget_old(folder)
    token = secrets.token_urlsafe(18)
    (folder / f"{token}.upload").write_bytes(data)
    (folder / f"{token}.json").write_text(json.dumps({"user": user.id, "filename": filename}))
    return token


def _pending(request: Request, user: StaffIdentity, token: str) -> Pending | None:
    if not token.replace("-", "").replace("_", "").isalnum():
        return None
    folder = _folder(request)
    meta_path, data_path = folder / f"{token}.json", folder / f"{token}.upload"
    try:
        meta = json.loads(meta_path.read_text())
        if meta.get("user") != user.id or time.time() - meta_path.stat().st_mtime > KEEP_SECONDS:
            return None
        return Pending(token, data_path.read_bytes(), str(meta.get("filename") or ""))
    except (OSError, ValueError):
        return None


def _drop(request: Request, token: str) -> None:
    folder = _folder(request)
    (folder / f"{token}.json").unlink(missing_ok=True)
    (folder / f"{token}.upload").unlink(missing_ok=True)


def _check(db: Session, user: StaffIdentity, data: bytes, filename: str) -> ServiceFileCheck:
    check = check_services_file(db, data=data, filename=filename)
    if not check.ok:
        return check
    scope = import_scope_problems(db, user, check.records)
    return ServiceFileCheck(check.format, check.records, scope, check.notes) if scope else check


def _dry_run(db: Session, check: ServiceFileCheck) -> StoreResult:
    """What storing would do, without keeping any of it."""
    savepoint = db.begin_nested()
    try:
        return store_records(db, check.records)
    finally:
        savepoint.rollback()


@router.get("/staff/import", name="import")
def upload_page(request: Request, user: CurrentStaff) -> Response:
    require(permissions.can_use_directory(user))
    return render(request, "imports/upload.html", {"error": None})


@router.post("/staff/import")
def preview(
    request: Request,
    user: CurrentStaff,
    file: Annotated[UploadFile, File()],
) -> Response:
    require(permissions.can_use_directory(user))
    data = file.file.read(MAX_BYTES + 1)
    filename = (file.filename or "")[-200:]
    if not data:
        return render(request, "imports/upload.html", {"error": L_("Choose a file first.")}, status_code=422)
    if len(data) > MAX_BYTES:
        return render(
            request,
            "imports/upload.html",
            {"error": L_("The file is larger than 10 MB; split it into smaller files.")},
            status_code=413,
        )
    with database(request) as db:
        check = _check(db, user, data, filename)
        result = _dry_run(db, check) if check.ok else None
    token = _keep(request, user, data, filename) if check.ok else None
    return render(
        request,
        "imports/preview.html",
        {
            "check": check,
            "result": result,
            "token": token,
            "filename": filename,
            "shown": check.records[:PREVIEW_ROWS],
        },
        status_code=200 if check.ok else 422,
    )


@router.post("/staff/import/confirm")
def confirm(
    request: Request,
    user: CurrentStaff,
    token: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    require(permissions.can_use_directory(user))
    session = staff_session(request)
    pending = _pending(request, user, token)
    if pending is None:
        session.add_flash(
            L_("This upload has expired; nothing was imported. Please upload the file again."),
            kind="error",
        )
        return RedirectResponse("/staff/import", status_code=303)
    with database(request) as db:
        check = _check(db, user, pending.data, pending.filename)
        if not check.ok:
            return render(
                request,
                "imports/preview.html",
                {
                    "check": check,
                    "result": None,
                    "token": None,
                    "filename": pending.filename,
                    "shown": check.records[:PREVIEW_ROWS],
                },
                status_code=422,
            )
        result = store_records(db, check.records)
        record(
            db,
            actor=Actor(user.id, user.username),
            action="services.import",
            target=pending.filename or "upload",
            detail=str(result),
        )
    _drop(request, pending.token)
    session.add_flash(
        L_("Imported: %(added)s added, %(updated)s changed, %(unchanged)s unchanged."),
        kind="success",
        added=result.added,
        updated=result.updated,
        unchanged=result.unchanged,
    )
    return RedirectResponse("/staff/services", status_code=303)
