"""``wegweiser content …``: load what ships (answers, demo directory, places); files for translators."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from bot.config import load_settings
from bot.content.answer_files import import_answer_file, write_answer_file
from bot.content.seed import answer_files_in_order, seed
from bot.content.translation_check import check_translations
from bot.db.session import session_scope
from bot.errors import OperatorError
from bot.languages import language_codes, normalize_language


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
    exp = sub.add_parser("export", help="write answers as YAML for translators, one file per language")
    exp.add_argument("target", type=Path, help="a folder (one <lang>.yml each) or a .yml file")
    exp.add_argument("--lang", help="only this language (needed when TARGET is a file)")
    exp.set_defaults(handler=cmd_export)
    check = sub.add_parser("check", help="texts missing or outdated, per topic and language")
    check.add_argument("--region", help="check a region's texts (AGS) instead of the nationwide")
    check.add_argument("--json", action="store_true")
    check.set_defaults(handler=cmd_check)


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


def cmd_export(args: argparse.Namespace) -> int:
    target: Path = args.target
    single = target.suffix.casefold() in (".yml", ".yaml")
    lang = normalize_language(args.lang) if args.lang else None
    if args.lang and lang is None:
        raise OperatorError(f"unknown language {args.lang!r}; choose one of {', '.join(language_codes())}")
    if single and lang is None:
        raise OperatorError(f"{target} is one file: say which language with --lang")
    settings = load_settings()
    with session_scope(settings.db_url) as session:
        for code in [lang] if lang else language_codes():
            path = target if single else target / f"{code}.yml"
            count = write_answer_file(session, path=path, language=code)
            print(f"{path}: {count} texts")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    settings = load_settings()
    with session_scope(settings.db_url) as session:
        result = check_translations(session, region=args.region)
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
        return 0
    where = f"region {result.region}" if result.region else "nationwide texts"
    print(f"Answers ({where}), {len(result.topics)} topics:")
    for language in result.languages:
        missing = [t for t, lang in result.missing if lang == language]
        outdated = [t for t, lang in result.outdated if lang == language]
        line = f"  {language}: {result.published_share(language):.0%} published"
        if outdated:
            line += f"; outdated: {', '.join(outdated)}"
        if missing and len(missing) < len(result.topics):
            line += f"; missing: {', '.join(missing)}"
        print(line)
    return 0
