"""The region field of the staff pages: a town, a postal code or the official key (AGS).

Staff know "Köln" or "50667", rarely "05315". A key (or its start) goes on as it always did; a town
or a postal code is looked up in the gazetteer and the page opens again with its district's key; a
name several districts share ("Frankfurt", "Mülheim") offers them to choose from. Five digits are a
district's key when one has it, else a postal code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import RedirectResponse

from bot.content.places import resolve_place
from bot.db.models import Region
from bot.web.deps import database

KEY: Final = re.compile(r"^\d{1,12}$")
"""An official key or its start, which the pages read themselves."""
POSTAL_CODE_LENGTH: Final = 5
"""As long as a district's key: five digits are the district with that key, else a postal code."""
MAX_TYPED: Final = 80


@dataclass(frozen=True)
class RegionLookup:
    """What the page says under its filters when a typed place named no single district."""

    typed: str
    choices: tuple[tuple[str, str], ...] = ()
    """(name, link to this page for that district) when several share the name; none: nothing found."""


def look_up_region(request: Request, typed: str | None) -> RedirectResponse | RegionLookup | None:
    """``None`` when the field is empty or holds a key; else the same page with the district's key,
    or what to show instead (the districts to choose from, or that none was found)."""
    text = " ".join((typed or "").split())[:MAX_TYPED]
    if not text or (KEY.match(text) and len(text) != POSTAL_CODE_LENGTH):
        return None
    with database(request) as db:
        if KEY.match(text) and db.get(Region, text) is not None:
            return None  # a district's key; the page names the district, so a postal code is noticed
        found = resolve_place(db, text=text)
    if found.place is not None and found.place.ags:
        return RedirectResponse(_with_region(request, found.place.ags), status_code=303)
    choices = {
        _with_region(request, place.ags): f"{place.name} ({place.region_name or place.ags})"
        for place in found.candidates
        if place.ags
    }
    return RegionLookup(text, tuple((name, link) for link, name in choices.items()))


def _with_region(request: Request, key: str) -> str:
    params = dict(request.query_params)
    params["region"] = key
    return f"{request.url.path}?{urlencode(params)}"
