"""Extract, update and compile the gettext catalogues with Babel (``make locales``).

``python -m bot.i18n.catalogues extract|update|compile``: extraction reads every ``N_``/``_`` marked
string in ``bot/`` and ``actions/`` into ``locales/messages.pot``; update merges it into each
language's ``messages.po``; compile writes the ``.mo`` files the bot reads.
"""

from __future__ import annotations

import sys

from babel.messages.frontend import CommandLineInterface

from bot.config import PROJECT_ROOT
from bot.i18n import DOMAIN, LOCALES_DIR
from bot.languages import language_codes

POT = LOCALES_DIR / f"{DOMAIN}.pot"


def _babel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "--quiet", *args])  # type: ignore[no-untyped-call]


def extract() -> None:
    _babel(
        "extract",
        "--keywords=N_",
        "--no-location",
        "--sort-output",
        "--project=Wegweiser",
        "--msgid-bugs-address=",
        "--copyright-holder=Wegweiser contributors",
        "-o",
        str(POT),
        str(PROJECT_ROOT / "bot"),
        str(PROJECT_ROOT / "actions"),
    )


def update() -> None:
    for code in language_codes():
        if code == "en":
            continue
        po = LOCALES_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"
        action = "update" if po.exists() else "init"
        extra = ["--no-fuzzy-matching"] if action == "update" else []
        _babel(action, "-D", DOMAIN, "-i", str(POT), "-d", str(LOCALES_DIR), "-l", code, *extra)


def compile_all() -> None:
    for code in language_codes():
        po = LOCALES_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"
        if po.exists():
            _babel("compile", "-D", DOMAIN, "-d", str(LOCALES_DIR), "-l", code)


def main(argv: list[str]) -> int:
    commands = {"extract": extract, "update": update, "compile": compile_all}
    if len(argv) != 1 or argv[0] not in commands:
        print("usage: python -m bot.i18n.catalogues extract|update|compile", file=sys.stderr)
        return 2
    commands[argv[0]]()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
