"""The question inbox in a real browser: an editor sees their region's questions, filters by language,
labels one with an intent, marks one "new topic needed", discards one; nothing shows who asked."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Browser, Locator, Page, expect
from sqlalchemy import select

from bot.content.inbox import keep
from bot.db.models import InboxQuestion, Role
from bot.db.session import session_scope
from tests.auxil.browser import screenshot
from tests.auxil.staff import PASSWORD, Site, add_staff

pytestmark = pytest.mark.browser

KOELN, BONN = "05315", "05314"
QUESTIONS = (
    # text as the person wrote it, language, district, the model's guess
    ("Kriegt man vom Staat was für die Kleinen? Ruf an: 0176 5550 3829", "de", KOELN, "social_benefits"),
    ("هل يدفع أحد ثمن نظارة ابني؟ رقمي ٠١٧٦ ٥٥٥ ٠٣ ٨٢", "ar", KOELN, "health_find_doctor"),
    ("Wie melde ich mein Auto um? auto.hilfe@example.de", "de", KOELN, "registration_everyday"),
    ("asdf qwer", "de", KOELN, None),
    ("Wo ist das Bürgeramt in Bonn?", "de", BONN, "registration_everyday"),
    ("Ich habe eine Frage", "de", None, None),
)


def add_questions(site: Site) -> dict[str, int]:
    """Kept as the bot keeps them (scrubbed on the way in); ids by the first word of each text."""
    ids = {}
    with session_scope(site.settings.db_url) as session:
        for text, language, region, guess in QUESTIONS:
            row = keep(
                session,
                text=text,
                language=language,
                predicted=guess,
                confidence=0.27,
                region=region,
                when=datetime.now(UTC),
            )
            assert row is not None
            ids[text.split()[0]] = row.id
    return ids


def log_in(page: Page, site: Site, username: str) -> None:
    page.goto(f"{site.url}/staff/")
    page.locator("#username").fill(username)
    page.locator("#password").fill(PASSWORD)
    page.locator("#password").press("Enter")
    page.wait_for_load_state()


def row_of(page: Page, words: str) -> Locator:
    return page.locator("tbody tr", has_text=words)


def test_an_editor_labels_marks_and_discards_questions_of_their_region(
    chromium: Browser, staff_site: Site
) -> None:
    ids = add_questions(staff_site)
    add_staff(staff_site.settings, "eva", Role.EDITOR, region=KOELN)
    page = chromium.new_page()
    log_in(page, staff_site, "eva")
    page.get_by_role("link", name="Inbox").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inbox")

    # Köln's questions only, scrubbed, each with the model's guess; nothing says who asked or when
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(4)
    expect(page.locator("tbody")).not_to_contain_text("Bürgeramt")  # Bonn: another region
    expect(page.locator("tbody")).not_to_contain_text("Ich habe eine Frage")  # no district: admins
    expect(page.locator("thead th")).to_have_text(
        ["Question", "Language", "The model's guess", "Week", "District", "Decision"]
    )
    table = page.locator("tbody").inner_text()
    assert "[number]" in table and "[email]" in table
    written = re.sub(rf"\d{{4}}-W\d{{2}}|{KOELN}", "", table)  # what is left besides week and district
    assert not re.search(r"\d{4,}|[٠-٩]{2,}|@", written), table
    assert not re.search(r"\b\d{1,2}:\d{2}\b", table)  # no time of day, only the ISO week
    expect(row_of(page, "Kriegt man")).to_contain_text("social_benefits (0.27)")
    screenshot(page, "inbox")

    # one language at a time
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Arabic").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("نظارة")
    arabic = row_of(page, "نظارة")
    arabic.get_by_label("Intent").select_option("health_insurance")
    arabic.get_by_role("button", name="Label").click()
    expect(page.locator("tbody")).to_contain_text("No questions.")
    expect(page).to_have_url(re.compile(r"language=ar"))  # back where the editor was

    page.get_by_role("navigation", name="Language").get_by_role("link", name="All languages").click()
    registration = row_of(page, "Wie melde ich")
    registration.get_by_label("New topic needed").fill("Auto ummelden (Kfz-Zulassung)")
    registration.get_by_role("button", name="Mark").click()
    expect(row_of(page, "Wie melde ich")).to_have_count(0)
    row_of(page, "asdf qwer").get_by_role("button", name="Discard").click()
    expect(row_of(page, "asdf qwer")).to_have_count(0)
    expect(rows).to_have_count(1)  # "Kriegt man …" is still to decide

    page.get_by_role("navigation", name="Status").get_by_role("link", name="Labelled").click()
    expect(row_of(page, "نظارة")).to_contain_text("health_insurance")
    expect(page.locator("tbody")).not_to_contain_text("eva")  # not even who labelled it
    page.get_by_role("navigation", name="Status").get_by_role("link", name="New topic needed").click()
    expect(row_of(page, "Wie melde ich")).to_contain_text("Auto ummelden (Kfz-Zulassung)")
    page.close()

    with session_scope(staff_site.settings.db_url) as session:
        decided = {r.id: (r.status, r.label) for r in session.scalars(select(InboxQuestion))}
    assert decided[ids["هل"]] == ("labelled", "health_insurance")
    assert decided[ids["Wie"]] == ("new_topic", "Auto ummelden (Kfz-Zulassung)")
    assert decided[ids["asdf"]] == ("discarded", None)
    assert decided[ids["Kriegt"]] == ("new", None)
    assert decided[ids["Wo"]] == ("new", None) and decided[ids["Ich"]] == ("new", None)
