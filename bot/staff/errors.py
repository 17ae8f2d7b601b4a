"""Errors staff and operators see: an English msgid with values, shown in German or English."""

from __future__ import annotations

from bot.errors import OperatorError
from bot.staff.i18n import tr


class StaffError(OperatorError):
    """A refused change; ``str()`` is English (CLI), :meth:`text` the staff page's language."""

    def __init__(self, message: str, /, **values: object) -> None:
        self.message = message
        self.values = values
        super().__init__(message % values if values else message)

    def text(self, language: str) -> str:
        return tr(language, self.message, **self.values)
