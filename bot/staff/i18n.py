"""The staff app's own interface strings: gettext domain ``staff``, German by default, English msgids.

Kept apart from the bot's catalogue (``messages``), which translators into ten languages work on: staff
pages exist in German and English only. Strings are marked ``L_`` in Python and ``_()``/``{% trans %}``
in templates. ``python -m bot.staff.i18n extract`` writes ``locales/staff.pot`` and merges it into
``locales/de/LC_MESSAGES/staff.po`` (then translate the new entries there). The catalogue is read
from the ``.po`` at start-up (it is small), so no compile step can leave stale labels behind.
"""

from __future__ import annotations

import io
import sys
from functools import cache
from pathlib import Path
from typing import Final

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from babel.support import NullTranslations, Translations

from bot.config import PROJECT_ROOT
from bot.i18n import LOCALES_DIR

DOMAIN: Final = "staff"
UI_LANGUAGES: Final = ("de", "en")
"""Languages of the staff pages; the first is the default."""
DEFAULT_UI_LANGUAGE: Final = UI_LANGUAGES[0]
POT = LOCALES_DIR / f"{DOMAIN}.pot"
PYTHON_SOURCES = PROJECT_ROOT / "bot"
TEMPLATES = PROJECT_ROOT / "bot" / "web" / "templates"


def L_(message: str) -> str:
    return message


def ui_language(code: str | None) -> str:
    return code if code in UI_LANGUAGES else DEFAULT_UI_LANGUAGE


def po_path(language: str) -> str:
    return str(LOCALES_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po")


@cache
def staff_translations(language: str) -> NullTranslations:
    """The staff catalogue of ``language`` (English msgids need none)."""
    language = ui_language(language)
    if language == "en":
        return NullTranslations()
    with open(po_path(language), "rb") as handle:
        catalog = read_po(handle, locale=language, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def tr(language: str, message: str, /, **values: object) -> str:
    """``message`` (an English msgid) in the staff language, with ``%(name)s`` placeholders filled."""
    text = staff_translations(language).gettext(message)
    return text % values if values else text


PASSES: tuple[tuple[Path, list[tuple[str, str]], dict[str, dict[str, str]], dict[str, None]], ...] = (
    # Python code marks staff strings with L_ only (``_`` belongs to the bot's own catalogue).
    (PYTHON_SOURCES, [("**.py", "python")], {}, {"L_": None}),
    (
        TEMPLATES,
        [("**.html", "jinja2")],
        {"**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}},
        {"_": None, "gettext": None},
    ),
)


def extract() -> Catalog:
    catalog = Catalog(
        project="Wegweiser staff app",
        domain=DOMAIN,
        fuzzy=False,
        copyright_holder="Wegweiser contributors",
        msgid_bugs_address="",
    )
    for source, method_map, options, keywords in PASSES:
        found = extract_from_dir(source, method_map, options, keywords=keywords)
        for filename, lineno, message, comments, context in found:
            catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def update() -> None:
    """Write the template and merge it into every non-English staff catalogue."""
    template = extract()
    POT.parent.mkdir(parents=True, exist_ok=True)
    with POT.open("wb") as handle:
        write_po(handle, template, omit_header=False, sort_output=True, no_location=True)
    for language in UI_LANGUAGES:
        if language == "en":
            continue
        try:
            with open(po_path(language), "rb") as handle:
                catalog = read_po(handle, locale=language, domain=DOMAIN)
        except FileNotFoundError:
            catalog = Catalog(locale=language, domain=DOMAIN)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.fuzzy = False
        catalog.project = template.project
        catalog.copyright_holder = template.copyright_holder
        with open(po_path(language), "wb") as handle:
            write_po(handle, catalog, sort_output=True, no_location=True, ignore_obsolete=True)
        missing = [m.id for m in catalog if m.id and not m.string]
        if missing:
            print(f"{po_path(language)}: {len(missing)} strings without a translation", file=sys.stderr)


if __name__ == "__main__":
    if sys.argv[1:] != ["extract"]:
        print("usage: python -m bot.staff.i18n extract", file=sys.stderr)
        sys.exit(2)
    update()
