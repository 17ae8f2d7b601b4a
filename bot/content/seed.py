"""Load everything that ships with Wegweiser into a fresh or existing database (``wegweiser content seed``).

Idempotent: only what is missing or changed is written, so ``make run`` can call it every time.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bot.config import PROJECT_ROOT, Settings
from bot.content.answer_files import import_answer_file
from bot.db.migrate import upgrade
from bot.db.session import session_scope
from bot.languages import SOURCE_LANGUAGE

SHIPPED_ANSWERS = PROJECT_ROOT / "content" / "answers"


def answer_files_in_order(files: list[Path]) -> list[Path]:
    """German first, so translations can record which German version they were made from."""
    return sorted(files, key=lambda p: (p.stem != SOURCE_LANGUAGE, p.name))


def seed(settings: Settings, echo: Callable[[str], None] = print) -> None:
    upgrade(settings.db_url)
    with session_scope(settings.db_url) as session:
        added = sum(
            import_answer_file(session, path)
            for path in answer_files_in_order(list(SHIPPED_ANSWERS.glob("*.yml")))
        )
    echo(f"Shipped answers loaded ({added} new or changed texts).")
