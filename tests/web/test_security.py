"""Staff app security over real HTTP: CSRF on every form, cookies, session rotation, headers, delays."""

from __future__ import annotations

import re

import httpx
import pytest
from fastapi.routing import APIRoute

from bot.db.models import Role
from bot.db.session import session_scope
from bot.staff.accounts import deactivate, get_user
from bot.staff.audit import CLI
from bot.staff.login import FREE_FAILURES
from bot.web.routes import STAFF_ROUTES
from bot.web.staff_session import COOKIE
from tests.auxil.staff import PASSWORD, Site, add_staff

PATH_VALUES = {
    "topic": "health_insurance",
    "language": "de",
    "user_id": "1",
    "service_id": "1",
    "question_id": "1",
}


def unsafe_staff_routes() -> list[str]:
    paths = []
    for module in STAFF_ROUTES:
        for route in module.router.routes:
            if isinstance(route, APIRoute) and "POST" in (route.methods or set()):
                paths.append(re.sub(r"{(\w+)}", lambda m: PATH_VALUES[m.group(1)], route.path))
    return paths


def test_every_staff_form_is_refused_without_its_csrf_token(staff_site: Site) -> None:
    add_staff(staff_site.settings, "root", Role.ADMIN)
    paths = unsafe_staff_routes()
    assert len(paths) >= 10 and "/staff/login" in paths
    with staff_site.client() as client:
        client.login("root")
        for path in paths:
            for token in (None, "forged-token"):
                data = {"csrf_token": token} if token else {}
                response = client.post(path, data={**data, "text": "x", "version": "1"})
                assert response.status_code == 403, path
                assert "form has expired" in response.text, path
        # Nothing was changed: the German health insurance text is still version 1, and so on.
        page = client.get("/staff/answers/health_insurance/de")
        assert 'name="base_version" value="1"' in page.text
        assert client.get("/staff/services/1").status_code == 200


def test_login_rotates_the_session_and_the_old_token_stops_working(staff_site: Site) -> None:
    add_staff(staff_site.settings, "root", Role.ADMIN)
    with staff_site.client() as client:
        before_token = client.csrf("/staff/login")
        before_cookie = client.cookies[COOKIE]
        client.post(
            "/staff/login", data={"username": "root", "password": PASSWORD, "csrf_token": before_token}
        )
        assert client.cookies[COOKIE] != before_cookie
        after_token = client.csrf("/staff/")
        assert after_token != before_token
        refused = client.post("/staff/logout", data={"csrf_token": before_token})
        assert refused.status_code == 403
        assert client.get("/staff/users").status_code == 200


def test_session_cookie_is_httponly_samesite_and_signed(staff_site: Site) -> None:
    add_staff(staff_site.settings, "root", Role.ADMIN)
    with staff_site.client() as client:
        response = client.get("/staff/login")
        header = response.headers["set-cookie"]
        assert f"{COOKIE}=" in header
        assert "HttpOnly" in header and "SameSite=strict" in header and "Path=/" in header
        client.login("root")
        value = client.cookies[COOKIE]
        client.cookies.set(COOKIE, value[:-3] + ("aaa" if not value.endswith("aaa") else "bbb"))
        tampered = client.get("/staff/users", follow_redirects=False)
        assert tampered.status_code == 303
        assert tampered.headers["location"].startswith("/staff/login")


def test_security_headers_on_staff_and_public_pages(staff_site: Site) -> None:
    with httpx.Client(base_url=staff_site.url, trust_env=False) as client:
        for path in ("/staff/login", "/chat", "/static/staff.css"):
            headers = client.get(path).headers
            assert "frame-ancestors 'none'" in headers["content-security-policy"], path
            assert "script-src 'self'" in headers["content-security-policy"], path
            assert "unsafe-inline" not in headers["content-security-policy"], path
            assert headers["x-frame-options"] == "DENY", path
            assert headers["x-content-type-options"] == "nosniff", path
        assert client.get("/staff/login").headers["cache-control"] == "no-store"


