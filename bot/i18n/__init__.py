"""Interface strings in the user's language: gettext catalogues in ``locales/``, managed with Babel.

Answer *content* lives in the database; only the fixed interface strings (greeting, menus, privacy
notice, errors) are here. Strings are declared once in :mod:`bot.i18n.messages`.
"""

from __future__ import annotations

from functools import cache

from babel.support import NullTranslations, Translations

from bot.config import PROJECT_ROOT
from bot.languages import SOURCE_LANGUAGE, languages

LOCALES_DIR = PROJECT_ROOT / "locales"
DOMAIN = "messages"


@cache
def translations(language: str) -> NullTranslations:
    """The compiled catalogue of ``language`` (German when the language is unknown)."""
    code = language if language in languages() else SOURCE_LANGUAGE
    if code == "en":
        return NullTranslations()  # msgids are English
    return Translations.load(str(LOCALES_DIR), [code], domain=DOMAIN)


def translate(language: str, message: str, /, **values: object) -> str:
    """``message`` (an English msgid from :mod:`bot.i18n.messages`) in ``language``, formatted."""
    text = translations(language).gettext(message)
    return text.format(**values) if values else text


def N_(message: str) -> str:
    return message
