"""``wegweiser geo import FILE``: load the postal code gazetteer (GeoNames) that places people."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.config import load_settings
from bot.content.geo_import import GEONAMES_ATTRIBUTION, import_gazetteer
from bot.db.migrate import upgrade
from bot.db.session import session_scope


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    geo = subparsers.add_parser("geo", help="postal codes and places (GeoNames)")
    sub = geo.add_subparsers(dest="geo_command", required=True, metavar="COMMAND")
    imp = sub.add_parser(
        "import",
        help="import postal codes from GeoNames' DE.txt/DE.zip or its CSV form (safe to repeat)",
    )
    imp.add_argument("file", type=Path)
    imp.set_defaults(handler=cmd_import)


def cmd_import(args: argparse.Namespace) -> int:
    settings = load_settings()
    upgrade(settings.db_url)
    with session_scope(settings.db_url) as session:
        result = import_gazetteer(session, path=args.file)
    print(
        f"{args.file}: {result.rows} postal code entries ({result.added} new, {result.updated} "
        f"changed), {result.regions} regions."
    )
    print(GEONAMES_ATTRIBUTION)
    return 0
