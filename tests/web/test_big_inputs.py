"""Big and deep inputs (issue 14, finding 8): bodies over a route's limit are refused before anything
reads them, error replies never repeat the input, and absurd files become listed problems."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx

from bot.db.models import Role
from bot.web.body_limit import limit_for
from tests.auxil.staff import GOOD_ROW, Site, StaffClient, add_staff, services_csv

MARKER = "SECRET-MARKER-"


def upload(client: StaffClient, name: str, data: bytes) -> httpx.Response:
    token = client.csrf("/staff/import")
    return client.post(
        "/staff/import", data={"csrf_token": token}, files={"file": (name, data, "text/plain")}
    )


def test_a_huge_login_body_is_refused_before_it_is_read(staff_site: Site) -> None:
    body = b"username=" + b"a" * (1024 * 1024)
    with httpx.Client(base_url=staff_site.url, trust_env=False, timeout=30) as client:
        declared = client.post(
            "/staff/login", content=body, headers={"content-type": "application/x-www-form-urlencoded"}
        )
        assert declared.status_code == 413
        assert len(declared.content) < 200

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted while it arrives
            for _ in range(8):
                yield b"a" * 65536

        streamed = client.post(
            "/staff/login", content=chunks(), headers={"content-type": "application/x-www-form-urlencoded"}
        )
        assert streamed.status_code == 413


def test_each_route_has_its_own_limit() -> None:
    assert limit_for("/staff/login") < limit_for("/staff/answers/health_insurance/de")
    assert limit_for("/staff/answers/health_insurance/de") < limit_for("/staff/import")
    assert limit_for("/staff/import/confirm") == limit_for("/staff/import")
    assert limit_for("/staff/importer") == limit_for("/staff/login")


def test_invalid_requests_are_answered_without_repeating_the_input(staff_site: Site) -> None:
    with staff_site.client() as client:
        token = client.csrf()
        too_long = MARKER + "x" * 30000
        response = client.post(
            "/staff/login", data={"username": too_long, "password": "p", "csrf_token": token}
        )
        assert response.status_code == 422
        assert MARKER not in response.text and len(response.content) < 1000
        assert "username" in response.text  # which field, not what was in it


def test_a_file_nested_50000_deep_is_a_listed_problem(staff_site: Site) -> None:
    add_staff(staff_site.settings, "root", Role.ADMIN)
    deep = ("[" * 50000 + "]" * 50000).encode()
    with staff_site.client() as client:
        client.login("root")
        response = upload(client, "deep.json", deep)
    assert response.status_code == 422
    assert "nested too deeply" in response.text


def test_a_csv_cell_over_128_kb_is_a_listed_problem(staff_site: Site) -> None:
    add_staff(staff_site.settings, "root", Role.ADMIN)
    data = services_csv(GOOD_ROW | {"description": MARKER + "x" * 200_000})
    with staff_site.client() as client:
        client.login("root")
        response = upload(client, "services.csv", data)
    assert response.status_code == 422
    assert re.search(r"a cell is longer than \d+ characters", response.text)
    assert MARKER not in response.text


def test_an_upload_over_the_import_limit_is_refused_unread(staff_site: Site) -> None:
    add_staff(staff_site.settings, "root", Role.ADMIN)
    with staff_site.client() as client:
        client.login("root")
        response = upload(client, "big.csv", b"x" * (12 * 1024 * 1024))
    assert response.status_code == 413


def test_problems_quote_a_huge_bad_value_only_in_part(staff_site: Site) -> None:
    add_staff(staff_site.settings, "root", Role.ADMIN)
    data = services_csv(GOOD_ROW | {"email": MARKER + "x" * 100_000})
    with staff_site.client() as client:
        client.login("root")
        response = upload(client, "services.csv", data)
    assert response.status_code == 422
    assert "is not an e-mail address" in response.text or "longer than 254 characters" in response.text
    assert len(response.content) < 50_000
