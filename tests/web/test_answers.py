"""Answers over HTTP: who opens which text, draft → publish, conflicts, outdated translations, history."""

from __future__ import annotations

import re

import pytest

from bot.content.answers import resolve_answer
from bot.db.models import Role
from bot.db.session import session_scope
from tests.auxil.staff import Site, StaffClient, add_staff


def base_version(client: StaffClient, path: str) -> str:
    found = re.search(r'name="base_version" value="(\d+)"', client.get(path).text)
    assert found
    return found.group(1)


def save(client: StaffClient, path: str, text: str, *, base: str, action: str = "draft", **extra: str) -> str:
    response = client.submit(path, {"text": text, "base_version": base, "action": action, **extra})
    return response.text


def bot_text(site: Site, topic: str, language: str) -> str:
    with session_scope(site.settings.db_url) as session:
        answer = resolve_answer(session, topic=topic, language=language)
        assert answer is not None
        return answer.text


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/staff/answers", 200),
        ("/staff/answers/health_insurance/ar", 200),
        ("/staff/answers/health_insurance/ar/history", 200),
        ("/staff/answers/health_insurance/de", 403),
        ("/staff/answers/health_insurance/tr", 403),
        ("/staff/answers/health_insurance/tr/history", 403),
        ("/staff/answers/health_insurance/tr/diff?a=1&b=1", 403),
        ("/staff/answers/no_such_topic/ar", 404),
    ],
)
def test_a_translator_opens_only_their_languages(staff_site: Site, path: str, status: int) -> None:
    add_staff(staff_site.settings, "amira", Role.TRANSLATOR, languages=["ar"])
    with staff_site.client() as client:
        client.login("amira")
        assert client.get(path).status_code == status


def test_a_translator_cannot_save_another_language(staff_site: Site) -> None:
    add_staff(staff_site.settings, "amira", Role.TRANSLATOR, languages=["ar"])
    before = bot_text(staff_site, "health_insurance", "tr")
    with staff_site.client() as client:
        client.login("amira")
        response = client.submit(
            "/staff/answers/health_insurance/tr",
            {"text": "Değişti", "base_version": "1", "action": "publish"},
            page="/staff/answers",
        )
        assert response.status_code == 403
    assert bot_text(staff_site, "health_insurance", "tr") == before


def test_the_overview_shows_a_translator_german_and_their_languages(staff_site: Site) -> None:
    add_staff(staff_site.settings, "amira", Role.TRANSLATOR, languages=["ar", "fa"])
    with staff_site.client() as client:
        client.login("amira")
        page = client.get("/staff/answers").text
    shown = re.findall(r'data-topic="health_insurance" data-language="(\w+)"', page)
    assert shown == ["de", "ar", "fa"]
    assert 'href="/staff/answers/health_insurance/de"' not in page
    assert 'href="/staff/answers/health_insurance/ar"' in page


def test_a_draft_is_invisible_to_the_bot_until_published(staff_site: Site) -> None:
    add_staff(staff_site.settings, "amira", Role.TRANSLATOR, languages=["ar"])
    path = "/staff/answers/health_insurance/ar"
    published = bot_text(staff_site, "health_insurance", "ar")
    with staff_site.client() as client:
        client.login("amira")
        page = save(client, path, "نص تجريبي للتأمين الصحي", base=base_version(client, path))
        assert "Saved as draft version 2" in page
        assert bot_text(staff_site, "health_insurance", "ar") == published
        client.submit(f"{path}/publish", {"version": "2"}, page=path)
    assert bot_text(staff_site, "health_insurance", "ar") == "نص تجريبي للتأمين الصحي"


def test_the_second_of_two_concurrent_saves_is_refused_and_shows_both(staff_site: Site) -> None:
    add_staff(staff_site.settings, "eva", Role.EDITOR, nationwide=True)
    add_staff(staff_site.settings, "jan", Role.EDITOR, nationwide=True)
    path = "/staff/answers/housing_search/de"
    with staff_site.client() as eva, staff_site.client() as jan:
        eva.login("eva")
        jan.login("jan")
        opened_by_eva = base_version(eva, path)
        opened_by_jan = base_version(jan, path)
        save(jan, path, "Jans Fassung: zuerst zum Wohnungsamt.", base=opened_by_jan, action="publish")
        response = eva.submit(
            path,
            {"text": "Evas Fassung: WBS beantragen.", "base_version": opened_by_eva, "action": "publish"},
        )
        assert response.status_code == 409
        assert "someone else changed this text" in response.text
        assert "Jans Fassung: zuerst zum Wohnungsamt." in response.text  # theirs
        assert "Evas Fassung: WBS beantragen." in response.text  # hers, still in the field
        assert bot_text(staff_site, "housing_search", "de") == "Jans Fassung: zuerst zum Wohnungsamt."
        # Saving again from the conflict page (now on top of Jan's version) works.
        newer = re.search(r'name="base_version" value="(\d+)"', response.text)
        assert newer
        save(eva, path, "Evas und Jans Fassung.", base=newer.group(1), action="publish")
    assert bot_text(staff_site, "housing_search", "de") == "Evas und Jans Fassung."


