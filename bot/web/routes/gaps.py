"""Gaps in provision (a part of the report): per district, what is asked against what is near.

The figures come from :mod:`bot.content.gaps` (same suppression as the usage report). Pages: the
districts people asked from, with their flags; one district; its one-page summary for a municipal
committee (a print stylesheet, German like every staff page by default); the CSV of exactly those
figures. Permissions and scope are the report's: every staff role, every region (counts only).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Annotated

from babel.dates import format_date
from fastapi import Depends, Query, Request
from fastapi.responses import RedirectResponse, Response

from bot.content.csv_cells import safe_cell
from bot.content.gaps import (
    DISTRICT_KEY_LENGTH,
    RADIUS_KM,
    DistrictGaps,
    GapsReport,
    UnknownRegion,
    gaps_report,
    per_week_text,
)
from bot.content.usage_report import THRESHOLD, Cell, TopicTotal, Week, last_weeks
from bot.i18n.formatting import format_number
from bot.staff import permissions
from bot.web.deps import CurrentStaff, NotFound, database, require, staff_router
from bot.web.region_field import MAX_TYPED, look_up_region
from bot.web.routes.report import PERIODS, REGION
from bot.web.templating import page_language, render, topic_title

router = staff_router()


@dataclass(frozen=True)
class GapsChoice:
    """Period and region the URL asks for; values the page does not offer are replaced."""

    weeks: int
    region: str | None


def _choice(
    weeks: Annotated[int, Query(ge=1, le=520)] = 12,
    region: Annotated[str | None, Query(max_length=MAX_TYPED)] = None,
) -> GapsChoice:
    return GapsChoice(
        weeks=weeks if weeks in PERIODS else 12,
        region=region.strip() if region and REGION.match(region.strip()) else None,
    )


Chosen = Annotated[GapsChoice, Depends(_choice)]


def _report(request: Request, *, weeks: int, region: str | None) -> GapsReport:
    with database(request) as db:
        return gaps_report(db, weeks=last_weeks(weeks), region=region)


def _district(request: Request, ags: str, weeks: int) -> DistrictGaps:
    """One district's figures; 404 for a key that is not exactly a district's."""
    if not (ags.isdigit() and len(ags) == DISTRICT_KEY_LENGTH):
        raise NotFound
    try:
        report = _report(request, weeks=weeks, region=ags)
    except UnknownRegion:
        raise NotFound from None
    if len(report.districts) != 1 or report.districts[0].region != ags:
        raise NotFound
    return report.districts[0]


def _helpers(request: Request, weeks: list[Week]) -> dict[str, object]:
    """What the three pages use to name topics, weeks and figures in the page language."""
    ui = page_language(request)

    def weekly(figure: Cell | TopicTotal) -> str:
        return per_week_text(figure, len(weeks), lambda value: format_number(value, ui, decimals=1))

    return {
        "title": lambda topic: topic_title(ui, topic),
        "weekly": weekly,
        "first_week": weeks[0],
        "last_week": weeks[-1],
        "threshold": THRESHOLD,
        "radius": f"{RADIUS_KM:g}",
        "periods": PERIODS,
        "today": format_date(date.today(), format="long", locale=ui),
    }


@router.get("/staff/report/gaps", name="gaps")
def gaps_page(request: Request, user: CurrentStaff, choice: Chosen) -> Response:
    require(permissions.can_view_report(user))
    lookup = look_up_region(request, request.query_params.get("region"))
    if isinstance(lookup, RedirectResponse):
        return lookup
    unknown = None
    report = GapsReport(tuple(last_weeks(choice.weeks)), RADIUS_KM)
    try:
        report = _report(request, weeks=choice.weeks, region=choice.region)
    except UnknownRegion:
        unknown = choice.region
    if (
        choice.region
        and len(report.districts) == 1
        and report.districts[0].region == choice.region[:DISTRICT_KEY_LENGTH]
    ):
        return RedirectResponse(
            f"/staff/report/gaps/{report.districts[0].region}?weeks={choice.weeks}", status_code=303
        )
    districts = sorted(report.districts, key=lambda d: (-d.gap_count, d.region))
    return render(
        request,
        "gaps/index.html",
        {
            "report": report,
            "districts": districts,
            "filters": {"weeks": choice.weeks, "region": lookup.typed if lookup else choice.region or ""},
            "unknown": unknown,
            "region_lookup": lookup,
            **_helpers(request, list(report.weeks)),
        },
    )


@router.get("/staff/report/gaps.csv", name="gaps_csv")
def gaps_csv(request: Request, user: CurrentStaff, choice: Chosen) -> Response:
    """Every shown figure of the chosen districts, one row per topic and per topic × language."""
    require(permissions.can_view_report(user))
    try:
        report = _report(request, weeks=choice.weeks, region=choice.region)
    except UnknownRegion:
        raise NotFound from None
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            "region",
            "district",
            "topic",
            "language",
            "questions",
            "per_week",
            "services_nearby",
            "services_speaking",
            "gap",
            "first_week",
            "last_week",
        ]
    )
    for cells in _csv_rows(report):
        writer.writerow(safe_cell(str(cell)) for cell in cells)
    name = f"wegweiser-gaps-{choice.region}.csv" if choice.region else "wegweiser-gaps.csv"
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _csv_rows(report: GapsReport) -> Iterator[tuple[object, ...]]:
    """Per topic a row for all languages (``language`` empty), then one per language asked in."""
    first, last = report.week_labels[0], report.week_labels[-1]
    for district in report.districts:
        for row in district.topics:
            lines: list[tuple[str, Cell | TopicTotal, object, str]] = [
                ("", row.asked, "", "no_service" if row.no_service else "")
            ]
            lines += [
                (
                    language.language,
                    language.asked,
                    language.speakers,
                    "language_missing" if language.missing and not row.no_service else "",
                )
                for language in row.languages
            ]
            for code, asked, speaking, gap in lines:
                weekly = per_week_text(asked, district.weeks)
                yield (
                    district.region,
                    district.name,
                    row.topic,
                    code,
                    asked,
                    weekly,
                    row.services,
                    speaking,
                    gap,
                    first,
                    last,
                )


@router.get("/staff/report/gaps/{ags}", name="gaps_district")
def district_page(request: Request, user: CurrentStaff, ags: str, choice: Chosen) -> Response:
    return _district_view(request, user, ags, choice, "gaps/district.html")


@router.get("/staff/report/gaps/{ags}/print", name="gaps_print")
def print_page(request: Request, user: CurrentStaff, ags: str, choice: Chosen) -> Response:
    """The one-page summary for a municipal committee (the print stylesheet makes it an A4 page)."""
    return _district_view(request, user, ags, choice, "gaps/print.html")


def _district_view(
    request: Request, user: CurrentStaff, ags: str, choice: GapsChoice, template: str
) -> Response:
    require(permissions.can_view_report(user))
    district = _district(request, ags, choice.weeks)
    return render(
        request,
        template,
        {
            "district": district,
            "filters": {"weeks": choice.weeks},
            **_helpers(request, last_weeks(choice.weeks)),
        },
    )
