"""Logins over real HTTP (issue 14, finding 4): failed attempts cannot keep the owner out, forwarded
headers count only from trusted proxies, and two-factor login works end to end (and can be required
for admins)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyotp
import pytest

from bot.config import ConfigError, Settings
from bot.db.models import Role
from bot.db.session import session_scope
from bot.stack.processes import web_process
from bot.staff.accounts import get_user
from bot.staff.login import CLIENT_LIMIT, FREE_FAILURES
from tests.auxil.staff import Site, StaffClient, add_staff, copy_database, serve, site_settings


def fail(client: StaffClient, username: str, times: int, **headers: str) -> None:
    token = client.csrf()
    client.post("/staff/language", data={"language": "en", "csrf_token": token})
    for _ in range(times):
        client.post(
            "/staff/login",
            data={"username": username, "password": "not the password", "csrf_token": token},
            headers=headers,
        )


def test_an_attacker_cannot_keep_the_owner_out(staff_site: Site) -> None:
    add_staff(staff_site.settings, "root", Role.ADMIN)
    with staff_site.client() as owner:
        assert owner.login("root").url.path == "/staff/"
        owner.submit("/staff/logout", {}, page="/staff/")
        with staff_site.client() as attacker:
            fail(attacker, "root", FREE_FAILURES + 3)
            assert attacker.login("root").status_code == 429  # a new browser waits, even with it right
        back = owner.login("root")  # the browser that logged in before does not
        assert back.status_code == 200 and back.url.path == "/staff/"


def test_the_web_app_is_started_without_uvicorns_own_proxy_trust(staff_settings: Settings) -> None:
    assert "--no-proxy-headers" in web_process(staff_settings).argv


def test_forwarded_headers_are_ignored_unless_the_peer_is_a_trusted_proxy(staff_site: Site) -> None:
    with staff_site.client() as client:
        for n in range(CLIENT_LIMIT):
            fail(client, f"name{n}", 1, **{"X-Forwarded-For": f"198.51.100.{n}"})
        refused = client.post(
            "/staff/login",
            data={"username": "other", "password": "x", "csrf_token": client.csrf()},
            headers={"X-Forwarded-For": "203.0.113.77", "X-Forwarded-Proto": "https"},
        )
        assert refused.status_code == 429 and "from this connection" in refused.text
        assert "strict-transport-security" not in refused.headers  # still plain http


@pytest.fixture
def proxied_site(staff_template: Path, tmp_path: Path) -> Iterator[Site]:
    var = tmp_path / "proxied"
    url = copy_database(staff_template, var)
    with serve(site_settings(var, database_url=url, trusted_proxies="127.0.0.1, 10.0.0.0/8")) as site:
        yield site


def test_a_trusted_proxy_reports_the_client_address_and_https(proxied_site: Site) -> None:
    with proxied_site.client() as client:
        for n in range(CLIENT_LIMIT):
            fail(client, f"name{n}", 1, **{"X-Forwarded-For": f"198.51.100.{n}"})
        fresh = client.post(
            "/staff/login",
            data={"username": "other", "password": "x", "csrf_token": client.csrf()},
            headers={"X-Forwarded-For": "203.0.113.77", "X-Forwarded-Proto": "https"},
        )
        assert fresh.status_code == 401  # another client: not throttled
        assert "strict-transport-security" in fresh.headers  # https, as the proxy says


def test_a_wrong_proxy_setting_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"WEGWEISER_TRUSTED_PROXIES.*not an IP address"):
        site_settings(tmp_path, trusted_proxies="proxy.example")


def secret_on(page: str) -> str:
    found = re.search(r'name="secret" value="([A-Z2-7]+)"', page)
    assert found, "no secret on the page"
    return found.group(1)


def next_code(secret: str) -> str:
    """The code of the next time step (accepted; the current one may have been used just now)."""
    return pyotp.TOTP(secret).at(time.time() + 30)


def test_two_factor_login_from_setup_to_code(staff_site: Site) -> None:
    add_staff(staff_site.settings, "eva", Role.EDITOR, nationwide=True)
    with staff_site.client() as client, staff_site.client() as elsewhere:
        elsewhere.login("eva")  # a session opened with the password alone
        client.login("eva")
        page = client.get("/staff/account/two-factor").text
        assert 'src="data:image/svg+xml' in page  # the QR code, drawn on the server
        secret = secret_on(page)
        refused = client.submit("/staff/account/two-factor", {"secret": secret, "code": "000000"})
        assert refused.status_code == 422 and "This code does not fit" in refused.text
        done = client.submit(
            "/staff/account/two-factor", {"secret": secret, "code": pyotp.TOTP(secret).now()}
        )
        assert "Two-factor login is on." in done.text
        assert client.get("/staff/", follow_redirects=False).status_code == 200
        assert elsewhere.get("/staff/", follow_redirects=False).status_code == 303  # it ended
    with staff_site.client() as client:
        asked = client.login("eva")
        assert asked.url.path == "/staff/login/code" and "Code from your app" in asked.text
        assert client.get("/staff/", follow_redirects=False).status_code == 303  # not logged in yet
        wrong = client.submit("/staff/login/code", {"code": "12345x"})
        assert wrong.status_code == 401 and "The code is wrong" in wrong.text
        code = next_code(secret)
        inside = client.submit("/staff/login/code", {"code": code})
        assert inside.url.path == "/staff/" and inside.status_code == 200
    with staff_site.client() as client:
        client.login("eva")
        replay = client.submit("/staff/login/code", {"code": code})
        assert replay.status_code == 401  # that code was used


def test_an_admin_turns_two_factor_off_for_someone_who_lost_their_phone(staff_site: Site) -> None:
    add_staff(staff_site.settings, "root", Role.ADMIN)
    add_staff(staff_site.settings, "eva", Role.EDITOR, nationwide=True)
    with session_scope(staff_site.settings.db_url) as session:
        eva = get_user(session, username="eva")
        eva.totp_secret, eva_id = pyotp.random_base32(), eva.id
    with staff_site.client() as admin:
        admin.login("root")
        path = f"/staff/users/{eva_id}"
        assert "Two-factor login is on." in admin.get(path).text
        admin.submit(f"{path}/two-factor/off", {}, page=path)
    with staff_site.client() as client:
        assert client.login("eva").url.path == "/staff/"


@pytest.fixture
def strict_site(staff_template: Path, tmp_path: Path) -> Iterator[Site]:
    var = tmp_path / "strict"
    url = copy_database(staff_template, var)
    with serve(site_settings(var, database_url=url, admin_two_factor=True)) as site:
        yield site


def test_admins_must_set_up_two_factor_when_the_installation_requires_it(strict_site: Site) -> None:
    add_staff(strict_site.settings, "root", Role.ADMIN)
    add_staff(strict_site.settings, "eva", Role.EDITOR, nationwide=True)
    with strict_site.client() as admin:
        landed = admin.login("root")
        assert landed.url.path == "/staff/account/two-factor"
        assert "requires two-factor login for admins" in landed.text
        assert admin.get("/staff/users").url.path == "/staff/account/two-factor"
        secret = secret_on(landed.text)
        admin.submit("/staff/account/two-factor", {"secret": secret, "code": pyotp.TOTP(secret).now()})
        assert admin.get("/staff/users").status_code == 200
    with strict_site.client() as editor:
        assert editor.login("eva").url.path == "/staff/"  # editors choose for themselves
    with httpx.Client(base_url=strict_site.url, trust_env=False) as anonymous:
        assert anonymous.get("/staff/account/two-factor", follow_redirects=False).status_code == 303
