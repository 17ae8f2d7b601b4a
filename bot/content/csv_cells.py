"""Spreadsheet cells that stay text: no formula runs when staff open an exported CSV file.

Excel and LibreOffice treat a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return as a formula (``=HYPERLINK(…)``, ``+cmd|…``), so a service name typed by anyone with an import
could run in the next reader's spreadsheet. Exports put an apostrophe in front of such cells (the
spreadsheets' own "this is text" mark, OWASP's advice); imports take exactly that apostrophe away
again, so an export imports back unchanged.
"""

from __future__ import annotations

from typing import Final

FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value: str) -> bool:
    return value.startswith(FORMULA_START)


def safe_cell(value: str) -> str:
    """``value`` as a cell no spreadsheet runs."""
    return "'" + value if looks_like_formula(value) else value


def unquote_cell(value: str) -> str:
    """The inverse of :func:`safe_cell` (other apostrophes stay)."""
    return value[1:] if value.startswith("'") and looks_like_formula(value[1:]) else value
