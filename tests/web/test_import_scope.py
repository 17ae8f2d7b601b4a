"""An editor's import cannot reach into other organisations through the ids in the file (issue 14, 1).

Each file below names the editor's own organisation or region but reuses an id of someone else's
service, location or organisation; the preview lists the row as a problem, and a confirmation after
the records changed underneath is refused in the write as well.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace

import httpx
from sqlalchemy import select

from bot.content.service_records import ServiceRecord
from bot.content.service_store import load_records
from bot.content.services_hsds import build_hsds
from bot.db.models import Location, Organisation, Role, Service
from bot.db.session import session_scope
from tests.auxil.staff import Site, StaffClient, add_staff

DIAKONIE = "Diakonie Köln (Demo)"
CARITAS = "Caritasverband Köln (Demo)"


def record_of(site: Site, name_part: str) -> ServiceRecord:
    with session_scope(site.settings.db_url) as session:
        return next(r for r in load_records(session) if name_part in r.service)


def organisation_id(site: Site, name: str) -> int:
    with session_scope(site.settings.db_url) as session:
        found = session.scalar(select(Organisation.id).where(Organisation.name == name))
        assert found is not None
        return int(found)


def snapshot(site: Site) -> list[tuple[object, ...]]:
    """Every service, location and organisation as stored (to show nothing changed)."""
    with session_scope(site.settings.db_url) as session:
        rows: list[tuple[object, ...]] = [
            (s.uid, s.name, s.organisation_id, s.location_id) for s in session.scalars(select(Service))
        ]
        rows += [(loc.uid, loc.address, loc.organisation_id) for loc in session.scalars(select(Location))]
        rows += [(o.uid, o.name, o.website) for o in session.scalars(select(Organisation))]
        return sorted(rows, key=repr)


def upload(client: StaffClient, *records: ServiceRecord) -> httpx.Response:
    document = json.dumps(build_hsds(list(records)), ensure_ascii=False).encode()
    token = client.csrf("/staff/import")
    return client.post(
        "/staff/import",
        data={"csrf_token": token},
        files={"file": ("directory.json", document, "application/json")},
    )


def problems(page: str) -> list[str]:
    return re.findall(r'<td class="reason">([^<]*)</td>', page)


def test_an_editor_cannot_take_over_another_organisations_service_by_its_id(staff_site: Site) -> None:
    add_staff(
        staff_site.settings, "caritas", Role.EDITOR, organisation_id=organisation_id(staff_site, CARITAS)
    )
    own, theirs = (
        record_of(staff_site, "Jugendmigrationsdienst (JMD) Ehrenfeld"),
        record_of(staff_site, "Migrationsberatung Mülheim"),
    )
    before = snapshot(staff_site)
    takeover = replace(own, service="Übernommen", service_uid=theirs.service_uid, location_uid=None)
    with staff_site.client() as client:
        client.login("caritas")
        response = upload(client, takeover)
    assert response.status_code == 422, response.text
    assert "This id belongs to a service outside your organisation and region." in problems(response.text)
    assert 'name="token"' not in response.text
    assert snapshot(staff_site) == before


def test_an_editor_cannot_move_another_organisations_location(staff_site: Site) -> None:
    add_staff(
        staff_site.settings, "caritas", Role.EDITOR, organisation_id=organisation_id(staff_site, CARITAS)
    )
    own, theirs = (
        record_of(staff_site, "Jugendmigrationsdienst (JMD) Ehrenfeld"),
        record_of(staff_site, "Migrationsberatung Mülheim"),
    )
    before = snapshot(staff_site)
    moved = replace(
        own,
        service="Neue Sprechstunde",
        service_uid="6a1c0b52-0000-4000-8000-000000000001",
        location_uid=theirs.location_uid,
        address="Irgendwo 1",
    )
    with staff_site.client() as client:
        client.login("caritas")
        response = upload(client, moved)
    assert response.status_code == 422
    assert any("belongs to a location outside your organisation" in p for p in problems(response.text))
    assert snapshot(staff_site) == before


def test_a_region_editor_cannot_rename_an_organisation_in_their_region(staff_site: Site) -> None:
    add_staff(staff_site.settings, "koeln", Role.EDITOR, region="05315")
    theirs = record_of(staff_site, "Migrationsberatung Mülheim")
    before = snapshot(staff_site)
    renamed = replace(
        theirs,
        organisation="Umbenannt",
        service="Neuer Dienst",
        service_uid="6a1c0b52-0000-4000-8000-000000000002",
        location_uid="6a1c0b52-0000-4000-8000-000000000003",
    )
    with staff_site.client() as client:
        client.login("koeln")
        response = upload(client, renamed)
        assert response.status_code == 422
        assert any("would change an organisation that is not yours" in p for p in problems(response.text))
        # The same row without changing the organisation is their work: a new service in their region.
        allowed = upload(client, replace(renamed, organisation=theirs.organisation))
        assert allowed.status_code == 200, problems(allowed.text)
    assert snapshot(staff_site) == before


def test_organisation_websites_are_checked_like_service_websites(staff_site: Site) -> None:
    add_staff(staff_site.settings, "root", Role.ADMIN)
    own = record_of(staff_site, "Jugendmigrationsdienst (JMD) Ehrenfeld")
    with staff_site.client() as client:
        client.login("root")
        response = upload(client, replace(own, organisation_website="javascript:alert(1)"))
    assert response.status_code == 422
    assert any("is not a web address starting with https://" in p for p in problems(response.text))


def test_the_write_checks_the_scope_again_after_the_preview(staff_site: Site) -> None:
    add_staff(
        staff_site.settings, "caritas", Role.EDITOR, organisation_id=organisation_id(staff_site, CARITAS)
    )
    own, theirs = (
        record_of(staff_site, "Jugendmigrationsdienst (JMD) Ehrenfeld"),
        record_of(staff_site, "Migrationsberatung Mülheim"),
    )
    new_uid = "6a1c0b52-0000-4000-8000-000000000004"
    row = replace(own, service="Neue Gruppe", service_uid=new_uid, location_uid=None)
    with staff_site.client() as client:
        client.login("caritas")
        preview = upload(client, row)
        assert preview.status_code == 200, problems(preview.text)
        token = re.search(r'name="token" value="([^"]+)"', preview.text)
        assert token
        # Meanwhile the id is given to a service of another organisation.
        with session_scope(staff_site.settings.db_url) as session:
            other = session.scalars(select(Service).where(Service.uid == theirs.service_uid)).one()
            other.uid = new_uid
        before = snapshot(staff_site)
        confirmed = client.submit("/staff/import/confirm", {"token": token.group(1)}, page="/staff/import")
    assert confirmed.status_code == 422
    assert "This id belongs to a service outside your organisation and region." in problems(confirmed.text)
    assert snapshot(staff_site) == before


def test_an_editor_reimports_their_own_services_unchanged(staff_site: Site) -> None:
    add_staff(
        staff_site.settings, "caritas", Role.EDITOR, organisation_id=organisation_id(staff_site, CARITAS)
    )
    with session_scope(staff_site.settings.db_url) as session:
        own = [r for r in load_records(session) if r.organisation == CARITAS]
    assert len(own) >= 2
    with staff_site.client() as client:
        client.login("caritas")
        response = upload(client, *own)
    assert response.status_code == 200, problems(response.text)
    assert f"change 0 and leave {len(own)} as they are" in response.text


def test_a_region_editor_reimports_their_regions_services_unchanged(staff_site: Site) -> None:
    add_staff(staff_site.settings, "koeln", Role.EDITOR, region="05315")
    with session_scope(staff_site.settings.db_url) as session:
        cologne = [r for r in load_records(session) if (r.ags or "").startswith("05315")]
    assert len({r.organisation for r in cologne}) >= 2
    with staff_site.client() as client:
        client.login("koeln")
        response = upload(client, *cologne)
    assert response.status_code == 200, problems(response.text)
