"""The service directory over HTTP: list and filter, edit with the gazetteer, conflicts, scope, import."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from bot.db.models import Location, Organisation, Role, Service
from bot.db.session import session_scope
from tests.auxil.staff import GOOD_ROW, Site, StaffClient, add_staff, services_csv


def service_id(site: Site, name_part: str) -> int:
    with session_scope(site.settings.db_url) as session:
        found = session.scalar(select(Service.id).where(Service.name.contains(name_part)))
        assert found is not None
        return int(found)


def organisation_id(site: Site, name: str) -> int:
    with session_scope(site.settings.db_url) as session:
        found = session.scalar(select(Organisation.id).where(Organisation.name == name))
        assert found is not None
        return int(found)


def form_of(client: StaffClient, path: str) -> dict[str, object]:
    """The edit form's current values, as the browser would send them back."""
    page = client.get(path).text
    form = page[page.index('<form method="post" action="/staff/services') :]
    form = form[: form.index("</form>")]
    data: dict[str, object] = {}
    for name, value in re.findall(
        r'<input id="\w+" name="(\w+)" type="(?:text|tel|email|url|date)"[^>]*value="([^"]*)"', form
    ):
        data[name] = value
    data["version"] = re.search(r'name="version" value="(\d+)"', form).group(1)  # type: ignore[union-attr]
    data["organisation_id"] = re.search(r'<option value="(\d+)" selected', form).group(1)  # type: ignore[union-attr]
    data["topics"] = re.findall(r'name="topics" value="(\w+)" checked', form)
    data["languages"] = re.findall(r'name="languages" value="(\w+)" checked', form)
    for name in ("free", "anonymous", "appointment", "accessible"):
        chosen = re.search(
            rf'<select id="{name}" name="{name}">.*?<option value="(\w*)" selected', form, re.S
        )
        data[name] = chosen.group(1) if chosen else ""
    hours = re.search(r'<textarea id="opening_hours"[^>]*>([^<]*)</textarea>', form)
    data["opening_hours"] = hours.group(1) if hours else ""
    description = re.search(r'<textarea id="description"[^>]*>([^<]*)</textarea>', form)
    data["description"] = description.group(1) if description else ""
    return data


def test_the_list_filters_and_flags_services_not_checked_for_a_year(staff_site: Site) -> None:
    add_staff(staff_site.settings, "root", Role.ADMIN)
    with session_scope(staff_site.settings.db_url) as session:
        old = session.scalars(select(Service).where(Service.name.contains("Mülheim"))).first()
        assert old is not None
        old.last_verified = None
    with staff_site.client() as client:
        client.login("root")
        everything = client.get("/staff/services").text
        assert f"{count_services(staff_site)} services" in everything
        second = client.get("/staff/services?page=2").text
        assert "Previous page" in second and "Page 2 of" in second
        leipzig = client.get("/staff/services?q=leipzig").text
        assert "Köln" not in leipzig and "Leipzig" in leipzig
        stale = client.get("/staff/services?stale=true").text
        assert "Mülheim" in stale and "check due" in stale
        arabic_health = client.get("/staff/services?topic=health_uninsured&language=ar").text
        rows = re.findall(r'<tr data-service="\d+">', arabic_health)
        assert 0 < len(rows) < count_services(staff_site)


def test_a_new_postal_code_fills_town_region_and_coordinates(staff_site: Site) -> None:
    add_staff(staff_site.settings, "root", Role.ADMIN)
    sid = service_id(staff_site, "Mülheim")
    with staff_site.client() as client:
        client.login("root")
        path = f"/staff/services/{sid}"
        data = form_of(client, path)
        assert data["postal_code"] == "51065"
        data.update(postal_code="04109", city="", address="Markt 1")
        saved = client.submit(path, data)
        assert saved.status_code == 200 and "The service is saved." in saved.text
    with session_scope(staff_site.settings.db_url) as session:
        service = session.get(Service, sid)
        assert service is not None and service.location is not None
        location: Location = service.location
        assert location.city == "Leipzig" and (location.ags or "").startswith("14713")
        assert location.latitude is not None and 51.2 < location.latitude < 51.5


def test_the_second_of_two_concurrent_service_edits_is_refused(staff_site: Site) -> None:
    add_staff(staff_site.settings, "eva", Role.EDITOR, nationwide=True)
    add_staff(staff_site.settings, "jan", Role.EDITOR, nationwide=True)
    sid = service_id(staff_site, "Mülheim")
    path = f"/staff/services/{sid}"
    with staff_site.client() as eva, staff_site.client() as jan:
        eva.login("eva")
        jan.login("jan")
        evas, jans = form_of(eva, path), form_of(jan, path)
        jans["phone"] = "0221 1111"
        assert jan.submit(path, jans).status_code == 200
        evas["phone"] = "0221 2222"
        refused = eva.submit(path, evas)
        assert refused.status_code == 409
        assert "someone else changed this service" in refused.text
        assert "0221 1111" in refused.text and 'value="0221 2222"' in refused.text
        again = form_of_page(refused.text)
        evas["version"] = again
        assert eva.submit(path, evas).status_code == 200
    with session_scope(staff_site.settings.db_url) as session:
        service = session.get(Service, sid)
        assert service is not None and service.phone == "0221 2222"


def form_of_page(page: str) -> str:
    found = re.search(r'name="version" value="(\d+)"', page)
    assert found
    return found.group(1)


