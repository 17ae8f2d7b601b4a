"""Load everything that ships with Wegweiser into a fresh or existing database (``wegweiser content seed``).

Idempotent: only what is missing or changed is written, so ``make run`` can call it every time. Beside
the answers: the postal code gazetteer (from ``WEGWEISER_GEONAMES_FILE``, only while the gazetteer is
empty) and the demo directory ``content/demo/services.csv`` (only services not yet in the database,
so staff edits to demo entries are kept).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bot.config import PROJECT_ROOT, Settings
from bot.content.answer_files import import_answer_file
from bot.content.geo_import import (
    GEONAMES_ATTRIBUTION,
    GEONAMES_DOWNLOAD_HINT,
    gazetteer_is_empty,
    import_gazetteer,
)
from bot.content.service_files import import_services_file
from bot.db.migrate import upgrade
from bot.db.session import session_scope
from bot.languages import SOURCE_LANGUAGE

SHIPPED_ANSWERS = PROJECT_ROOT / "content" / "answers"
SHIPPED_DEMO_SERVICES = PROJECT_ROOT / "content" / "demo" / "services.csv"


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
    seed_gazetteer(settings, echo)
    seed_demo_services(settings, echo)


def seed_gazetteer(settings: Settings, echo: Callable[[str], None] = print) -> None:
    """Postal codes from ``WEGWEISER_GEONAMES_FILE`` when the gazetteer is still empty."""
    with session_scope(settings.db_url) as session:
        if not gazetteer_is_empty(session):
            return
        path = settings.geonames_path
        if not path.is_file():
            echo(f"No postal code list yet ({path} not found): {GEONAMES_DOWNLOAD_HINT}.")
            return
        result = import_gazetteer(session, path=path)
    echo(f"Postal codes loaded: {result.rows} entries, {result.regions} regions. {GEONAMES_ATTRIBUTION}")


def seed_demo_services(settings: Settings, echo: Callable[[str], None] = print) -> None:
    """The demo directory, adding only services that are not there yet (staff edits stay)."""
    if not SHIPPED_DEMO_SERVICES.is_file():
        return
    with session_scope(settings.db_url) as session:
        result, _ = import_services_file(session, path=SHIPPED_DEMO_SERVICES, update_existing=False)
    if result.added:
        echo(f"Demo service directory loaded ({result.added} services, marked as demo).")
