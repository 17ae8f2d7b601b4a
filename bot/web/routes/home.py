"""The start page after login: what needs attention in this person's part of the work."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from bot.content.answer_status import State, text_states
from bot.staff import permissions
from bot.topics import TOPICS
from bot.web.deps import CurrentStaff, database, staff_router
from bot.web.templating import render

router = staff_router()


@router.get("/staff", include_in_schema=False)
def staff_root() -> Response:
    return RedirectResponse("/staff/", status_code=307)


@router.get("/staff/", name="home")
def home(request: Request, user: CurrentStaff) -> Response:
    languages = permissions.answer_languages(user)
    region = permissions.answer_regions_limited_to(user)
    with database(request) as db:
        states = text_states(db, topics=list(TOPICS), languages=languages, region=region)
    listed = sorted(states.values(), key=lambda s: (s.language, s.topic))
    todo = {
        "outdated": [s for s in listed if s.outdated],
        "drafts": [s for s in listed if s.state is State.DRAFT],
        "missing": [s for s in listed if s.state is State.MISSING],
    }
    return render(request, "home.html", {"todo": todo, "region": region})
