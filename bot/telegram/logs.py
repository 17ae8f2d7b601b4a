"""Logging for the adapter: our own records carry pseudonyms at most, and libraries are kept quiet.

python-telegram-bot logs request parameters (chat ids, texts) at DEBUG and httpx logs request URLs
(which contain the bot token) at INFO; both are capped at WARNING whatever level the operator sets.
Their warnings and errors keep the message but lose the traceback, whose exception texts could quote
data; the exception's type stays. So no level ever shows a message text, an id or a name.
"""

from __future__ import annotations

import logging

QUIET_LOGGERS = ("telegram", "httpx", "httpcore", "hpack", "aiolimiter", "asyncio")


class NoLibraryTracebacks(logging.Filter):
    """Replace the traceback of a library's record by the exception's type name."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.name.split(".")[0] in QUIET_LOGGERS:
            kind = record.exc_info[0].__name__ if record.exc_info[0] else "error"
            record.msg = f"{record.getMessage()} ({kind})"
            record.args = None
            record.exc_info = None
            record.exc_text = None
        return True


def quiet_libraries() -> None:
    """Cap the libraries that see identities or the token at WARNING, without tracebacks.

    Filters on a logger do not see its children's records, so the traceback filter goes on the
    root logger's handlers, where every record ends up.
    """
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, NoLibraryTracebacks) for f in handler.filters):
            handler.addFilter(NoLibraryTracebacks())


def configure_logging(level: str) -> None:
    logging.basicConfig(
        level=level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        force=True,
    )
    quiet_libraries()
