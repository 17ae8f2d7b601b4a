"""Done when: a new staff member, given only a login, finds the Arabic answer on health insurance,
corrects it, previews it (drafts only in their own preview chat) and publishes it, and the bot
answers with the new text at once — against the real stack (Rasa, action server, web app)."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from bot.content.answers import add_revision, latest_revision
from bot.db.models import AnswerStatus
from bot.db.session import session_scope
from bot.replies.rtl import LRI, PDI
from tests.auxil.browser import screenshot
from tests.auxil.cli import run_cli
from tests.auxil.stack import RunningStack

pytestmark = [pytest.mark.stack, pytest.mark.browser]

QUESTION = "How do I get health insurance?"
CORRECTION = "تصحيح: اسأل صاحب العمل عن اسم صندوق التأمين الصحي (Krankenkasse)."


@pytest.fixture
def arabic_text_restored(stack: RunningStack) -> Iterator[str]:
    """The published Arabic text before the test; published again afterwards for other tests."""
    with session_scope(stack.settings.db_url) as session:
        original = latest_revision(session, topic="health_insurance", language="ar", region=None)
        assert original is not None
        text, source_version = original.text, original.source_version
    yield text
    with session_scope(stack.settings.db_url) as session:
        add_revision(
            session,
            topic="health_insurance",
            language="ar",
            text=text,
            status=AnswerStatus.PUBLISHED,
            source_version=source_version,
        )


def ask_in_arabic(stack: RunningStack) -> str:
    replies = json.loads(stack.cli("ask", QUESTION, "--lang", "ar", "--json").stdout)
    return "\n".join(r["text"] for r in replies if r.get("text"))


def chat(page: Page, text: str) -> str:
    """Send ``text`` on the chat page (Arabic chosen) and return the bot's reply text."""
    before = page.locator(".msg.bot").count()
    page.get_by_label("Sprache / Language").select_option("ar")
    page.get_by_label("Nachricht / Message").fill(text)
    page.get_by_label("Nachricht / Message").press("Enter")
    expect(page.locator(".msg.bot")).not_to_have_count(before, timeout=30_000)
    shown = "\n".join(page.locator(".msg.bot").all_inner_texts()[before:])
    return shown.replace(LRI, "").replace(PDI, "")  # the invisible isolation marks, as a person reads it


def test_a_new_staff_member_corrects_and_publishes_the_arabic_answer(
    stack: RunningStack, chromium: Browser, arabic_text_restored: str
) -> None:
    created = run_cli(
        "users",
        "add",
        "salma",
        "--role",
        "translator",
        "--language",
        "ar",
        "--generate",
        "--ui-language",
        "en",
        env=stack.env,
    )
    assert created.returncode == 0, created.stderr
    found = re.search(r"Password \(shown once[^:]*: (\S+)", created.stdout)
    assert found
    first_password = found.group(1)
    web = stack.settings.web_url

    # Given only a login: log in, choose an own password.
    staff = chromium.new_context()
    page = staff.new_page()
    page.goto(f"{web}/staff/")
    page.locator("#username").fill("salma")
    page.locator("#password").fill(first_password)
    page.locator("#password").press("Enter")
    expect(page).to_have_url(f"{web}/staff/account/password")
    page.get_by_label("Current password").fill(first_password)
    page.get_by_label("New password", exact=True).fill("Mein eigenes Passwort 2026")
    page.get_by_label("New password again").fill("Mein eigenes Passwort 2026")
    page.get_by_role("button", name="Save new password").click()
    expect(page.get_by_role("status").first).to_contain_text("Your new password is saved.")

    # Find the Arabic answer on health insurance and correct it.
    page.get_by_role("link", name="Answers").first.click()
    page.get_by_role("link", name="Health insurance, Arabic", exact=True).click()
    text = page.get_by_label("Text (Arabic)")
    corrected = f"{arabic_text_restored}\n\n{CORRECTION}"
    text.fill(corrected)
    expect(page.locator("#preview")).to_contain_text("تصحيح")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("status").first).to_contain_text("Saved as draft")

    # Preview in the chat: the draft for staff who ask for it, never for the public page.
    page.goto(f"{web}/chat")
    page.get_by_label("Show drafts (preview for staff)").check()
    assert CORRECTION in chat(page, QUESTION)
    screenshot(page, "preview-chat")
    public = chromium.new_context().new_page()
    public.goto(f"{web}/chat")
    expect(public.get_by_label("Show drafts (preview for staff)")).to_have_count(0)
    assert CORRECTION not in chat(public, QUESTION)
    assert CORRECTION not in ask_in_arabic(stack)

    # Publish; the bot answers with the new text at once.
    page.goto(f"{web}/staff/answers/health_insurance/ar")
    page.get_by_role("button", name=re.compile("Publish the saved draft")).click()
    expect(page.get_by_role("status").first).to_contain_text("Published")
    published_at = time.monotonic()
    assert CORRECTION in ask_in_arabic(stack)
    assert time.monotonic() - published_at < 60
    assert CORRECTION in chat(public, QUESTION)
    public.context.close()
    staff.close()
