"""Interface strings in the user's language: gettext catalogues in ``locales/``, managed with Babel.

Answer *content* lives in the database; only the fixed interface strings (greeting, menus, privacy
notice, errors) are here. Strings are declared once in :mod:`bot.i18n.messages`.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from bot.config import PROJECT_ROOT
from bot.languages import SOURCE_LANGUAGE, languages

LOCALES_DIR = PROJECT_ROOT / "locales"
DOMAIN = "messages"


@cache
def translations(language: str) -> NullTranslations:
    """The catalogue of ``language`` (German when the language is unknown).

    The compiled ``.mo`` file when it is current (``make locales``), else the ``.po`` file compiled in
    memory — so a fresh checkout, or a catalogue just edited, never shows stale or English strings.
    """
    code = language if language in languages() else SOURCE_LANGUAGE
    if code == "en":
        return NullTranslations()  # msgids are English
    return load_catalogue(LOCALES_DIR, code, DOMAIN)


def load_catalogue(locales: Path, code: str, domain: str) -> NullTranslations:
    folder = locales / code / "LC_MESSAGES"
    po, mo = folder / f"{domain}.po", folder / f"{domain}.mo"
    if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
        return Translations.load(str(locales), [code], domain=domain)
    if not po.is_file():
        return NullTranslations()
    with po.open("rb") as handle:
        catalogue = read_po(handle, locale=code, domain=domain)
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    return Translations(compiled, domain=domain)


def translate(language: str, message: str, /, **values: object) -> str:
    """``message`` (an English msgid from :mod:`bot.i18n.messages`) in ``language``, its ``%(name)s``
    placeholders filled (the one placeholder style of every string, the staff app's included)."""
    text = translations(language).gettext(message)
    return text % values if values else text


def N_(message: str) -> str:
    return message
