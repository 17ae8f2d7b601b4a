"""The ``wegweiser`` command for operators: each command group lives in its own module here."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from bot.db.problems import database_problem
from bot.errors import OperatorError

COMMAND_MODULES = {
    "stack": ("up", "ask", "chat"),
    "engine": ("train", "nlu", "model"),
    "database": ("db",),
    "content": ("content",),
    "telegram": ("telegram",),
    "users": ("users",),
    "geo": ("geo",),
    "services": ("services",),
    "inbox": ("inbox",),
    "report": ("report",),
    "serve": ("serve", "probe"),
}
"""Modules of ``bot.cli`` that add commands, and the commands each adds with ``register(subparsers)``."""


def modules_for(argv: Sequence[str]) -> list[str]:
    """Only the module of the command asked for, so ``wegweiser ask`` does not load what ``up``
    needs (a second or more on a small machine); all of them for the overview and for mistakes."""
    command = next((arg for arg in argv if not arg.startswith("-")), None)
    chosen = [module for module, commands in COMMAND_MODULES.items() if command in commands]
    return chosen or list(COMMAND_MODULES)


class _Parser(argparse.ArgumentParser):
    """A group called without its command (``wegweiser model``) lists the commands it has, where
    argparse would only say that one is required. Every group's parser is of this class."""

    def error(self, message: str) -> NoReturn:
        if "required" in message and "COMMAND" in message:
            self.print_help(sys.stderr)
            self.exit(2)
        super().error(message)


def build_parser(modules: Sequence[str] = tuple(COMMAND_MODULES)) -> argparse.ArgumentParser:
    parser = _Parser(
        prog="wegweiser",
        description="Wegweiser: anonymous, multilingual guidance to welfare services in Germany.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in modules:
        importlib.import_module(f"bot.cli.{name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    arguments = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(modules_for(arguments)).parse_args(arguments)
    try:
        code: int = args.handler(args)
    except OperatorError as exc:
        print(f"wegweiser: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader stopped early (`wegweiser ask … | head`): not an error; keep Python's exit-time
        # flush from raising again on the closed pipe
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as exc:
        problem = database_problem(exc)
        if problem is None:
            raise
        print(f"wegweiser: {problem}", file=sys.stderr)
        return 1
    return code


if __name__ == "__main__":
    sys.exit(main())
