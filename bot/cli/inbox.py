"""``wegweiser inbox export FILE|DIR`` / ``stats [--json]`` / ``purge``: the consented question inbox.

``export`` writes the labelled questions as Rasa NLU data, one file per language; by default into
``nlu_data/inbox/`` of the project, where ``wegweiser train`` reads them like any training data.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from bot.config import load_settings
from bot.content.inbox import export_nlu, purge_expired, stats
from bot.db.migrate import upgrade
from bot.db.session import session_scope
from bot.languages import language_codes
from bot.nlu.data import read_examples


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    inbox = subparsers.add_parser("inbox", help="questions kept with consent: export labels, counts, purge")
    sub = inbox.add_subparsers(dest="inbox_command", required=True, metavar="COMMAND")
    export = sub.add_parser("export", help="labelled questions as Rasa NLU data (<lang>.yml per language)")
    export.add_argument(
        "target",
        nargs="?",
        type=Path,
        help="a folder (default: nlu_data/inbox of the project) or one .yml file",
    )
    export.set_defaults(handler=cmd_export)
    counts = sub.add_parser("stats", help="counts by status, language and label")
    counts.add_argument("--json", action="store_true")
    counts.set_defaults(handler=cmd_stats)
    purge = sub.add_parser("purge", help="delete questions older than 90 days (also done on every keep)")
    purge.set_defaults(handler=cmd_purge)


def cmd_export(args: argparse.Namespace) -> int:
    settings = load_settings()
    upgrade(settings.db_url)
    target: Path = args.target or settings.home / "nlu_data" / "inbox"
    folder = target.parent / f".{target.stem}-export" if target.suffix == ".yml" else target
    data = settings.home / "nlu_data"
    known = {
        (e.language, " ".join(e.text.lower().split()))
        for e in read_examples([data], language_codes())
        if e.language and folder.resolve() not in e.source.resolve().parents
    }
    with session_scope(settings.db_url) as session:
        written = export_nlu(session, folder, known=known)
    if target.suffix == ".yml":  # one file: the languages' blocks together
        from bot.content.inbox import merge_files

        merge_files(written, target)
        for path in written:
            path.unlink()
        folder.rmdir()
        written = [target]
    for path in written:
        print(path)
    if not written:
        print("No labelled questions yet.")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    settings = load_settings()
    upgrade(settings.db_url)
    with session_scope(settings.db_url) as session:
        figures = stats(session)
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
    else:
        print(f"{figures['total']} questions")
        for key in ("by_status", "by_language", "by_label"):
            print(f"{key.removeprefix('by_')}: " + ", ".join(f"{k} {v}" for k, v in figures[key].items()))
    return 0


def cmd_purge(args: argparse.Namespace) -> int:
    settings = load_settings()
    upgrade(settings.db_url)
    with session_scope(settings.db_url) as session:
        removed = purge_expired(session)
    print(f"Deleted {removed} questions older than 90 days.")
    return 0
