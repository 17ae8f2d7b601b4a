"""``wegweiser content …``: load what ships (answers, demo directory) and exchange answers with translators."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.config import load_settings
from bot.content.answer_files import import_answer_file
from bot.content.seed import answer_files_in_order, seed
from bot.db.session import session_scope


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    content = subparsers.add_parser("content", help="answers and shipped content")
    sub = content.add_subparsers(dest="content_command", required=True, metavar="COMMAND")
    seed_cmd = sub.add_parser(
        "seed", help="load what ships: answers, demo directory, places (only what changed)"
    )
    seed_cmd.set_defaults(handler=cmd_seed)
    imp = sub.add_parser("import", help="import answer files (YAML, one per language)")
    imp.add_argument("files", nargs="+", type=Path)
    imp.add_argument("--draft", action="store_true", help="import as drafts instead of publishing")
    imp.set_defaults(handler=cmd_import)


def cmd_seed(_args: argparse.Namespace) -> int:
    seed(load_settings())
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    settings = load_settings()
    with session_scope(settings.db_url) as session:
        for path in answer_files_in_order(args.files):
            added = import_answer_file(session, path, publish=not args.draft)
            print(f"{path}: {added} new or changed texts")
    return 0
