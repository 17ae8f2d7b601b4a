"""A small real database for fast tests: the shipped answers, a hand-written gazetteer, the demo services.

Built once per test session into a template (``tests/auxil/databases.py``) and copied per test module, so
unit tests get real content and real place and service searches in milliseconds, without ``../shared``.
"""

from __future__ import annotations

from pathlib import Path

from bot.content.answer_files import import_answer_file
from bot.content.geo_import import import_gazetteer
from bot.content.seed import SHIPPED_ANSWERS, SHIPPED_DEMO_SERVICES, answer_files_in_order
from bot.content.service_files import import_services_file
from bot.db.migrate import upgrade
from bot.db.session import session_scope
from tests.auxil.databases import copy_template, finish_template, new_template

SMALL_GAZETTEER = Path(__file__).parents[1] / "data" / "small_gazetteer.csv"


def build_small_directory(folder: Path) -> Path:
    url, template = new_template(folder, "small")
    upgrade(url)
    with session_scope(url) as session:
        for answers in answer_files_in_order(list(SHIPPED_ANSWERS.glob("*.yml"))):
            import_answer_file(session, answers)
        import_gazetteer(session, path=SMALL_GAZETTEER)
    with session_scope(url) as session:
        import_services_file(session, path=SHIPPED_DEMO_SERVICES, update_existing=False)
    finish_template(url)
    return template


def copy_small_directory(template: Path, folder: Path) -> str:
    return copy_template(template, folder)
