"""The service directory: list, search and filter; create, edit, verify and retire services.

Saving checks the form with the import's rules, fills coordinates, town and region key from the postal
code (gazetteer), and refuses a save on top of a version someone else changed meanwhile (the
service's ``version``), showing both. Services not verified for 12 months are flagged.
"""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Select, exists, func, or_, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from bot.content.freshness import check_due, stale_before
from bot.content.service_records import Problem, ServiceRecord, complete_from_gazetteer
from bot.content.service_store import store_records
from bot.db.models import (
    Location,
    Organisation,
    Provider,
    Service,
    ServiceLanguage,
    ServiceTopic,
)
from bot.db.models.organisation import new_uid, utc_now
from bot.languages import language_codes
from bot.staff import permissions
from bot.staff.audit import Actor, record
from bot.staff.i18n import L_
from bot.topics import TOPICS
from bot.web.deps import (
    CurrentStaff,
    NotFound,
    StaffIdentity,
    database,
    require,
    staff_router,
)
from bot.web.region_field import MAX_TYPED, look_up_region
from bot.web.service_form import ServiceForm, field_errors, form_to_record
from bot.web.staff_session import staff_session
from bot.web.templating import render

router = staff_router()
PAGE = 50


def is_stale(service: Service, today: date | None = None) -> bool:
    return check_due(service.last_verified, today)


def _may_edit(user: StaffIdentity, service: Service) -> bool:
    region = service.location.ags if service.location else None
    return permissions.can_edit_service(user, organisation_id=service.organisation_id, region=region)


def _listing(
    *,
    q: str,
    topic: str,
    language: str,
    region: str,
    provider: str,
    stale: bool,
    mine: StaffIdentity | None,
) -> Select[Service]:
    query = (
        select(Service)
        .join(Organisation, Organisation.id == Service.organisation_id)
        .outerjoin(Location, Location.id == Service.location_id)
    )
    if q:
        pattern = f"%{q.casefold()}%"
        query = query.where(
            or_(
                func.lower(Service.name).like(pattern),
                func.lower(Organisation.name).like(pattern),
                func.lower(Location.city).like(pattern),
                Location.postal_code.startswith(q, autoescape=True),
            )
        )
    if topic in TOPICS:
        query = query.where(
            exists().where(ServiceTopic.service_id == Service.id, ServiceTopic.topic == topic)
        )
    if language:
        query = query.where(
            exists().where(ServiceLanguage.service_id == Service.id, ServiceLanguage.language == language)
        )
    if region.isdigit():
        query = query.where(Location.ags.startswith(region, autoescape=True))
    if provider in Provider._value2member_map_:
        query = query.where(Organisation.provider == Provider(provider))
    if stale:
        query = query.where(or_(Service.last_verified.is_(None), Service.last_verified < stale_before()))
    if mine is not None and not (mine.role.value == "admin" or mine.nationwide):
        scope = []
        if mine.organisation_id is not None:
            scope.append(Service.organisation_id == mine.organisation_id)
        if mine.region:
            scope.append(Location.ags.startswith(mine.region, autoescape=True))
        query = query.where(or_(*scope)) if scope else query.where(Service.id.is_(None))
    return query


