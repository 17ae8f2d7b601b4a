"""Fixtures shared by all tests. Helpers live in tests/auxil/."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config import Settings
from bot.engine.models import ModelInfo
from tests.auxil.browser import Browser, launch_chromium
from tests.auxil.databases import copy_template, drop, drop_created, drop_templates, new_database
from tests.auxil.directory import build_gazetteer_database, copy_of, temporary_postgres
from tests.auxil.small_directory import build_small_directory
from tests.auxil.stack import RunningStack, stack_settings, start_stack, trained_project_model
from tests.auxil.staff import Site, build_template_database, copy_database, serve, site_settings

os.environ["WEGWEISER_ENV_FILE"] = "/nonexistent"  # a developer's .env never leaks into tests
os.environ.pop("TELEGRAM_BOT_TOKEN", None)


@pytest.fixture(scope="session", autouse=True)
def _drop_test_templates() -> Iterator[None]:
    """PostgreSQL runs (``WEGWEISER_TEST_DATABASE=postgresql``) leave no template database behind."""
    yield
    drop_templates()


@pytest.fixture(scope="module", autouse=True)
def _drop_module_databases() -> Iterator[None]:
    """Databases a module's fixtures made and did not drop themselves are dropped at its end."""
    yield
    drop_created()


@pytest.fixture
def empty_database(tmp_path: Path) -> Iterator[str]:
    """URL of a new, empty database of the backend under test (SQLite file or PostgreSQL)."""
    url = new_database(tmp_path / "empty-database")
    yield url
    drop(url)


@pytest.fixture(scope="session")
def trained_model() -> ModelInfo:
    """The real model trained from the project's data (cached by fingerprint across runs)."""
    return trained_project_model()


@pytest.fixture(scope="session")
def stack(trained_model: ModelInfo, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    """Rasa server, action server and web app running as real processes on free ports."""
    var = tmp_path_factory.mktemp("stack")
    running = start_stack(stack_settings(var), trained_model)
    try:
        yield running
    finally:
        running.supervisor.stop()


@pytest.fixture
def var_dir(tmp_path: Path) -> Path:
    return tmp_path / "var"


@pytest.fixture(scope="session")
def staff_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated database with the shipped answers, built once and copied by ``staff_settings``."""
    return build_template_database(tmp_path_factory.mktemp("staff-template"))


@pytest.fixture
def staff_settings(staff_template: Path, tmp_path: Path) -> Iterator[Settings]:
    """Settings with this test's own copy of the staff template database."""
    var = tmp_path / "staff"
    url = copy_database(staff_template, var)
    yield site_settings(var, database_url=url)
    drop(url)


@pytest.fixture
def staff_site(staff_settings: Settings) -> Iterator[Site]:
    """The web app (chat page and staff app) served over HTTP on a free port."""
    with serve(staff_settings) as site:
        yield site


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    """Debian's headless Chromium driven by Playwright, one per test module.

    Not per session: Playwright's sync API keeps its own event loop running while it is open, which
    would stop the asyncio tests collected after the browser tests.
    """
    with launch_chromium() as browser:
        yield browser


@pytest.fixture(scope="session")
def small_directory(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A template database with the shipped answers, a hand-written gazetteer and the demo services."""
    return build_small_directory(tmp_path_factory.mktemp("small-directory"))


@pytest.fixture(scope="session")
def gazetteer_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite database with the shared GeoNames gazetteer, built once per session."""
    return build_gazetteer_database(tmp_path_factory.mktemp("gazetteer"))


@pytest.fixture(scope="session")
def gazetteer_url(gazetteer_template: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """URL of one gazetteer database for tests that only read (place names index once).

    On SQLite the template itself; on PostgreSQL a copy kept for the session, because a template
    database that someone is connected to cannot be copied.
    """
    if gazetteer_template.suffix == ".pg":
        return copy_template(gazetteer_template, tmp_path_factory.mktemp("gazetteer-read"), for_session=True)
    return f"sqlite:///{gazetteer_template}"


@pytest.fixture
def directory_db(gazetteer_template: Path, tmp_path: Path) -> Iterator[str]:
    """URL of this test's own copy of the gazetteer database (no services yet)."""
    url = copy_of(gazetteer_template, tmp_path / "directory")
    yield url
    drop(url)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """URL of a new, empty PostgreSQL database, dropped after the test (marker ``postgres``)."""
    with temporary_postgres() as url:
        yield url
