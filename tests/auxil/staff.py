"""The staff web app for tests: a migrated, seeded database, the real app served over HTTP, accounts.

The database is built once per test session (migrations plus the shipped answers) and copied for each
test, so every test starts from the same state in a few milliseconds. The app runs in real uvicorn on
a free port in a thread, and tests talk HTTP to it (httpx or a browser).
"""

from __future__ import annotations

import csv
import io
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from bot.config import Settings, load_settings
from bot.content.seed import seed
from bot.content.services_csv import CSV_COLUMNS
from bot.db.models import Role
from bot.db.session import session_scope
from bot.staff.accounts import Scope, create_user
from bot.staff.audit import CLI
from bot.web.app import create_app
from tests.auxil.databases import copy_template, finish_template, new_template
from tests.auxil.ports import free_port

PASSWORD = "correct horse battery staple"
GOOD_ROW = {
    "organisation": "Beratung Süd",
    "provider": "caritas",
    "service": "Sozialberatung Süd",
    "topics": "find_service",
    "languages": "de|ar",
    "free": "yes",
    "address": "Markt 1",
    "postal_code": "04109",
    "opening_hours": "Mo 09:00-12:00",
    "demo": "no",
}
"""A directory CSV row without problems (Leipzig); tests change single fields to break it."""
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def site_settings(var: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "var_dir": var,
        "database_url": f"sqlite:///{var / 'wegweiser.db'}",
        "web_port": free_port(),
        "rasa_port": free_port(),  # nothing listens there: a request that reaches "Rasa" fails
        "actions_port": free_port(),
        "telegram_bot_token": None,
    }
    values.update(overrides)
    return load_settings(**values)


def build_template_database(var: Path) -> Path:
    """A database as ``make run`` seeds it (answers, postal codes, demo directory), built once."""
    url, template = new_template(var, "staff")
    seed(site_settings(var, database_url=url), echo=lambda _line: None)
    finish_template(url)
    return template


def services_csv(*rows: dict[str, str]) -> bytes:
    """A directory CSV file (all columns, in order) with ``rows``; missing cells are empty."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def copy_database(template: Path, var: Path) -> str:
    """This test's own copy of the template; pass its URL to :func:`site_settings`."""
    return copy_template(template, var)


def add_staff(
    settings: Settings,
    username: str,
    role: Role,
    *,
    languages: list[str] | None = None,
    region: str | None = None,
    organisation_id: int | None = None,
    nationwide: bool = False,
    password: str = PASSWORD,
    ui: str = "en",
) -> str:
    """Create an account straight in the database; return its password."""
    with session_scope(settings.db_url) as session:
        create_user(
            session,
            actor=CLI,
            username=username,
            password=password,
            role=role,
            display_name=username.title(),
            scope=Scope(
                languages=languages or [],
                region=region,
                organisation_id=organisation_id,
                nationwide=nationwide,
            ),
            ui=ui,
        )
    return password


@dataclass
class Site:
    """The running staff app."""

    settings: Settings
    url: str

    def client(self, *, language: str = "en") -> StaffClient:
        return StaffClient(self.url, language=language)


@contextmanager
def serve(settings: Settings) -> Iterator[Site]:
    """The web app in uvicorn, on its own thread and port, until the block ends."""
    config = uvicorn.Config(
        create_app(settings),
        host="127.0.0.1",
        port=settings.web_port,
        log_level="warning",
        access_log=False,
        lifespan="off",
        proxy_headers=False,  # as `wegweiser up` runs it: forwarded headers only via trusted proxies
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="staff-web", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the staff web app did not start")
        time.sleep(0.02)
    try:
        yield Site(settings, f"http://127.0.0.1:{settings.web_port}")
    finally:
        server.should_exit = True
        thread.join(timeout=10)


class StaffClient(httpx.Client):
    """An HTTP client that logs in like a browser and sends each form's CSRF token.

    Pages are German until someone logs in or chooses; tests read them in English (``language``).
    """

    def __init__(self, base_url: str, *, language: str = "en") -> None:
        super().__init__(base_url=base_url, follow_redirects=True, trust_env=False, timeout=30)
        self.language = language

    def csrf(self, path: str = "/staff/login") -> str:
        found = CSRF.search(self.get(path).text)
        assert found, f"no CSRF token on {path}"
        return found.group(1)

    def login(self, username: str, password: str = PASSWORD) -> httpx.Response:
        token = self.csrf("/staff/login")
        if self.language != "de":
            self.post("/staff/language", data={"language": self.language, "csrf_token": token})
        return self.post(
            "/staff/login",
            data={"username": username, "password": password, "csrf_token": token},
        )

    def submit(self, path: str, data: dict[str, Any], *, page: str | None = None) -> httpx.Response:
        """POST a form the way the page at ``page`` (default: ``path``) would send it."""
        token = self.csrf(page or path)
        return self.post(path, data={**data, "csrf_token": token})
