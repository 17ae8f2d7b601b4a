"""The usage report: how often each topic is asked and how often the bot could not answer.

Counts only (topic × region × language × ISO week), small numbers suppressed
(:mod:`bot.content.usage_report`); nothing here, or anywhere in the app, shows a conversation or a
person. Open to every staff role; the CSV has exactly the numbers the page shows.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query, Request
from fastapi.responses import RedirectResponse, Response

from bot.content.csv_cells import safe_cell
from bot.content.usage import EMERGENCY, UNANSWERED
from bot.content.usage_report import THRESHOLD, Split, UsageReport, last_weeks, usage_report
from bot.languages import language_codes
from bot.staff import permissions
from bot.staff.i18n import L_, tr
from bot.web.deps import CurrentStaff, database, require, staff_router
from bot.web.region_field import MAX_TYPED, look_up_region
from bot.web.templating import page_language, render, topic_title

router = staff_router()
PERIODS = (4, 12, 26, 52)
REGION = re.compile(r"^\d{1,12}$")
ROW_TITLES = {UNANSWERED: L_("Could not answer"), EMERGENCY: L_("Emergency numbers")}


def row_title(language: str, topic: str) -> str:
    if topic in ROW_TITLES:
        return tr(language, ROW_TITLES[topic])
    return topic_title(language, topic)


@dataclass(frozen=True)
class Choice:
    """The report the filters in the URL ask for, values the page does not offer replaced."""

    weeks: int
    region: str | None
    language: str | None
    split: Split


def _choice(
    weeks: Annotated[int, Query(ge=1, le=520)] = 12,
    region: Annotated[str | None, Query(max_length=MAX_TYPED)] = None,
    language: Annotated[str | None, Query(max_length=8)] = None,
    split: Annotated[str, Query(max_length=12)] = "none",
) -> Choice:
    """The page and its CSV read the same filters, so the CSV has exactly the page's numbers."""
    return Choice(
        weeks=weeks if weeks in PERIODS else 12,
        region=region if region and REGION.match(region) else None,
        language=language if language in language_codes() else None,
        split=Split(split) if split in Split._value2member_map_ else Split.NONE,
    )


Chosen = Annotated[Choice, Depends(_choice)]


def _report(request: Request, choice: Choice) -> tuple[UsageReport, dict[str, object]]:
    with database(request) as db:
        report = usage_report(
            db,
            weeks=last_weeks(choice.weeks),
            region=choice.region,
            language=choice.language,
            split=choice.split,
        )
    filters: dict[str, object] = {
        "weeks": choice.weeks,
        "region": choice.region or "",
        "language": choice.language or "",
        "split": choice.split.value,
    }
    return report, filters


@router.get("/staff/report", name="report")
def report_page(
    request: Request,
    user: CurrentStaff,
    choice: Chosen,
) -> Response:
    require(permissions.can_view_report(user))
    lookup = look_up_region(request, request.query_params.get("region"))
    if isinstance(lookup, RedirectResponse):
        return lookup
    report, filters = _report(request, choice)
    if lookup is not None:
        filters["region"] = lookup.typed
    ui = page_language(request)
    largest = max((row.total.count or 0 for row in report.rows), default=0)
    return render(
        request,
        "report/index.html",
        {
            "report": report,
            "filters": filters,
            "periods": PERIODS,
            "threshold": THRESHOLD,
            "title": lambda topic: row_title(ui, topic),
            "largest": largest,
            "query": request.url.query,
            "region_lookup": lookup,
        },
    )


@router.get("/staff/report.csv", name="report_csv")
def report_csv(
    request: Request,
    user: CurrentStaff,
    choice: Chosen,
) -> Response:
    require(permissions.can_view_report(user))
    report, _filters = _report(request, choice)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    header = ["topic"]
    if report.split is not Split.NONE:
        header.append(report.split.value)
    writer.writerow([*header, *report.week_labels])
    for row in report.rows:
        group = [row.group or ""] if report.split is not Split.NONE else []
        writer.writerow([safe_cell(text) for text in (row.topic, *group, *(str(c) for c in row.cells))])
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="wegweiser-usage.csv"'},
    )
