"""Places of services (issue 14, finding 9): coordinates must fit the postal code, and an edit of one
service never changes the address of another service at the same place."""

from __future__ import annotations

from sqlalchemy import select

from bot.db.models import Location, Role, Service
from bot.db.session import session_scope
from tests.auxil.staff import GOOD_ROW, Site, add_staff, services_csv
from tests.web.test_services import form_of, service_id

LEIPZIG = ("51.3397", "12.3731")
KOELN_MUELHEIM = ("50.9622", "7.0049")


def place_of(site: Site, sid: int) -> tuple[str, str, str, float | None, float | None]:
    with session_scope(site.settings.db_url) as session:
        service = session.get(Service, sid)
        assert service is not None and service.location is not None
        loc = service.location
        return loc.address, loc.postal_code, loc.city, loc.latitude, loc.longitude


def test_coordinates_far_from_the_postal_code_are_refused_in_the_form(staff_site: Site) -> None:
    add_staff(staff_site.settings, "root", Role.ADMIN)
    sid = service_id(staff_site, "Migrationsberatung Mülheim")
    before = place_of(staff_site, sid)
    path = f"/staff/services/{sid}"
    with staff_site.client() as client:
        client.login("root")
        data = form_of(client, path)
        assert data["postal_code"] == "51065"
        data["latitude"], data["longitude"] = LEIPZIG
        refused = client.submit(path, data)
        assert refused.status_code == 422
        assert "km from postal code 51065" in refused.text
        assert place_of(staff_site, sid) == before
        data["latitude"], data["longitude"] = KOELN_MUELHEIM
        assert client.submit(path, data).status_code == 200
    assert place_of(staff_site, sid)[3] == float(KOELN_MUELHEIM[0])


def test_an_import_warns_about_coordinates_far_from_the_postal_code(staff_site: Site) -> None:
    add_staff(staff_site.settings, "root", Role.ADMIN)
    row = GOOD_ROW | {"latitude": KOELN_MUELHEIM[0], "longitude": KOELN_MUELHEIM[1]}  # 04109 is Leipzig
    with staff_site.client() as client:
        client.login("root")
        token = client.csrf("/staff/import")
        preview = client.post(
            "/staff/import",
            data={"csrf_token": token},
            files={"file": ("services.csv", services_csv(row), "text/csv")},
        )
    assert preview.status_code == 200
    assert "km from postal code 04109 (Leipzig)" in preview.text


def test_editing_one_service_never_moves_another_at_the_same_place(staff_site: Site) -> None:
    add_staff(staff_site.settings, "root", Role.ADMIN)
    moved, staying = (
        service_id(staff_site, "Migrationsberatung Mülheim"),
        service_id(staff_site, "Migrationsberatung Kalk"),
    )
    with session_scope(staff_site.settings.db_url) as session:
        first, second = session.get(Service, moved), session.get(Service, staying)
        assert first is not None and second is not None and first.location is not None
        second.organisation_id = first.organisation_id
        second.location_id = first.location_id  # two services of one organisation at one address
    shared = place_of(staff_site, staying)
    path = f"/staff/services/{moved}"
    with staff_site.client() as client:
        client.login("root")
        data = form_of(client, path)
        data.update(address="Markt 1", postal_code="04109", city="", latitude="", longitude="")
        saved = client.submit(path, data)
        assert saved.status_code == 200 and "The service is saved." in saved.text
    assert place_of(staff_site, staying) == shared
    assert place_of(staff_site, moved)[:3] == ("Markt 1", "04109", "Leipzig")
    with session_scope(staff_site.settings.db_url) as session:
        locations = {
            s.location_id for s in session.scalars(select(Service).where(Service.id.in_([moved, staying])))
        }
        assert len(locations) == 2
        assert session.scalar(select(Location.id).where(Location.id.in_(locations))) is not None