def test_changing_the_german_source_marks_translations_outdated_unless_minor(staff_site: Site) -> None:
    add_staff(staff_site.settings, "eva", Role.EDITOR, nationwide=True)
    path = "/staff/answers/counselling_debt/de"

    def outdated(client: StaffClient) -> list[str]:
        page = client.get("/staff/answers").text
        return re.findall(r'is-outdated" data-topic="counselling_debt" data-language="(\w+)"', page)

    with staff_site.client() as client:
        client.login("eva")
        assert outdated(client) == []
        original = bot_text(staff_site, "counselling_debt", "de")
        save(
            client,
            path,
            original + " Tippfehler korrigiert.",
            base=base_version(client, path),
            action="publish",
            minor_edit="true",
        )
        assert outdated(client) == []
        save(
            client,
            path,
            original + " Neue Frist: 14 Tage.",
            base=base_version(client, path),
            action="publish",
        )
        assert len(outdated(client)) == 9 and "de" not in outdated(client)
        translation = client.get("/staff/answers/counselling_debt/uk").text
        assert "Outdated: the German text changed" in translation
        save(
            client,
            "/staff/answers/counselling_debt/uk",
            "Оновлений текст.",
            base=base_version(client, "/staff/answers/counselling_debt/uk"),
            action="publish",
            source_version="3",
        )
        assert "uk" not in outdated(client)


def test_history_diff_and_restore(staff_site: Site) -> None:
    add_staff(staff_site.settings, "eva", Role.EDITOR, nationwide=True)
    path = "/staff/answers/language_course/en"
    original = bot_text(staff_site, "language_course", "en")
    with staff_site.client() as client:
        client.login("eva")
        save(client, path, "Ask the BAMF about the integration course.", base="1", action="publish")
        diff = client.get(f"{path}/diff?a=1&b=2").text
        assert "<ins>" in diff and "<del>" in diff
        history = client.get(f"{path}/history").text
        assert "Restore version 1" in history
        restored = client.submit(
            f"{path}/restore", {"version": "1", "base_version": "2"}, page=f"{path}/history"
        )
        assert "Version 1 is back as draft version 3" in restored.text
        assert bot_text(staff_site, "language_course", "en") == "Ask the BAMF about the integration course."
        client.submit(f"{path}/publish", {"version": "3"}, page=path)
    assert bot_text(staff_site, "language_course", "en") == original


def test_an_empty_text_is_refused_and_nothing_is_saved(staff_site: Site) -> None:
    add_staff(staff_site.settings, "eva", Role.EDITOR, nationwide=True)
    with staff_site.client() as client:
        client.login("eva")
        response = client.submit(
            "/staff/answers/work_jobs/de", {"text": "   ", "base_version": "1", "action": "publish"}
        )
        assert response.status_code == 422
        assert "The text is empty" in response.text
        assert base_version(client, "/staff/answers/work_jobs/de") == "1"


def test_a_region_editor_writes_the_region_text_beside_the_nationwide_one(staff_site: Site) -> None:
    add_staff(staff_site.settings, "koeln", Role.EDITOR, region="05315")
    nationwide = bot_text(staff_site, "housing_homeless", "de")
    with staff_site.client() as client:
        client.login("koeln")
        assert client.get("/staff/answers/housing_homeless/de").status_code == 403
        page = client.get("/staff/answers/housing_homeless/de?region=05315")
        assert page.status_code == 200 and "Nationwide text" in page.text
        save(
            client,
            "/staff/answers/housing_homeless/de",
            "In Köln: Notschlafstelle am Hauptbahnhof.",
            base="0",
            action="publish",
            region="05315",
        )
    with session_scope(staff_site.settings.db_url) as session:
        cologne = resolve_answer(session, topic="housing_homeless", language="de", region="05315")
        elsewhere = resolve_answer(session, topic="housing_homeless", language="de", region="09162")
    assert cologne is not None and cologne.text == "In Köln: Notschlafstelle am Hauptbahnhof."
    assert elsewhere is not None and elsewhere.text == nationwide


def test_the_preview_renders_the_bot_reply_with_its_buttons(staff_site: Site) -> None:
    add_staff(staff_site.settings, "amira", Role.TRANSLATOR, languages=["ar"])
    with staff_site.client() as client:
        client.login("amira")
        token = client.csrf("/staff/answers/health_insurance/ar")
        response = client.post(
            "/staff/answers/health_insurance/ar/preview",
            data={"text": "اتصل بالرقم 116 117 <b>"},
            headers={"X-CSRF-Token": token, "HX-Request": "true"},
        )
    assert response.status_code == 200
    assert 'dir="rtl"' in response.text
    assert "&lt;" in response.text and "<b>" not in response.text  # the text is escaped
    assert response.text.count('class="key"') == 3


def cell(page: str, topic: str, language: str) -> str:
    found = re.search(rf'data-topic="{topic}" data-language="{language}">(.*?)</td>', page, re.S)
    assert found, (topic, language)
    return found.group(1)


def test_answers_not_checked_for_twelve_months_are_flagged_in_the_grid(staff_site: Site) -> None:
    add_staff(staff_site.settings, "eva", Role.EDITOR, nationwide=True)
    path = "/staff/answers/housing_search/de"
    with staff_site.client() as client:
        client.login("eva")
        assert "check due" not in cell(client.get("/staff/answers").text, "housing_search", "de")
        text = bot_text(staff_site, "housing_search", "de")
        save(
            client, path, text, base=base_version(client, path), action="publish", last_reviewed="2025-06-01"
        )
        page = client.get("/staff/answers").text
    assert "check due" in cell(page, "housing_search", "de")
    assert "check due" not in cell(page, "housing_search", "en")  # checked 11/2026


def test_a_staff_edit_keeps_the_public_source_under_the_answer(staff_site: Site) -> None:
    add_staff(staff_site.settings, "eva", Role.EDITOR, nationwide=True)
    path = "/staff/answers/language_course/de"
    with staff_site.client() as client:
        client.login("eva")
        save(client, path, "Fragen Sie das BAMF.", base=base_version(client, path), action="publish")
    with session_scope(staff_site.settings.db_url) as session:
        answer = resolve_answer(session, topic="language_course", language="de")
        assert answer is not None and answer.text == "Fragen Sie das BAMF."
        assert answer.public_source == "BAMF"
