"""User administration in the browser's HTTP: create with a one-time password, first login, reset."""

from __future__ import annotations

import re

from bot.db.models import Role
from bot.db.session import session_scope
from bot.staff.accounts import get_user
from tests.auxil.staff import Site, add_staff


def test_an_admin_creates_a_translator_who_must_choose_a_password(staff_site: Site) -> None:
    add_staff(staff_site.settings, "root", Role.ADMIN)
    with staff_site.client() as admin:
        admin.login("root")
        created = admin.submit(
            "/staff/users/new",
            {
                "username": "n.karimi",
                "display_name": "Nasrin Karimi",
                "role": "translator",
                "languages": ["fa"],
            },
        )
        assert created.status_code == 200 and "Account n.karimi created" in created.text
        found = re.search(r'<code id="new-password">([^<]+)</code>', created.text)
        assert found
        first_password = found.group(1)
    with staff_site.client() as nasrin:
        nasrin.login("n.karimi", first_password)
        page = nasrin.get("/staff/answers/health_insurance/fa")
        assert page.url.path == "/staff/account/password"
        changed = nasrin.submit(
            "/staff/account/password",
            {
                "current": first_password,
                "new": "mein eigenes Passwort 2026",
                "repeat": "mein eigenes Passwort 2026",
            },
        )
        assert changed.url.path == "/staff/"
        assert nasrin.get("/staff/answers/health_insurance/fa").status_code == 200
        assert nasrin.get("/staff/answers/health_insurance/ar").status_code == 403
    with session_scope(staff_site.settings.db_url) as session:
        account = get_user(session, username="n.karimi")
        assert account.languages == ["fa"] and not account.must_change_password


def test_a_refused_account_keeps_what_was_typed(staff_site: Site) -> None:
    add_staff(staff_site.settings, "root", Role.ADMIN)
    with staff_site.client() as admin:
        admin.login("root")
        refused = admin.submit(
            "/staff/users/new", {"username": "k.schmidt", "display_name": "Katrin Schmidt", "role": "editor"}
        )
    assert refused.status_code == 422
    assert "An editor needs an organisation, a region, or the nationwide scope." in refused.text
    assert 'value="k.schmidt"' in refused.text and 'value="Katrin Schmidt"' in refused.text


def test_deactivating_and_resetting_from_the_account_page(staff_site: Site) -> None:
    add_staff(staff_site.settings, "root", Role.ADMIN)
    add_staff(staff_site.settings, "eva", Role.EDITOR, nationwide=True)
    with session_scope(staff_site.settings.db_url) as session:
        eva_id = get_user(session, username="eva").id
    with staff_site.client() as eva:
        eva.login("eva")
        assert eva.get("/staff/", follow_redirects=False).status_code == 200
        with staff_site.client() as admin:
            admin.login("root")
            admin.submit(f"/staff/users/{eva_id}/active", {"active": "false"}, page=f"/staff/users/{eva_id}")
            assert eva.get("/staff/", follow_redirects=False).status_code == 303
            assert "This account is deactivated" in eva.login("eva").text
            admin.submit(f"/staff/users/{eva_id}/active", {"active": "true"}, page=f"/staff/users/{eva_id}")
            reset = admin.submit(f"/staff/users/{eva_id}/password", {}, page=f"/staff/users/{eva_id}")
            found = re.search(r'<code id="new-password">([^<]+)</code>', reset.text)
            assert found
            audit = admin.get("/staff/audit").text
        assert eva.login("eva").status_code == 401
        eva.login("eva", found.group(1))
        assert eva.get("/staff/").url.path == "/staff/account/password"
    for action in ("user.deactivate", "user.reactivate", "user.password_reset"):
        assert action in audit


def test_an_admin_cannot_lock_themselves_out(staff_site: Site) -> None:
    add_staff(staff_site.settings, "root", Role.ADMIN)
    with session_scope(staff_site.settings.db_url) as session:
        root_id = get_user(session, username="root").id
    with staff_site.client() as admin:
        admin.login("root")
        page = admin.submit(
            f"/staff/users/{root_id}/active", {"active": "false"}, page=f"/staff/users/{root_id}"
        )
        assert "You cannot deactivate your own account." in page.text
        assert admin.get("/staff/users").status_code == 200
