"""The permission rules as a table: who may do what (every staff page asks these functions)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from bot.db.models import Role
from bot.languages import language_codes
from bot.staff import permissions as p


@dataclass
class Account:
    role: Role
    languages: list[str] = field(default_factory=list)
    region: str | None = None
    organisation_id: int | None = None
    nationwide: bool = False
    active: bool = True


ADMIN = Account(Role.ADMIN)
NATIONWIDE_EDITOR = Account(Role.EDITOR, nationwide=True)
COLOGNE_EDITOR = Account(Role.EDITOR, region="05315")
CARITAS_EDITOR = Account(Role.EDITOR, organisation_id=7)
ARABIC_TRANSLATOR = Account(Role.TRANSLATOR, languages=["ar", "fa"])
RETIRED_ADMIN = Account(Role.ADMIN, active=False)

ACCOUNTS = {
    "admin": ADMIN,
    "nationwide editor": NATIONWIDE_EDITOR,
    "Cologne editor": COLOGNE_EDITOR,
    "Caritas editor": CARITAS_EDITOR,
    "ar/fa translator": ARABIC_TRANSLATOR,
    "deactivated admin": RETIRED_ADMIN,
}

# (account, language, region) -> may open, save and publish that text
ANSWER_RULES = [
    ("admin", "de", None, True),
    ("admin", "ar", "05315", True),
    ("nationwide editor", "de", None, True),
    ("nationwide editor", "uk", "09162", True),
    ("Cologne editor", "de", None, False),
    ("Cologne editor", "de", "05315", True),
    ("Cologne editor", "ar", "0531500", True),
    ("Cologne editor", "de", "05111", False),
    ("Caritas editor", "de", None, False),
    ("Caritas editor", "de", "05315", False),
    ("ar/fa translator", "ar", None, True),
    ("ar/fa translator", "fa", "05315", True),
    ("ar/fa translator", "de", None, False),
    ("ar/fa translator", "tr", None, False),
    ("deactivated admin", "de", None, False),
]


@pytest.mark.parametrize(("who", "language", "region", "allowed"), ANSWER_RULES)
def test_who_may_edit_which_answer(who: str, language: str, region: str | None, allowed: bool) -> None:
    assert p.can_edit_answer(ACCOUNTS[who], language=language, region=region) is allowed


# account -> (users and audit log, report, directory)
PAGE_RULES = {
    "admin": (True, True, True),
    "nationwide editor": (False, True, True),
    "Cologne editor": (False, True, True),
    "Caritas editor": (False, True, True),
    "ar/fa translator": (False, True, False),
    "deactivated admin": (False, False, False),
}


@pytest.mark.parametrize(("who", "expected"), PAGE_RULES.items())
def test_who_may_open_which_part(who: str, expected: tuple[bool, bool, bool]) -> None:
    account = ACCOUNTS[who]
    assert p.can_manage_users(account) == p.can_view_audit(account) == expected[0]
    assert p.can_view_report(account) is expected[1]
    assert p.can_use_directory(account) is expected[2]


# (account, service organisation, service region) -> may change the service
SERVICE_RULES = [
    ("admin", 1, "01001", True),
    ("nationwide editor", 1, "09162", True),
    ("Cologne editor", 3, "05315000", True),
    ("Cologne editor", 3, "05111000", False),
    ("Cologne editor", 3, None, False),
    ("Caritas editor", 7, "09162", True),
    ("Caritas editor", 8, "05315", False),
    ("ar/fa translator", 7, "05315", False),
]


@pytest.mark.parametrize(("who", "organisation", "region", "allowed"), SERVICE_RULES)
def test_who_may_change_which_service(who: str, organisation: int, region: str | None, allowed: bool) -> None:
    assert p.can_edit_service(ACCOUNTS[who], organisation_id=organisation, region=region) is allowed


def test_translators_see_only_their_languages_in_picker_order() -> None:
    assert p.answer_languages(ARABIC_TRANSLATOR) == ["ar", "fa"]
    assert p.answer_languages(ADMIN) == language_codes()
    assert p.answer_languages(CARITAS_EDITOR) == []


def test_a_region_key_covers_only_longer_keys_that_start_with_it() -> None:
    assert p.region_covers("05", "05315")
    assert not p.region_covers("05315", "05")
    assert not p.region_covers("05315", None)
    assert not p.region_covers(None, "05315")
