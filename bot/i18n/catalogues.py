"""Extract, update and compile the gettext catalogues with Babel (``make locales``).

``python -m bot.i18n.catalogues extract|update|compile``: extraction reads every ``N_``/``_`` marked
string in ``bot/`` and ``actions/``, and the topic and menu titles of the topic registry
(``content/topics.yml``), into ``locales/messages.pot``; update merges it into each language's
``messages.po``; compile writes the ``.mo`` files the bot reads.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po, write_po

from bot.config import PROJECT_ROOT
from bot.i18n import DOMAIN, LOCALES_DIR
from bot.languages import language_codes
from bot.topics import REGISTRY

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
    add_registry_titles(POT)


def add_registry_titles(pot: Path) -> None:
    """The registry's titles are msgids like the ones marked in code (a new topic needs no code)."""
    with pot.open("rb") as handle:
        catalogue = read_po(handle)
    for title in REGISTRY.titles():
        if title not in catalogue:
            catalogue.add(title, auto_comments=["content/topics.yml"])
    with pot.open("wb") as handle:
        write_po(handle, catalogue, sort_output=True, omit_header=False, ignore_obsolete=True)


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
