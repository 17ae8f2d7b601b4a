"""The usage report shows counts only, and never a number below 5."""

from __future__ import annotations

import csv
import io
import re

from bot.content.usage import UNANSWERED
from bot.content.usage_report import Split, last_weeks, suppress, usage_report
from bot.db.models import Role
from bot.db.session import session_scope
from tests.auxil.staff import Site, add_staff
from tests.auxil.usage import count_questions


def test_small_numbers_are_suppressed_cells_and_totals_alike() -> None:
    assert str(suppress(0)) == "0"
    assert [str(suppress(n)) for n in (1, 2, 3, 4)] == ["<5"] * 4
    assert str(suppress(5)) == "5"


def test_the_report_page_and_csv_suppress_small_counts(staff_site: Site) -> None:
    add_staff(staff_site.settings, "amira", Role.TRANSLATOR, languages=["ar"])
    count_questions(staff_site.settings.db_url, [("05315", "health_insurance", "ar", 12)])
    count_questions(staff_site.settings.db_url, [("05315", "housing_search", "de", 3)])
    count_questions(staff_site.settings.db_url, [(None, UNANSWERED, "fa", 7)], weeks_ago=1)
    with staff_site.client() as client:
        client.login("amira")
        page = client.get("/staff/report?weeks=4").text
        rows = dict(re.findall(r'<tr data-topic="(\w+)">(.*?)</tr>', page, re.S))
        assert ">12<" in rows["health_insurance"]
        assert "&lt;5" in rows["housing_search"] and ">3<" not in rows["housing_search"]
        assert ">7<" in rows[UNANSWERED] and "Could not answer" in rows[UNANSWERED]
        exported = client.get("/staff/report.csv?weeks=4&split=language")
    assert exported.headers["content-type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(exported.text)))
    assert table[0][:2] == ["topic", "language"] and len(table[0]) == 2 + 4
    by_topic = {row[0]: row for row in table[1:]}
    assert by_topic["housing_search"][1:] == ["de", "0", "0", "0", "<5"]
    assert by_topic["health_insurance"][-1] == "12"
    assert by_topic[UNANSWERED][-2:] == ["7", "0"]
    assert "3" not in [cell for row in table for cell in row]


def test_the_report_filters_by_region_prefix_and_splits_by_region(staff_site: Site) -> None:
    count_questions(staff_site.settings.db_url, [("05315", "health_insurance", "ar", 6)])
    count_questions(staff_site.settings.db_url, [("09162", "health_insurance", "ar", 8)])
    with session_scope(staff_site.settings.db_url) as session:
        nrw = usage_report(session, weeks=last_weeks(2), region="05")
        split = usage_report(session, weeks=last_weeks(2), split=Split.REGION)
    assert [(row.topic, row.total.count) for row in nrw.rows] == [("health_insurance", 6)]
    assert sorted((row.group, row.total.count) for row in split.rows) == [("05315", 6), ("09162", 8)]


def test_nothing_in_the_report_names_a_person_or_a_conversation(staff_site: Site) -> None:
    add_staff(staff_site.settings, "root", Role.ADMIN)
    count_questions(staff_site.settings.db_url, [("05315", "racist_attack", "ru", 9)])
    with staff_site.client() as client:
        client.login("root")
        page = client.get("/staff/report?split=language").text
    assert not re.search(r"sender|conversation id|telegram|chat_id|user_id", page, re.I)


def test_a_total_never_gives_a_suppressed_week_away(staff_site: Site) -> None:
    add_staff(staff_site.settings, "amira", Role.TRANSLATOR, languages=["ar"])
    count_questions(staff_site.settings.db_url, [("05315", "housing_search", "de", 10)])
    count_questions(staff_site.settings.db_url, [("05315", "housing_search", "de", 3)], weeks_ago=1)
    with staff_site.client() as client:
        client.login("amira")
        page = client.get("/staff/report?weeks=4").text
    row = dict(re.findall(r'<tr data-topic="(\w+)">(.*?)</tr>', page, re.S))["housing_search"]
    assert ">10<" in row and "&lt;5" in row
    assert ">13<" not in page and ">≥11<" in page
