"""The gaps report in the staff app: the demo district's missing language, its CSV, who may see it."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import httpx
import pytest

from bot.db.models import Region, Role
from bot.db.session import session_scope
from tests.auxil.staff import Site, add_staff
from tests.auxil.usage import count_questions

KOELN = "05315"
ASKED_IN_KOELN = (
    ("health_insurance", "ar", 23),
    ("health_insurance", "fa", 9),
    ("health_insurance", "ru", 2),
    ("housing_search", "uk", 6),
)
"""People asking in Köln, where the demo directory has no Persian-speaking health insurance help."""
PAGES = (
    "/staff/report/gaps",
    f"/staff/report/gaps/{KOELN}",
    f"/staff/report/gaps/{KOELN}/print",
    f"/staff/report/gaps.csv?region={KOELN}",
)


def ask(site: Site, region: str, asked: tuple[tuple[str, str, int], ...]) -> None:
    count_questions(site.settings.db_url, [(region, *question) for question in asked])


def rows_by(attribute: str, page: str) -> dict[str, str]:
    found = re.findall(rf'<(tr|tbody) data-{attribute}="(\w+)"[^>]*>(.*?)</\1>', page, re.S)
    return {key: inner for _tag, key, inner in found}


def test_the_demo_district_is_flagged_with_the_language_nobody_near_speaks(staff_site: Site) -> None:
    add_staff(staff_site.settings, "amira", Role.TRANSLATOR, languages=["ar"])
    ask(staff_site, KOELN, ASKED_IN_KOELN)
    with staff_site.client() as client:
        client.login("amira")
        assert 'href="/staff/report/gaps"' in client.get("/staff/report").text
        overview = client.get("/staff/report/gaps").text
        koeln = rows_by("region", overview)[KOELN]
        assert "Persian" in koeln and 'href="/staff/report/gaps/05315?weeks=12"' in koeln
        page = client.get(f"/staff/report/gaps/{KOELN}").text
    assert "People ask in these languages, but no nearby service for the topic speaks them:" in page
    assert re.search(r'data-language="fa"><strong>Persian:</strong>\s*Health insurance</li>', page)
    insurance = rows_by("topic", page)["health_insurance"]
    languages = rows_by("language", insurance)
    assert "nobody speaks it nearby" in languages["fa"] and ">9<" in languages["fa"]
    assert "nobody speaks it" not in languages["ar"] and ">23<" in languages["ar"]
    assert "&lt;5" in languages["ru"] and ">2<" not in languages["ru"]
    assert "≥33" in insurance  # 23 + 9 + the "<5" as 1: the 2 cannot be worked out
    assert "invented demo entries" in page


def test_the_csv_has_the_pages_figures_and_no_cell_a_spreadsheet_would_run(staff_site: Site) -> None:
    add_staff(staff_site.settings, "eva", Role.EDITOR, nationwide=True)
    ask(staff_site, KOELN, ASKED_IN_KOELN)
    with session_scope(staff_site.settings.db_url) as session:  # a district name no one should type
        session.add(Region(ags="09999", name='=HYPERLINK("http://x")', latitude=48.0, longitude=11.0))
    ask(staff_site, "09999", (("counselling_debt", "tr", 6),))
    with staff_site.client() as client:
        client.login("eva")
        exported = client.get("/staff/report/gaps.csv?weeks=4")
    assert exported.headers["content-type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(exported.text)))
    persian = next(r for r in table if r["region"] == KOELN and r["language"] == "fa")
    assert persian | {"services_nearby": "", "per_week": ""} == {
        "region": KOELN,
        "district": "Köln, Stadt",
        "topic": "health_insurance",
        "language": "fa",
        "questions": "9",
        "per_week": "",
        "services_nearby": "",
        "services_speaking": "0",
        "gap": "language_missing",
        "first_week": persian["first_week"],
        "last_week": persian["last_week"],
    }
    assert int(persian["services_nearby"]) >= 3
    assert float(persian["per_week"]) == pytest.approx(9 / 4, abs=0.05)
    russian = next(r for r in table if r["region"] == KOELN and r["language"] == "ru")
    assert (russian["questions"], russian["per_week"]) == ("<5", "")
    invented = [r for r in table if r["region"] == "09999"]
    assert invented and all(r["district"].startswith("'=") for r in invented)
    assert invented[0]["gap"] == "no_service"
    assert "2" not in [r["questions"] for r in table]


@pytest.mark.parametrize(
    "account",
    [
        {"role": Role.TRANSLATOR, "languages": ["fa"]},
        {"role": Role.EDITOR, "region": "14"},
        {"role": Role.EDITOR, "organisation_id": 1},
        {"role": Role.ADMIN},
    ],
)
def test_every_staff_role_sees_every_district_as_in_the_report(
    staff_site: Site, account: dict[str, Any]
) -> None:
    """The report's rule: counts only, so every role, every region (a Leipzig editor sees Köln)."""
    add_staff(staff_site.settings, "someone", account.pop("role"), **account)
    ask(staff_site, KOELN, ASKED_IN_KOELN)
    with staff_site.client() as client:
        client.login("someone")
        for path in PAGES:
            response = client.get(path)
            assert response.status_code == 200, path
            text = response.text
            assert KOELN in text and ("Persian" in text or ",fa,9," in text), path  # the CSV has codes


def test_without_a_login_nothing_is_shown(staff_site: Site) -> None:
    ask(staff_site, KOELN, ASKED_IN_KOELN)
    with httpx.Client(base_url=staff_site.url, trust_env=False) as client:
        for path in PAGES:
            response = client.get(path, follow_redirects=False)
            assert response.status_code == 303, path
            assert response.headers["location"].startswith("/staff/login?next=/staff/report/gaps"), path


def test_a_district_key_opens_the_district_and_an_unknown_one_says_so(staff_site: Site) -> None:
    add_staff(staff_site.settings, "root", Role.ADMIN)
    with staff_site.client() as client:
        client.login("root")
        opened = client.get(f"/staff/report/gaps?region={KOELN}&weeks=4")
        assert str(opened.url).endswith(f"/staff/report/gaps/{KOELN}?weeks=4")
        assert "No questions from this district in this period." in opened.text
        unknown = client.get("/staff/report/gaps?region=99999")
        assert unknown.status_code == 200
        assert "No district has the key 99999 or a key starting with it." in unknown.text
        assert client.get("/staff/report/gaps/99999").status_code == 404
        assert client.get("/staff/report/gaps/05").status_code == 404
        assert client.get("/staff/report/gaps.csv?region=99999").status_code == 404


def test_the_print_summary_is_german_one_sheet_with_the_gap_first(staff_site: Site) -> None:
    add_staff(staff_site.settings, "jonas", Role.EDITOR, region=KOELN, ui="de")
    ask(staff_site, KOELN, ASKED_IN_KOELN)
    with staff_site.client(language="de") as client:
        client.login("jonas")
        page = client.get(f"/staff/report/gaps/{KOELN}/print").text
        stylesheet = client.get("/static/gaps-print.css").text
    assert '<html lang="de">' in page and "Lücken im Angebot" in page
    glance = page.index("Auf einen Blick")
    assert page.index("<strong>Persisch:</strong> Krankenversicherung", glance) < page.index("<table", glance)
    assert re.search(r"KW \d+/\d{4} – KW \d+/\d{4} \(12 Wochen\)", page)
    assert "erfundene Demo-Einträge" in page and "Nur Fragen mit Ortsangabe" in page
    assert 'href="/static/gaps-print.css"' in page and "<nav" not in page
    assert "@page { size: A4 portrait" in stylesheet and "@media print" in stylesheet
