"""``wegweiser services near|import|export``: the service directory from the command line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bot.config import load_settings
from bot.content.geo_import import GEONAMES_ATTRIBUTION
from bot.content.places import Place, resolve_place
from bot.content.search import DEFAULT_LIMIT, DEFAULT_RADIUS_KM, ServiceHit, services_near
from bot.content.service_files import (
    ServiceFormat,
    export_services_file,
    import_services_file,
)
from bot.content.service_records import language_names
from bot.db.migrate import upgrade
from bot.db.session import session_scope
from bot.errors import OperatorError
from bot.i18n.formatting import format_distance, format_weekday_time
from bot.replies.contract import ServiceCard
from bot.topics import TOPICS

CLI_LANGUAGE = "en"
"""Operators read English; distances and weekdays are formatted for it."""


class PlaceNotFound(OperatorError):
    """No place matches what was given; the message says what to try."""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    services = subparsers.add_parser("services", help="the service directory")
    sub = services.add_subparsers(dest="services_command", required=True, metavar="COMMAND")

    near = sub.add_parser("near", help="services near a postal code, a place or coordinates")
    where = near.add_mutually_exclusive_group(required=True)
    where.add_argument("--plz", help="postal code, e.g. 50667")
    where.add_argument("--place", help="town or district, e.g. Köln (any spelling)")
    where.add_argument("--lat", type=float, help="latitude (with --lon)")
    near.add_argument("--lon", type=float, help="longitude (with --lat)")
    near.add_argument("--topic", choices=TOPICS, metavar="TOPIC", help="only services for this topic")
    near.add_argument("--lang", help="prefer services that speak this language (ISO code)")
    near.add_argument("--limit", type=int, default=DEFAULT_LIMIT)
    near.add_argument("--radius", type=float, default=DEFAULT_RADIUS_KM, help="farthest, in km")
    near.add_argument("--json", action="store_true", help="print the service cards as JSON")
    near.set_defaults(handler=cmd_near)

    imp = sub.add_parser(
        "import", help="import HSDS 3.0 JSON or CSV (checked whole; a bad file imports nothing)"
    )
    imp.add_argument("file", type=Path)
    imp.add_argument("--format", choices=[f.value for f in ServiceFormat])
    imp.set_defaults(handler=cmd_import)

    exp = sub.add_parser("export", help="export the directory as HSDS 3.0 JSON or CSV")
    exp.add_argument("file", type=Path)
    exp.add_argument("--format", choices=[f.value for f in ServiceFormat])
    exp.set_defaults(handler=cmd_export)


def _place(args: argparse.Namespace) -> Place | None:
    """The place asked for, or ``None`` after printing the candidates of an ambiguous name."""
    if (args.lat is not None and args.lon is None) or (args.lon is not None and args.lat is None):
        raise PlaceNotFound("give both --lat and --lon")
    settings = load_settings()
    with session_scope(settings.db_url) as session:
        if args.lat is not None:
            resolution = resolve_place(session, lat=args.lat, lon=args.lon)
        else:
            resolution = resolve_place(session, text=args.plz or args.place)
    if resolution.place is not None:
        return resolution.place
    given = args.plz or args.place or f"{args.lat}, {args.lon}"
    if resolution.ambiguous:
        print(f"{given!r} is ambiguous; say which one (e.g. with --plz):", file=sys.stderr)
        for candidate in resolution.candidates:
            code = f" {candidate.postal_code}" if candidate.postal_code else ""
            region = f" ({candidate.region_name})" if candidate.region_name else ""
            print(f"  {candidate.name}{code}{region}", file=sys.stderr)
        return None
    raise PlaceNotFound(
        f"no place found for {given!r}; check the spelling or give a postal code "
        "(is the postal code list loaded? `wegweiser geo import FILE`)"
    )


def _describe(index: int, hit: ServiceHit) -> list[str]:
    if hit.open_now:
        status = f"open until {hit.open_until:%H:%M}" if hit.open_until else "open now"
    elif hit.next_opening is not None:
        status = f"closed, opens {format_weekday_time(hit.next_opening, CLI_LANGUAGE)}"
    else:
        status = "opening hours unknown" if hit.open_now is None else "closed"
    demo = " [DEMO]" if hit.demo else ""
    lines = [
        f"{index:>2}. {hit.name} — {hit.organisation}{demo}",
        f"    {format_distance(hit.distance_km, CLI_LANGUAGE)} · {hit.address}, "
        f"{hit.postal_code} {hit.city} · {status}",
        f"    languages: {', '.join(hit.languages) or '–'} · topics: {', '.join(hit.topics)}",
    ]
    contact = " · ".join(x for x in (hit.phone, hit.email, hit.website, hit.online_counselling) if x)
    if contact:
        lines.append(f"    {contact}")
    return lines


def cmd_near(args: argparse.Namespace) -> int:
    if args.lang and args.lang.casefold() not in language_names():
        raise OperatorError(f"unknown language code {args.lang!r} (use ISO codes like de, ar, fa)")
    place = _place(args)
    if place is None:
        return 2
    settings = load_settings()
    with session_scope(settings.db_url) as session:
        hits = services_near(
            session,
            lat=place.latitude,
            lon=place.longitude,
            topic=args.topic,
            language=args.lang.casefold() if args.lang else None,
            limit=args.limit,
            radius_km=args.radius,
        )
    if args.json:
        print(json.dumps([ServiceCard.payload_of(hit) for hit in hits], ensure_ascii=False, indent=2))
        return 0
    label = " ".join(x for x in (place.postal_code, place.name) if x) or "the given point"
    if not hits:
        print(f"No services within {args.radius:g} km of {label}.")
    else:
        print(f"Services near {label}:")
        for index, hit in enumerate(hits, start=1):
            print("\n".join(_describe(index, hit)))
    print(GEONAMES_ATTRIBUTION)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    settings = load_settings()
    upgrade(settings.db_url)
    fmt = ServiceFormat(args.format) if args.format else None
    with session_scope(settings.db_url) as session:
        result, check = import_services_file(session, path=args.file, format=fmt)
    print(f"{args.file} ({check.format.value}): {result}.")
    for note in check.notes:
        print(f"  note: {note}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    settings = load_settings()
    fmt = ServiceFormat(args.format) if args.format else None
    with session_scope(settings.db_url) as session:
        count = export_services_file(session, path=args.file, format=fmt)
    print(f"{args.file}: {count} services written.")
    return 0