@router.get("/staff/services", name="services")
def services(
    request: Request,
    user: CurrentStaff,
    q: Annotated[str, Query(max_length=100)] = "",
    topic: Annotated[str, Query(max_length=64)] = "",
    language: Annotated[str, Query(max_length=16)] = "",
    region: Annotated[str, Query(max_length=MAX_TYPED)] = "",
    provider: Annotated[str, Query(max_length=32)] = "",
    stale: bool = False,
    mine: bool | None = None,
    page: Annotated[int, Query(ge=1, le=100000)] = 1,
) -> Response:
    require(permissions.can_use_directory(user))
    lookup = look_up_region(request, region)
    if isinstance(lookup, RedirectResponse):
        return lookup
    if lookup is not None:
        region = ""  # no district by that name: the list unfiltered, and the notice says why
    only_mine = mine if mine is not None else not (user.role.value == "admin" or user.nationwide)
    query = _listing(
        q=q.strip(),
        topic=topic,
        language=language.strip().casefold(),
        region=region.strip(),
        provider=provider,
        stale=stale,
        mine=user if only_mine else None,
    )
    with database(request) as db:
        total = int(db.scalar(select(func.count()).select_from(query.subquery())) or 0)
        rows = list(
            db.scalars(
                query.options(
                    selectinload(Service.organisation),
                    selectinload(Service.location),
                    selectinload(Service.topics),
                    selectinload(Service.languages),
                )
                .order_by(Organisation.name, Service.name, Service.id)
                .limit(PAGE)
                .offset((page - 1) * PAGE)
            )
        )
        listed = [{"service": s, "stale": is_stale(s), "editable": _may_edit(user, s)} for s in rows]
    filters = {
        "q": q,
        "topic": topic,
        "language": language,
        "region": lookup.typed if lookup else region,
        "provider": provider,
        "stale": stale,
        "mine": only_mine,
    }
    return render(
        request,
        "services/list.html",
        {
            "rows": listed,
            "total": total,
            "page": page,
            "pages": max(1, -(-total // PAGE)),
            "filters": filters,
            "region_lookup": lookup,
            "topics": TOPICS,
            "providers": [p.value for p in Provider],
            "page_query": lambda number: urlencode(
                [(k, v) for k, v in request.query_params.multi_items() if k != "page"]
                + [("page", str(number))]
            ),
        },
    )


def _organisations(db: Session, user: StaffIdentity) -> list[Organisation]:
    query = select(Organisation).order_by(Organisation.name)
    if user.role.value != "admin" and not user.nationwide and not user.region:
        query = query.where(Organisation.id == user.organisation_id)
    return list(db.scalars(query))


def _load(db: Session, service_id: int) -> Service:
    service = db.get(
        Service,
        service_id,
        options=[
            selectinload(Service.organisation),
            selectinload(Service.location),
            selectinload(Service.topics),
            selectinload(Service.languages),
            selectinload(Service.opening_hours),
        ],
    )
    if service is None:
        raise NotFound
    return service


def _editable(db: Session, user: StaffIdentity, service_id: int) -> Service:
    """The service, when this account may change it: 404 and 403 otherwise, before anything else."""
    service = _load(db, service_id)
    require(_may_edit(user, service))
    return service


def _changed_meanwhile(request: Request, service_id: int, refusal: str) -> RedirectResponse:
    """Back to the service, saying nothing was done: the page showed an older version."""
    staff_session(request).add_flash(refusal, kind="error")
    return RedirectResponse(f"/staff/services/{service_id}", status_code=303)


def _form_context(
    db: Session,
    user: StaffIdentity,
    form: ServiceForm,
    service: Service | None,
    errors: dict[str, list[str]] | None = None,
) -> dict[str, Any]:
    return {
        "service": service,
        "form": form,
        "errors": errors or {},
        "organisations": _organisations(db, user),
        "topics": TOPICS,
        "bot_language_codes": language_codes(),
        "stale": service is not None and is_stale(service),
        "conflict": None,
    }


@router.get("/staff/services/new", name="service_new")
def new_service(request: Request, user: CurrentStaff) -> Response:
    require(permissions.can_use_directory(user))
    form = ServiceForm(
        organisation_id=str(user.organisation_id or ""), last_verified=date.today().isoformat()
    )
    with database(request) as db:
        return render(request, "services/edit.html", _form_context(db, user, form, None))


@router.get("/staff/services/{service_id}", name="service_edit")
def edit_service(request: Request, user: CurrentStaff, service_id: int) -> Response:
    require(permissions.can_use_directory(user))
    with database(request) as db:
        service = _editable(db, user, service_id)
        return render(
            request, "services/edit.html", _form_context(db, user, ServiceForm.of(service), service)
        )


def _changes(theirs: ServiceForm, yours: ServiceForm) -> list[tuple[str, Any, Any]]:
    mine, other = asdict(yours), asdict(theirs)
    return [
        (name, other[name], mine[name]) for name in mine if name != "version" and mine[name] != other[name]
    ]


async def _submitted(request: Request) -> ServiceForm:
    form = await request.form()
    data: dict[str, Any] = {key: form.get(key) for key in form}
    data["topics"] = form.getlist("topics")
    data["languages"] = form.getlist("languages")
    return ServiceForm.parse(data)


Submitted = Annotated[ServiceForm, Depends(_submitted)]


@router.post("/staff/services/new")
def create_service(request: Request, user: CurrentStaff, form: Submitted) -> Response:
    require(permissions.can_use_directory(user))
    return _save(request, user, form, None)


@router.post("/staff/services/{service_id}")
def update_service(request: Request, user: CurrentStaff, form: Submitted, service_id: int) -> Response:
    require(permissions.can_use_directory(user))
    return _save(request, user, form, service_id)


def _save(request: Request, user: StaffIdentity, form: ServiceForm, service_id: int | None) -> Response:
    actor = Actor(user.id, user.username)
    with database(request) as db:
        existing = _editable(db, user, service_id) if service_id is not None else None
        organisation = (
            db.get(Organisation, int(form.organisation_id)) if form.organisation_id.isdigit() else None
        )
        problems: list[Problem] = []
        if organisation is None:
            context = _form_context(
                db, user, form, existing, {"organisation_id": [L_("Choose the organisation.")]}
            )
            return render(request, "services/edit.html", context, status_code=422)
        draft, problems = form_to_record(form, organisation=organisation, existing=existing)
        far: list[Problem] = []
        completed, placing = complete_from_gazetteer(db, [draft], warnings=far)
        service_record = own_location(db, completed[0], existing)
        problems.extend(placing + far)  # typed coordinates far from the postal code: fix one of them
        if not permissions.can_edit_service(user, organisation_id=organisation.id, region=service_record.ags):
            problems.append(Problem(0, "organisation_id", L_("Outside your organisation and region.")))
        if problems:
            context = _form_context(db, user, form, existing, field_errors(problems))
            return render(request, "services/edit.html", context, status_code=422)
        if existing is not None and form.version != str(existing.version):
            return _conflict(request, db, user, form, existing)
        try:
            with db.begin_nested():
                before = existing.version if existing else None
                result = store_records(db, [service_record])
                _, uid, _ = service_record.uids()
                saved = db.scalars(select(Service).where(Service.uid == uid)).one()
                if existing is not None and result.updated and saved.version == before:
                    saved.updated_at = utc_now()  # topics or hours only: still a new version
                    db.flush()
        except StaleDataError:
            db.expire_all()
            return _conflict(request, db, user, form, _load(db, existing.id if existing else 0))
        if existing is None and result.added == 0:
            context = _form_context(
                db, user, form, None, {"name": [L_("This service exists already at this address.")]}
            )
            return render(request, "services/edit.html", context, status_code=422)
        record(
            db,
            actor=actor,
            action="service.create" if existing is None else "service.update",
            target=f"service {saved.id}",
            detail=saved.name,
        )
        saved_id = saved.id
    staff_session(request).add_flash(L_("The service is saved."), kind="success")
    return RedirectResponse(f"/staff/services/{saved_id}", status_code=303)


def _same_coordinate(stored: float | None, given: float | None) -> bool:
    """Equal as the form shows them (6 decimals, about 10 cm)."""
    if stored is None or given is None:
        return stored is given
    return abs(stored - given) < 5e-7


def own_location(db: Session, record: ServiceRecord, existing: Service | None) -> ServiceRecord:
    """``record`` with a location of its own when saving it would change a location that other
    services share (two services at one address share a row): an edit of one service never moves
    another."""
    _, _, location_uid = record.uids()
    if location_uid is None:
        return record
    location = db.scalars(
        select(Location)
        .where(Location.uid == location_uid)
        .options(selectinload(Location.services), selectinload(Location.organisation))
    ).first()
    if location is None:
        return record
    organisation_uid, _, _ = record.uids()
    same = (
        (location.name, location.address, location.postal_code, location.city, location.ags)
        == (record.location_name, record.address, record.postal_code, record.city, record.ags)
        and location.organisation.uid == organisation_uid
        and _same_coordinate(location.latitude, record.latitude)
        and _same_coordinate(location.longitude, record.longitude)
    )
    others = [s for s in location.services if existing is None or s.id != existing.id]
    if same or not others:
        return record
    return replace(record, location_uid=new_uid())


def _conflict(
    request: Request, db: Session, user: StaffIdentity, form: ServiceForm, current: Service
) -> Response:
    theirs = ServiceForm.of(current)
    context = _form_context(db, user, form, current)
    form.version = theirs.version  # saving again means: mine, on top of theirs
    context.update(conflict=_changes(theirs, form), form=form)
    return render(request, "services/edit.html", context, status_code=409)


@router.post("/staff/services/{service_id}/verified")
def mark_verified(
    request: Request,
    user: CurrentStaff,
    service_id: int,
    version: Annotated[str, Form(max_length=12)] = "",
) -> Response:
    require(permissions.can_use_directory(user))
    session = staff_session(request)
    with database(request) as db:
        service = _editable(db, user, service_id)
        if version != str(service.version):
            return _changed_meanwhile(
                request,
                service_id,
                L_("Not saved: someone changed this service in the meantime. Check it again."),
            )
        service.last_verified = date.today()
        record(
            db,
            actor=Actor(user.id, user.username),
            action="service.verified",
            target=f"service {service.id}",
            detail=service.name,
        )
    session.add_flash(L_("Marked as checked today."), kind="success")
    return RedirectResponse(f"/staff/services/{service_id}", status_code=303)


@router.post("/staff/services/{service_id}/delete")
def retire(
    request: Request,
    user: CurrentStaff,
    service_id: int,
    version: Annotated[str, Form(max_length=12)] = "",
) -> Response:
    require(permissions.can_use_directory(user))
    session = staff_session(request)
    with database(request) as db:
        service = _editable(db, user, service_id)
        if version != str(service.version):
            return _changed_meanwhile(
                request,
                service_id,
                L_("Not removed: someone changed this service in the meantime. Check it again."),
            )
        record(
            db,
            actor=Actor(user.id, user.username),
            action="service.delete",
            target=f"service {service.id}",
            detail=service.name,
        )
        db.delete(service)
    session.add_flash(L_("The service is removed from the directory."), kind="success")
    return RedirectResponse("/staff/services", status_code=303)
