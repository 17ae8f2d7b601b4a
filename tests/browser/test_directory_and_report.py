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
from bot.languages import language_codes
from bot.topics import TOPICS
from tests.auxil.browser import screenshot
from tests.auxil.staff import GOOD_ROW, PASSWORD, Site, add_staff, services_csv
from tests.auxil.usage import count_questions

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


def test_the_gaps_report_flags_the_demo_district_and_prints_one_page(
    chromium: Browser, staff_site: Site
) -> None:
    """A municipal planner finds Köln lacking Persian for health insurance and prints the summary."""
    add_staff(staff_site.settings, "kommune", Role.EDITOR, region="05315", ui="de")
    count_questions(
        staff_site.settings.db_url,
        [
            ("05315", "health_insurance", "ar", 23),
            ("05315", "health_insurance", "fa", 9),
            ("05315", "health_insurance", "ru", 2),
            ("05315", "counselling_migration", "fa", 14),
            ("05315", "housing_search", "uk", 11),
            ("05111", "counselling_debt", "ar", 7),  # Düsseldorf: the demo services are 35 km away
            # Leipzig as a big city: every topic asked in every language, some of them rarely
            *(
                ("14713", topic, language, (i * 7 + j * 3) % 40 + 1)
                for i, topic in enumerate(TOPICS)
                for j, language in enumerate(language_codes())
            ),
        ],
    )
    page = chromium.new_page()
    log_in(page, staff_site, "kommune", "/staff/report")
    page.get_by_role("link", name="Lücken im Angebot je Kreis").click()
    koeln = page.locator('tr[data-region="05315"]')
    expect(koeln).to_contain_text("Persisch")
    expect(page.locator('tr[data-region="05111"]')).to_contain_text("Schulden")
    koeln.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Köln")
    expect(page.locator(".gap-flags")).to_contain_text(
        "In diesen Sprachen wird gefragt, aber kein Angebot in der Nähe spricht sie zum jeweiligen Thema:"
    )
    expect(page.locator('.gap-flags [data-language="fa"]')).to_have_text("Persisch: Krankenversicherung")
    persian = page.locator('tbody[data-topic="health_insurance"] tr[data-language="fa"]')
    expect(persian).to_have_class(re.compile("is-gap"))
    expect(persian).to_contain_text("niemand in der Nähe spricht sie")
    expect(page.locator('tbody[data-topic="health_insurance"] tr[data-language="ru"]')).to_contain_text("<5")
    expect(page.locator('tbody[data-topic="counselling_migration"] .is-gap')).to_have_count(0)
    expect(page.get_by_role("status")).to_contain_text("Demo")
    screenshot(page, "gaps-report")

    page.get_by_role("link", name="Einseitige Zusammenfassung für den Ausschuss").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Köln")
    expect(page.locator(".summary")).to_contain_text("Persisch")
    screenshot(page, "gaps-print")
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Drucken")).to_be_hidden()
    assert pdf_pages(page) == 1  # one A4 page for the committee
    page.goto(f"{staff_site.url}/staff/report/gaps/14713/print")
    expect(page.locator("table.matrix tbody tr")).to_have_count(len(TOPICS))
    assert pdf_pages(page) == 1  # every topic in every language still fits
    page.close()


def pdf_pages(page: Page) -> int:
    """Pages of the sheet as Chromium prints it (A4, the page's own @page rules); nothing cut off."""
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 695, "height": 1032})  # A4 within the margins, at 96 dpi
    assert page.evaluate("document.querySelector('main').scrollWidth <= 695"), "the sheet is too wide"
    return len(re.findall(rb"/Type\s*/Page[^s]", page.pdf(format="A4", prefer_css_page_size=True)))
