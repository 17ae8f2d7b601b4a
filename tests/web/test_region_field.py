"""Staff filter by region with a town or a postal code, not only the official key (AGS) few know."""

from __future__ import annotations

import html

import pytest

from bot.db.models import Role
from tests.auxil.staff import Site, add_staff

PAGES = ("/staff/answers", "/staff/report", "/staff/report/gaps", "/staff/services")


@pytest.mark.parametrize("page", PAGES)
def test_a_town_or_a_postal_code_opens_its_district(staff_site: Site, page: str) -> None:
    add_staff(staff_site.settings, "eva", Role.EDITOR, nationwide=True)
    with staff_site.client() as client:
        client.login("eva")
        for typed, key in (("Köln", "05315"), ("koeln", "05315"), ("04109", "14713"), ("Leipzig", "14713")):
            opened = client.get(page, params={"region": typed, "weeks": "4"})
            assert opened.status_code == 200
            # the gaps page goes on to the district's own page, as it does for a key
            assert key in (opened.url.params.get("region"), opened.url.path.rsplit("/", 1)[-1]), typed
            assert opened.url.params["weeks"] == "4"  # the other filters stay as they were


def test_a_districts_own_key_is_read_as_a_key(staff_site: Site) -> None:
    add_staff(staff_site.settings, "eva", Role.EDITOR, nationwide=True)
    with staff_site.client() as client:
        client.login("eva")
        opened = client.get("/staff/answers", params={"region": "05315"})
        assert opened.url.params["region"] == "05315" and "Köln" in opened.text
        prefix = client.get("/staff/report", params={"region": "05"})  # a state: the start of keys
        assert prefix.url.params["region"] == "05"


def test_a_name_several_districts_share_offers_them_and_an_unknown_one_says_so(staff_site: Site) -> None:
    add_staff(staff_site.settings, "eva", Role.EDITOR, nationwide=True)
    with staff_site.client() as client:
        client.login("eva")
        page = client.get("/staff/answers", params={"region": "Frankfurt"})
        text = html.unescape(page.text)
        assert "Several districts are called “Frankfurt”" in text
        assert "region=06412" in text and "region=12053" in text  # am Main, (Oder)
        assert 'value="Frankfurt"' in text  # what was typed stays in the field
        unknown = client.get("/staff/report/gaps", params={"region": "Atlantis"})
        assert "No town, postal code or district key “Atlantis” was found" in html.unescape(unknown.text)
