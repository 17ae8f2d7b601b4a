"""``wegweiser users add|list|deactivate|reset-password``: staff accounts from the command line.

The first admin is made here (the web app has no default account and no default password). A password
is typed twice at a prompt, read from standard input (``--password-stdin``, for scripts) or generated
(``--generate``, shown once; the first login then asks for a new one). Every change is audited as
``cli``.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.config import load_settings
from bot.db.migrate import upgrade
from bot.db.models import Organisation, Role
from bot.db.session import session_scope
from bot.staff import two_factor
from bot.staff.accounts import (
    AccountError,
    Scope,
    create_user,
    deactivate,
    describe_scope,
    get_user,
    list_users,
    set_password,
)
from bot.staff.audit import CLI
from bot.staff.login import is_locked
from bot.staff.passwords import generate_password, password_problem


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    users = subparsers.add_parser("users", help="staff accounts of the web app")
    sub = users.add_subparsers(dest="users_command", required=True, metavar="COMMAND")

    add = sub.add_parser("add", help="create a staff account (the first admin too)")
    add.add_argument("username", help="personal login name, e.g. a.yilmaz")
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument("--name", default="", help="full name shown in the app and the audit log")
    add.add_argument(
        "--language",
        action="append",
        default=[],
        metavar="CODE",
        help="a translator's language (repeat for several)",
    )
    add.add_argument("--region", help="an editor's region: official key (AGS), e.g. 05315")
    add.add_argument("--organisation", help="an editor's organisation: its number, uid or name")
    add.add_argument(
        "--nationwide", action="store_true", help="an editor for nationwide texts and every region"
    )
    add.add_argument("--ui-language", default="de", choices=["de", "en"])
    _password_options(add)
    add.set_defaults(handler=cmd_add)

    sub.add_parser("list", help="all accounts with role, scope and state").set_defaults(handler=cmd_list)

    off = sub.add_parser("deactivate", help="end an account's access (kept for the audit log)")
    off.add_argument("username")
    off.set_defaults(handler=cmd_deactivate)

    reset = sub.add_parser(
        "reset-password", help="set a new password, end all sessions, lift the login delays"
    )
    reset.add_argument("username")
    _password_options(reset)
    reset.set_defaults(handler=cmd_reset)

    no_code = sub.add_parser(
        "reset-two-factor", help="turn two-factor login off (lost phone); they set it up again"
    )
    no_code.add_argument("username")
    no_code.set_defaults(handler=cmd_reset_two_factor)


def _password_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    group.add_argument(
        "--generate",
        action="store_true",
        help="generate a password, print it once; the first login asks for a new one",
    )


def _password(args: argparse.Namespace, username: str) -> tuple[str, bool]:
    """The password and whether it must be changed at the first login."""
    if args.generate:
        return generate_password(), True
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n"), False
    if not sys.stdin.isatty():
        raise AccountError(
            "no password given: type it at a prompt (run in a terminal), or use --password-stdin "
            "or --generate"
        )
    while True:
        first = getpass.getpass(f"Password for {username} (at least 12 characters): ")
        problem = password_problem(first, username=username)
        if problem:
            print(problem, file=sys.stderr)
            continue
        if getpass.getpass("Again: ") == first:
            return first, False
        print("The two passwords differ; please try again.", file=sys.stderr)


def _organisation_id(session: Session, given: str | None) -> int | None:
    if not given:
        return None
    query = select(Organisation.id)
    if given.isdigit():
        found = session.scalar(query.where(Organisation.id == int(given)))
    else:
        found = session.scalar(query.where(Organisation.uid == given)) or session.scalar(
            query.where(Organisation.name == given)
        )
    if found is None:
        raise AccountError(f"no organisation {given!r}: give its number, uid or exact name")
    return int(found)


def cmd_add(args: argparse.Namespace) -> int:
    settings = load_settings()
    upgrade(settings.db_url)
    password, must_change = _password(args, args.username)
    with session_scope(settings.db_url) as session:
        user = create_user(
            session,
            actor=CLI,
            username=args.username,
            password=password,
            role=Role(args.role),
            display_name=args.name,
            scope=Scope(
                languages=args.language,
                region=args.region,
                organisation_id=_organisation_id(session, args.organisation),
                nationwide=args.nationwide,
            ),
            must_change_password=must_change,
            ui=args.ui_language,
        )
        print(f"Created {args.username} ({user.role.value}; {describe_scope(user)}).")
    if args.generate:
        print(f"Password (shown once, to be changed at the first login): {password}")
    print(f"Log in at {settings.web_url}/staff/login")
    return 0


def cmd_list(_args: argparse.Namespace) -> int:
    settings = load_settings()
    upgrade(settings.db_url)
    with session_scope(settings.db_url) as session:
        users = list_users(session)
        if not users:
            print("No staff accounts yet. Create the first admin with:")
            print("  wegweiser users add NAME --role admin")
            return 0
        for user in users:
            state = "active" if user.active else "deactivated"
            if user.active and is_locked(session, username=user.username):
                state = "delayed"
            last = user.last_login_at.strftime("%Y-%m-%d %H:%M") if user.last_login_at else "never"
            print(
                f"{user.username:24} {user.role.value:10} {state:11} last login {last:16}  "
                f"{describe_scope(user)}"
            )
    return 0


def cmd_deactivate(args: argparse.Namespace) -> int:
    settings = load_settings()
    upgrade(settings.db_url)
    with session_scope(settings.db_url) as session:
        user = get_user(session, username=args.username)
        deactivate(session, actor=CLI, user=user)
        print(f"Deactivated {args.username}; their sessions have ended.")
    return 0


def cmd_reset_two_factor(args: argparse.Namespace) -> int:
    settings = load_settings()
    upgrade(settings.db_url)
    with session_scope(settings.db_url) as session:
        user = get_user(session, username=args.username)
        two_factor.disable(session, user=user, actor=CLI)
        print(f"Two-factor login is off for {args.username}; their sessions have ended.")
    return 0


def cmd_reset(args: argparse.Namespace) -> int:
    settings = load_settings()
    upgrade(settings.db_url)
    with session_scope(settings.db_url) as session:
        user = get_user(session, username=args.username)
        password, must_change = _password(args, user.username)
        set_password(session, actor=CLI, user=user, password=password, must_change=must_change)
        print(f"New password set for {args.username}; their sessions have ended.")
    if args.generate:
        print(f"Password (shown once, to be changed at the first login): {password}")
    return 0
