"""The service directory, the file import and the usage report in a real browser."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import func, select

from bot.content.usage import UNANSWERED, increment
from bot.db.models import Role, Service
from bot.db.session import session_scope
from tests.auxil.browser import screenshot
from tests.auxil.staff import GOOD_ROW, PASSWORD, Site, add_staff, services_csv

pytestmark = pytest.mark.browser


def log_in(page: Page, site: Site, username: str, path: str) -> None:
    page.goto(f"{site.url}{path}")
    page.locator("#username").fill(username)
    page.locator("#password").fill(PASSWORD)
    page.locator("#password").press("Enter")
    page.wait_for_load_state()


def services_count(site: Site) -> int:
    with session_scope(site.settings.db_url) as session:
        return int(session.scalar(select(func.count()).select_from(Service)) or 0)


def test_an_import_with_errors_shows_them_all_and_writes_nothing(
    chromium: Browser, staff_site: Site, tmp_path: Path
) -> None:
    add_staff(staff_site.settings, "eva", Role.EDITOR, nationwide=True)
    upload = tmp_path / "beratungsstellen.csv"
    upload.write_bytes(
        services_csv(
            GOOD_ROW,
            GOOD_ROW
            | {
                "service": "Schuldnerberatung",
                "topics": "schulden",
                "free": "vielleicht",
                "postal_code": "0410",
                "opening_hours": "Mo 9",
            },
        )
    )
    before = services_count(staff_site)
    page = chromium.new_page()
    log_in(page, staff_site, "eva", "/staff/import")
    page.get_by_label("File (CSV or HSDS JSON, at most 10 MB)").set_input_files(str(upload))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("alert")).to_contain_text("Nothing was imported")
    rows = page.locator("#problems tbody tr td:first-child").all_inner_texts()
    assert rows and set(rows) == {"3"}, rows  # every problem is in row 3; row 2 is fine
    for field in ("topics", "free", "postal_code", "opening_hours"):
        expect(page.locator("#problems tbody tr", has_text=field).first).to_be_visible()
    expect(page.get_by_role("button", name="Import now")).to_have_count(0)
    screenshot(page, "import-problems")
    assert services_count(staff_site) == before
    page.close()


def test_directory_list_and_service_form(chromium: Browser, staff_site: Site) -> None:
    add_staff(staff_site.settings, "eva", Role.EDITOR, nationwide=True)
    page = chromium.new_page()
    log_in(page, staff_site, "eva", "/staff/services")
    page.get_by_label("Search").fill("Leipzig")
    page.get_by_label("Search").press("Enter")
    expect(page.locator("tbody tr").first).to_contain_text("Leipzig")
    screenshot(page, "services")
    page.locator("tbody tr a").first.click()
    expect(page.get_by_label("Postal code", exact=True)).to_have_value(re.compile(r"^04\d{3}$"))
    page.get_by_label("Phone").fill("0341 999 0000")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").first).to_contain_text("The service is saved.")
    expect(page.get_by_label("Phone")).to_have_value("0341 999 0000")
    screenshot(page, "service-edit")
    page.close()


def test_the_report_suppresses_small_counts(chromium: Browser, staff_site: Site) -> None:
    add_staff(staff_site.settings, "amira", Role.TRANSLATOR, languages=["ar"])
    with session_scope(staff_site.settings.db_url) as session:
        for topic, times, language in (
            ("health_insurance", 23, "ar"),
            ("housing_search", 14, "uk"),
            ("counselling_asylum", 9, "fa"),
            ("racist_attack", 2, "ar"),
            (UNANSWERED, 6, "ar"),
        ):
            increment(session, topic=topic, region="05315", language=language, when=date.today(), by=times)
    page = chromium.new_page()
    log_in(page, staff_site, "amira", "/staff/report")
    row = page.locator('tr[data-topic="racist_attack"]')
    expect(row.locator("td").last).to_have_text("<5")
    expect(row).not_to_contain_text("2")
    expect(page.locator('tr[data-topic="health_insurance"] td').last).to_have_text("23")
    expect(page.locator('tr[data-topic="unanswered"]')).to_contain_text("Could not answer")
    expect(page.locator("svg.chart")).to_contain_text("<5")
    screenshot(page, "report")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    exported = Path(download.value.path()).read_text(encoding="utf-8")
    assert "racist_attack,0,0,0,0,0,0,0,0,0,0,0,<5" in exported
    page.close()
