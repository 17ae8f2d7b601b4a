"""The staff inbox: admins and editors of the region see kept questions, label them; nobody sees who asked."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from bot.content.inbox import keep
from bot.db.models import InboxQuestion, Role
from bot.db.session import session_scope
from tests.auxil.staff import Site, add_staff


def kept(site: Site, text: str, region: str | None) -> int:
    with session_scope(site.settings.db_url) as session:
        row = keep(
            session,
            text=text,
            language="de",
            predicted="work_jobs",
            confidence=0.21,
            region=region,
            when=datetime.now(UTC),
        )
        assert row is not None
        return row.id


def test_editors_see_their_region_translators_nothing_and_labels_are_kept(staff_site: Site) -> None:
    bonn = kept(staff_site, "Führerschein umschreiben, Tel 0176 1234567", "05314")
    koeln = kept(staff_site, "GEZ Brief was tun", "05315")
    add_staff(staff_site.settings, "ed", Role.EDITOR, region="05315")
    add_staff(staff_site.settings, "tr", Role.TRANSLATOR, languages=["de"])
    with staff_site.client() as client:
        client.login("tr")
        assert client.get("/staff/inbox").status_code == 403
    with staff_site.client() as client:
        client.login("ed")
        page = client.get("/staff/inbox").text
        assert "GEZ Brief was tun" in page and "Führerschein" not in page
        assert "work_jobs (0.21)" in page
        token = client.csrf("/staff/inbox")
        forbidden = client.post(f"/staff/inbox/{bonn}", data={"action": "discard", "csrf_token": token})
        assert forbidden.status_code == 403
        client.post(
            f"/staff/inbox/{koeln}",
            data={"action": "new_topic", "new_topic": "Rundfunkbeitrag", "csrf_token": token},
        )
        assert "GEZ Brief" not in client.get("/staff/inbox").text
        assert "Rundfunkbeitrag" in client.get("/staff/inbox?status=new_topic").text
    with session_scope(staff_site.settings.db_url) as session:
        rows = {r.id: (r.status, r.label, r.text) for r in session.scalars(select(InboxQuestion))}
    assert rows[koeln][:2] == ("new_topic", "Rundfunkbeitrag")
    assert rows[bonn][0] == "new" and "1234567" not in rows[bonn][2]