def test_editors_change_only_their_organisation_or_region(staff_site: Site) -> None:
    caritas = organisation_id(staff_site, "Caritasverband Köln (Demo)")
    add_staff(staff_site.settings, "koeln", Role.EDITOR, region="05315")
    add_staff(staff_site.settings, "caritas", Role.EDITOR, organisation_id=caritas)
    add_staff(staff_site.settings, "amira", Role.TRANSLATOR, languages=["ar"])
    cologne, leipzig = service_id(staff_site, "Mülheim"), service_id(staff_site, "Grünau")
    with staff_site.client() as client:
        client.login("koeln")
        assert client.get(f"/staff/services/{cologne}").status_code == 200
        assert client.get(f"/staff/services/{leipzig}").status_code == 403
        mine = client.get("/staff/services").text
        assert "Leipzig" not in mine and "Köln" in mine
    with staff_site.client() as client:
        client.login("caritas")
        assert client.get(f"/staff/services/{cologne}").status_code == 403  # Diakonie's
        caritas_service = service_id(staff_site, "Ehrenfeld")
        assert client.get(f"/staff/services/{caritas_service}").status_code == 200
    with staff_site.client() as client:
        client.login("amira")
        assert client.get("/staff/services").status_code == 403
        assert client.get("/staff/import").status_code == 403


def count_services(site: Site) -> int:
    with session_scope(site.settings.db_url) as session:
        return int(session.scalar(select(func.count()).select_from(Service)) or 0)


def test_an_import_with_problems_lists_them_and_writes_nothing(staff_site: Site) -> None:
    add_staff(staff_site.settings, "root", Role.ADMIN)
    upload = services_csv(
        GOOD_ROW,
        GOOD_ROW
        | {
            "service": "Schuldnerberatung",
            "topics": "counselling_debts",
            "free": "maybe",
            "email": "info(at)example",
            "postal_code": "99999",
            "opening_hours": "Mo 9-12",
        },
    )
    before = count_services(staff_site)
    with staff_site.client() as client:
        client.login("root")
        token = client.csrf("/staff/import")
        response = client.post(
            "/staff/import",
            data={"csrf_token": token},
            files={"file": ("services.csv", upload, "text/csv")},
        )
    assert response.status_code == 422
    assert "Nothing was imported" in response.text
    problems = re.findall(
        r"<tr><td>(\d+)</td><td>.*?<code>(\w+)</code></td><td class=\"reason\">", response.text
    )
    assert ("3", "topics") in problems and ("3", "free") in problems and ("3", "email") in problems
    assert ("3", "opening_hours") in problems and ("3", "postal_code") in problems
    assert all(row == "3" for row, _ in problems)
    assert count_services(staff_site) == before


def test_a_clean_import_is_previewed_then_written_on_confirmation(staff_site: Site) -> None:
    add_staff(staff_site.settings, "root", Role.ADMIN)
    upload = services_csv(GOOD_ROW)
    before = count_services(staff_site)
    with staff_site.client() as client:
        client.login("root")
        token = client.csrf("/staff/import")
        preview = client.post(
            "/staff/import",
            data={"csrf_token": token},
            files={"file": ("services.csv", upload, "text/csv")},
        )
        assert preview.status_code == 200 and "will add 1 services" in preview.text
        assert count_services(staff_site) == before
        waiting = re.search(r'name="token" value="([^"]+)"', preview.text)
        assert waiting
        done = client.submit("/staff/import/confirm", {"token": waiting.group(1)}, page="/staff/import")
        assert "Imported: 1 added" in done.text
        again = client.submit("/staff/import/confirm", {"token": waiting.group(1)}, page="/staff/import")
        assert "This upload has expired; nothing was imported" in again.text
    assert count_services(staff_site) == before + 1


def test_a_new_service_is_checked_placed_verified_and_removed(staff_site: Site) -> None:
    add_staff(staff_site.settings, "eva", Role.EDITOR, nationwide=True)
    organisation = organisation_id(staff_site, "Diakonie Köln (Demo)")
    before = count_services(staff_site)
    fields: dict[str, object] = {
        "organisation_id": str(organisation),
        "name": "Offene Sprechstunde Nippes",
        "topics": [],
        "languages": ["de", "tr"],
        "other_languages": "ku",
        "free": "yes",
        "address": "Neusser Straße 200",
        "postal_code": "50733",
        "opening_hours": "Di 9-12",
        "version": "0",
    }
    with staff_site.client() as client:
        client.login("eva")
        refused = client.submit("/staff/services/new", fields)
        assert refused.status_code == 422
        assert 'id="topics-error"' in refused.text and 'id="opening_hours-error"' in refused.text
        assert 'value="Offene Sprechstunde Nippes"' in refused.text  # what was typed stays
        assert count_services(staff_site) == before
        fields.update(topics=["counselling_migration"], opening_hours="Di 09:00-12:00\nDo 14:00-16:00")
        created = client.submit("/staff/services/new", fields, page="/staff/services/new")
        assert created.status_code == 200 and "The service is saved." in created.text
        path = created.url.path
        with session_scope(staff_site.settings.db_url) as session:
            service = session.scalars(
                select(Service).where(Service.name == "Offene Sprechstunde Nippes")
            ).one()
            assert service.location is not None and service.location.city == "Köln"
            assert service.location.latitude is not None
            assert sorted(service.language_codes) == ["de", "ku", "tr"]
            assert len(service.opening_hours) == 2
            version = str(service.version)
        client.submit(f"{path}/verified", {"version": version}, page=path)
        client.submit(f"{path}/delete", {"version": str(int(version) + 1)}, page=path)
    assert count_services(staff_site) == before
