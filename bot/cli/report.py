"""``wegweiser report gaps --region AGS [--weeks N] [--json]``: gaps in provision, for municipal planning.

The same figures as the staff app's gaps page (:mod:`bot.content.gaps`): per district and topic the
questions of the last weeks against the services near the district, with the same suppression of
counts below 5. ``--region`` takes a district key (05315), a municipality key (05315000, meaning its
district) or a shorter prefix (05: every district of North Rhine-Westphalia people asked from).
"""

from __future__ import annotations

import argparse
import json

from bot.config import load_settings
from bot.content.gaps import RADIUS_KM, DistrictGaps, GapsReport, gaps_report, per_week_text
from bot.content.usage_report import THRESHOLD, last_weeks
from bot.db.migrate import upgrade
from bot.db.session import session_scope

MAX_WEEKS = 520


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = subparsers.add_parser("report", help="anonymous reports: gaps in provision per district")
    sub = report.add_subparsers(dest="report_command", required=True, metavar="COMMAND")
    gaps = sub.add_parser(
        "gaps",
        help=f"questions per district and topic against the services within {RADIUS_KM:g} km",
    )
    gaps.add_argument(
        "--region",
        required=True,
        type=region_key,
        metavar="AGS",
        help="district key (05315 Köln), municipality key, or a prefix (05: all of North Rhine-Westphalia)",
    )
    gaps.add_argument(
        "--weeks", type=week_count, default=12, help="the last N ISO weeks, this one included (12)"
    )
    gaps.add_argument("--json", action="store_true", help="print the report as JSON")
    gaps.set_defaults(handler=cmd_gaps)


def region_key(value: str) -> str:
    value = value.strip()
    if not value.isdigit() or len(value) > 12:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a region key: use the official key (digits), e.g. 05315 for Köln"
        )
    return value


def week_count(value: str) -> int:
    try:
        weeks = int(value)
    except ValueError:
        weeks = 0
    if not 1 <= weeks <= MAX_WEEKS:
        raise argparse.ArgumentTypeError(f"{value!r}: give a number of weeks from 1 to {MAX_WEEKS}")
    return weeks


def cmd_gaps(args: argparse.Namespace) -> int:
    settings = load_settings()
    upgrade(settings.db_url)
    with session_scope(settings.db_url) as session:
        report = gaps_report(session, weeks=last_weeks(args.weeks), region=args.region)
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(describe(report, region=args.region))
    return 0


def describe(report: GapsReport, *, region: str) -> str:
    """The report for a terminal (English, as every operator message)."""
    labels = report.week_labels
    lines = [
        f"Gaps in provision, {labels[0]} to {labels[-1]} ({len(labels)} weeks): services within "
        f"{report.radius_km:g} km of a district's centre or inside it. Counts 1 to {THRESHOLD - 1} "
        f"show as <{THRESHOLD}; '≥' totals add those as 1.",
    ]
    if not report.districts:
        lines.append(f"No questions with a place under {region} in this period.")
    for district in report.districts:
        lines.append("")
        lines.extend(_district_lines(district))
    return "\n".join(lines)


def _district_lines(district: DistrictGaps) -> list[str]:
    demo = f" ({district.demo_services} of them invented demo entries)" if district.demo_services else ""
    lines = [f"{district.region} {district.name}: {district.services} services nearby{demo}"]
    if not district.topics:
        return [*lines, "  No questions from this district in this period."]
    if district.topics_without_service:
        lines.append("  GAP no service nearby for: " + ", ".join(district.topics_without_service))
    for language, topics in district.missing_languages.items():
        lines.append(f"  GAP no nearby service speaks {language} for: " + ", ".join(topics))
    if district.languages_without_speaker:
        lines.append("  No nearby service speaks at all: " + ", ".join(district.languages_without_speaker))
    lines.append(
        f"  {'topic':<24} {'questions':>9} {'per week':>8} {'services':>8}  languages: questions/speaking"
    )
    for row in district.topics:
        shown_weekly = per_week_text(row.asked, district.weeks)
        languages = ", ".join(
            f"{language.language} {language.asked}/{language.speakers}"
            + (" !" if language.missing and not row.no_service else "")
            for language in row.languages
        )
        lines.append(f"  {row.topic:<24} {row.asked!s:>9} {shown_weekly:>8} {row.services:>8}  {languages}")
    return lines