def test_the_public_chat_page_sets_no_staff_cookie(staff_site: Site) -> None:
    with httpx.Client(base_url=staff_site.url, trust_env=False) as client:
        response = client.get("/chat")
        assert COOKIE not in response.headers.get("set-cookie", "")
        assert 'name="csrf-token"' not in response.text
        assert 'id="preview"' not in response.text


def test_pages_need_a_login_and_remember_where_to_go(staff_site: Site) -> None:
    with httpx.Client(base_url=staff_site.url, trust_env=False) as client:
        response = client.get("/staff/answers/health_insurance/ar", follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"] == "/staff/login?next=/staff/answers/health_insurance/ar"


def test_after_login_only_staff_pages_are_followed(staff_site: Site) -> None:
    add_staff(staff_site.settings, "root", Role.ADMIN)
    with staff_site.client() as client:
        token = client.csrf()
        response = client.post(
            "/staff/login",
            data={"username": "root", "password": PASSWORD, "csrf_token": token, "next": "//evil.example/x"},
            follow_redirects=False,
        )
        assert response.headers["location"] == "/staff/"


def test_wrong_passwords_slow_the_login_down_with_a_clear_message(staff_site: Site) -> None:
    add_staff(staff_site.settings, "root", Role.ADMIN)
    with staff_site.client() as client:
        for _ in range(FREE_FAILURES):
            wrong = client.login("root", "not the password")
            assert wrong.status_code == 401
            assert "username or the password is wrong" in wrong.text
        waiting = client.login("root", PASSWORD)
        assert waiting.status_code == 429
        assert re.search(r"please wait \d+ seconds", waiting.text)
        assert client.get("/staff/", follow_redirects=False).status_code == 303


def test_logout_and_deactivation_end_the_session(staff_site: Site) -> None:
    add_staff(staff_site.settings, "root", Role.ADMIN)
    add_staff(staff_site.settings, "eva", Role.EDITOR, nationwide=True)
    with staff_site.client() as client:
        client.login("eva")
        cookie = client.cookies[COOKIE]
        client.submit("/staff/logout", {}, page="/staff/")
        assert client.get("/staff/", follow_redirects=False).status_code == 303
        client.cookies.set(COOKIE, cookie)  # an old copy of the cookie is worth nothing either
        assert client.get("/staff/", follow_redirects=False).status_code == 303
    with staff_site.client() as client:
        client.login("eva")
        assert client.get("/staff/", follow_redirects=False).status_code == 200
        with session_scope(staff_site.settings.db_url) as session:
            deactivate(session, actor=CLI, user=get_user(session, username="eva"))
        assert client.get("/staff/", follow_redirects=False).status_code == 303


@pytest.mark.parametrize("path", ["/staff/users", "/staff/users/new", "/staff/audit"])
def test_admin_pages_are_refused_to_everyone_else(staff_site: Site, path: str) -> None:
    add_staff(staff_site.settings, "eva", Role.EDITOR, nationwide=True)
    add_staff(staff_site.settings, "tom", Role.TRANSLATOR, languages=["ar"])
    for name in ("eva", "tom"):
        with staff_site.client() as client:
            client.login(name)
            response = client.get(path)
            assert response.status_code == 403
            assert "may not open this page" in response.text


def test_pages_are_german_by_default_and_english_on_request(staff_site: Site) -> None:
    add_staff(staff_site.settings, "root", Role.ADMIN, ui="de")
    with staff_site.client(language="de") as client:
        page = client.get("/staff/login").text
        assert '<html lang="de">' in page and "Benutzername" in page and "Anmelden" in page
        client.login("root")
        assert "Antworten" in client.get("/staff/").text
        client.submit("/staff/language", {"language": "en", "next": "/staff/"}, page="/staff/")
        assert ">Answers<" in client.get("/staff/").text
    with staff_site.client(language="de") as client:
        client.login("root")  # the choice is kept with the account
        assert ">Answers<" in client.get("/staff/").text
