"""User administration in a real browser: an admin creates a translator account with the keyboard."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect

from bot.db.models import Role
from tests.auxil.browser import screenshot
from tests.auxil.staff import PASSWORD, Site, add_staff

pytestmark = pytest.mark.browser


def test_an_admin_creates_a_translator_and_sees_the_audit_log(chromium: Browser, staff_site: Site) -> None:
    add_staff(staff_site.settings, "ada", Role.ADMIN)
    add_staff(staff_site.settings, "eva", Role.EDITOR, region="05315")
    page = chromium.new_page()
    page.goto(f"{staff_site.url}/staff/users/new")
    page.locator("#username").fill("ada")
    page.locator("#password").fill(PASSWORD)
    page.locator("#password").press("Enter")
    page.get_by_label("Username").fill("n.karimi")
    page.get_by_label("Name", exact=True).fill("Nasrin Karimi")
    page.get_by_label("Translator – translations in the chosen languages only").check()
    page.get_by_label("Persian").check()
    page.get_by_label("Language of the staff pages").select_option("de")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Account n.karimi created")
    expect(page.locator("#new-password")).to_have_text(re.compile(r"^\S{16,}$"))
    page.get_by_role("link", name="Users").first.click()
    row = page.locator("tr", has_text="n.karimi")
    expect(row).to_contain_text("Translator")
    expect(row).to_contain_text("Persian")
    expect(page.locator("tr", has_text="eva")).to_contain_text("region 05315")
    screenshot(page, "users")
    page.get_by_role("link", name="Audit log").click()
    expect(page.locator("tbody tr").first).to_contain_text("user.create")
    expect(page.locator("tbody tr").first).to_contain_text("n.karimi")
    screenshot(page, "audit-log")
    page.close()
