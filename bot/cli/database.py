"""``wegweiser db upgrade``: create or migrate the database schema."""

from __future__ import annotations

import argparse

from bot.config import load_settings
from bot.db.migrate import upgrade


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    db = subparsers.add_parser("db", help="database schema")
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="COMMAND")
    up = db_sub.add_parser("upgrade", help="create or migrate the schema to the newest version")
    up.set_defaults(handler=cmd_upgrade)


def cmd_upgrade(_args: argparse.Namespace) -> int:
    settings = load_settings()
    upgrade(settings.db_url)
    print(f"Database is up to date ({settings.db_url.split('@')[-1]}).")
    return 0
