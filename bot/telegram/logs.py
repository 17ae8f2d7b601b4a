"""Logging for the adapter: our own records carry pseudonyms at most, and libraries are kept quiet.

python-telegram-bot logs request parameters (chat ids, texts) at DEBUG and httpx logs request URLs
(which contain the bot token) at INFO; both are capped at WARNING whatever level the operator sets.
What a library still logs is redacted: every value it formats into a message (a raw update, a
payload, a URL) becomes ``[redacted]`` and a traceback becomes the exception's type name, because
exception texts quote data too (python-telegram-bot logs a whole ``getUpdates`` answer — ids,
names, exact coordinates — when it cannot parse it). So no level ever shows a text, an id or a name.
"""

from __future__ import annotations

import logging
import re

QUIET_LOGGERS = ("telegram", "httpx", "httpcore", "hpack", "aiolimiter", "asyncio", "apscheduler")
REDACTED = "[redacted]"
_CONVERSION = re.compile(r"%(\([^)]*\))?[-#0 +]*(\*|\d+)?(\.(\*|\d+))?[diouxXeEfFgGcrsa]")


def redacted_message(template: object) -> str:
    """``template`` with every ``%`` conversion replaced by ``[redacted]`` (``%%`` stays ``%``)."""
    text = template if isinstance(template, str) else type(template).__name__
    return _CONVERSION.sub(REDACTED, text).replace("%%", "%")


class RedactLibraryRecords(logging.Filter):
    """A library's record keeps its wording; its values and traceback are left out."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.split(".")[0] not in QUIET_LOGGERS:
            return True
        message = redacted_message(record.msg) if record.args else str(record.msg)
        if record.exc_info:
            kind = record.exc_info[0].__name__ if record.exc_info[0] else "error"
            message = f"{message} ({kind})"
        record.msg = message
        record.args = None
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        return True


def _add_filter(target: logging.Filterer) -> None:
    if not any(isinstance(f, RedactLibraryRecords) for f in target.filters):
        target.addFilter(RedactLibraryRecords())


def quiet_libraries() -> None:
    """Cap the libraries that see identities or the token at WARNING, and redact what they log.

    Filters on a logger do not see its children's records, so the redaction goes on the root
    logger's handlers, where every record ends up, and on Python's last-resort handler, which
    prints warnings when no handler is configured.
    """
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    for handler in logging.getLogger().handlers:
        _add_filter(handler)
    if logging.lastResort is not None:
        _add_filter(logging.lastResort)


def configure_logging(level: str) -> None:
    logging.basicConfig(
        level=level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        force=True,
    )
    quiet_libraries()
