"""Staff working on answers in a real browser (headless Chromium): login, outdated, RTL, conflicts."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from bot.content.answers import resolve_answer
from bot.db.models import Role
from bot.db.session import session_scope
from tests.auxil.browser import screenshot
from tests.auxil.staff import PASSWORD, Site, add_staff

pytestmark = pytest.mark.browser


def log_in(page: Page, site: Site, username: str, *, path: str = "/staff/") -> None:
    """Log in with the keyboard only, as someone without a mouse would."""
    page.goto(f"{site.url}{path}")
    page.locator("#username").focus()
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_load_state()


def published(site: Site, topic: str, language: str) -> str:
    with session_scope(site.settings.db_url) as session:
        answer = resolve_answer(session, topic=topic, language=language)
        assert answer is not None
        return answer.text


def test_log_in_and_reach_the_start_page(chromium: Browser, staff_site: Site) -> None:
    add_staff(staff_site.settings, "ada", Role.ADMIN, ui="de")
    page = chromium.new_page()
    page.goto(f"{staff_site.url}/staff/")
    expect(page).to_have_url(f"{staff_site.url}/staff/login?next=/staff/")
    expect(page.locator("html")).to_have_attribute("lang", "de")  # German by default
    screenshot(page, "login")
    page.get_by_label("Benutzername").fill("ada")
    page.get_by_label("Passwort").fill("not the password")
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("alert")).to_contain_text("Benutzername oder Passwort ist falsch")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hallo, Ada")
    expect(page.get_by_role("link", name="Benutzer*innen")).to_be_visible()
    screenshot(page, "home")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Ada")
    expect(page.get_by_role("link", name="Users")).to_be_visible()
    page.close()


def test_editing_the_german_source_flags_translations_outdated(chromium: Browser, staff_site: Site) -> None:
    add_staff(staff_site.settings, "eva", Role.EDITOR, nationwide=True)
    page = chromium.new_page()
    log_in(page, staff_site, "eva", path="/staff/answers")
    cell = page.locator('td[data-topic="health_uninsured"][data-language="uk"]')
    expect(cell.locator(".badge.outdated")).to_have_count(0)
    page.locator('td[data-topic="health_uninsured"][data-language="de"] a').click()
    text = page.get_by_label("Text (German)")
    text.fill(text.input_value() + "\n\nNeu: Die Clearingstelle hat jetzt auch samstags offen.")
    page.get_by_role("button", name="Save and publish").click()
    expect(page.get_by_role("status").first).to_contain_text("Published: version 2")
    page.get_by_role("link", name="Answers").first.click()
    expect(cell.locator(".badge.outdated")).to_have_count(1)
    expect(
        page.locator('td[data-topic="health_uninsured"][data-language="de"] .badge.outdated')
    ).to_have_count(0)
    screenshot(page, "answers-overview")
    cell.locator("a").click()
    expect(page.get_by_role("status").filter(has_text="Outdated")).to_be_visible()
    expect(page.locator(".source .readonly")).to_contain_text("samstags")
    page.close()


def test_editing_an_arabic_translation_right_to_left_with_live_preview(
    chromium: Browser, staff_site: Site
) -> None:
    add_staff(staff_site.settings, "amira", Role.TRANSLATOR, languages=["ar"])
    page = chromium.new_page()
    log_in(page, staff_site, "amira", path="/staff/answers/health_insurance/ar")
    text = page.get_by_label("Text (Arabic)")
    expect(text).to_have_attribute("dir", "rtl")
    expect(text).to_have_attribute("lang", "ar")
    expect(page.locator(".source .readonly")).to_have_attribute("lang", "de")
    corrected = "اتصل بصندوق التأمين الصحي (Krankenkasse) على الرقم 0800 123 456."
    text.fill(corrected)
    expect(page.locator("#length")).to_contain_text(f"{len(corrected)} / 700")
    preview = page.locator("#preview .phone")
    expect(preview).to_have_attribute("dir", "rtl")
    expect(preview).to_contain_text("0800 123 456")
    expect(preview.locator(".key")).to_have_count(3)
    screenshot(page, "answer-editor-arabic")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("status").first).to_contain_text("Saved as draft version 2")
    assert published(staff_site, "health_insurance", "ar") != corrected
    page.get_by_role("button", name="Publish the saved draft (version 2)").click()
    expect(page.get_by_role("status").first).to_contain_text("Published: version 2")
    assert published(staff_site, "health_insurance", "ar") == corrected
    page.close()


def test_two_people_saving_the_same_text_lose_nothing(chromium: Browser, staff_site: Site) -> None:
    add_staff(staff_site.settings, "eva", Role.EDITOR, nationwide=True)
    add_staff(staff_site.settings, "jan", Role.EDITOR, nationwide=True)
    eva, jan = chromium.new_context().new_page(), chromium.new_context().new_page()
    log_in(eva, staff_site, "eva", path="/staff/answers/counselling_asylum/de")
    log_in(jan, staff_site, "jan", path="/staff/answers/counselling_asylum/de")
    jan.get_by_label("Text (German)").fill("Jan: Nach der Ablehnung sofort zur Asylberatung.")
    jan.get_by_role("button", name="Save and publish").click()
    expect(jan.get_by_role("status").first).to_contain_text("Published")
    eva.get_by_label("Text (German)").fill("Eva: Die Frist ist oft nur eine Woche.")
    eva.get_by_role("button", name="Save and publish").click()
    expect(eva.get_by_role("alert")).to_contain_text("someone else changed this text")
    expect(eva.locator("#theirs")).to_have_text("Jan: Nach der Ablehnung sofort zur Asylberatung.")
    expect(eva.get_by_label("Text (German)")).to_have_value("Eva: Die Frist ist oft nur eine Woche.")
    screenshot(eva, "answer-conflict")
    assert published(staff_site, "counselling_asylum", "de").startswith("Jan:")
    eva.get_by_label("Text (German)").fill(
        "Nach der Ablehnung sofort zur Asylberatung: Die Frist ist oft nur eine Woche."
    )
    eva.get_by_role("button", name="Save my version and publish").click()
    expect(eva.get_by_role("status").first).to_contain_text("Published: version 3")
    assert published(staff_site, "counselling_asylum", "de").endswith("nur eine Woche.")
    eva.context.close()
    jan.context.close()


def test_a_translator_cannot_open_another_language_or_the_user_admin(
    chromium: Browser, staff_site: Site
) -> None:
    add_staff(staff_site.settings, "amira", Role.TRANSLATOR, languages=["ar"])
    page = chromium.new_page()
    log_in(page, staff_site, "amira", path="/staff/answers")
    expect(page.locator('td[data-language="tr"]')).to_have_count(0)
    expect(page.locator('td[data-topic="housing_search"][data-language="de"] a')).to_have_count(0)
    expect(page.get_by_role("link", name="Users")).to_have_count(0)
    for path in (
        "/staff/answers/housing_search/tr",
        "/staff/answers/housing_search/de",
        "/staff/users",
        "/staff/audit",
    ):
        response = page.goto(f"{staff_site.url}{path}")
        assert response is not None and response.status == 403, path
        expect(page.get_by_role("heading", level=1)).to_have_text("Not allowed")
    page.close()
