"""Login: lockout after failed attempts (known or not), throttling per client, what lifts a lock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.config import Settings
from bot.db.models import Role
from bot.db.session import session_scope
from bot.staff.accounts import deactivate, get_user, set_password
from bot.staff.audit import CLI
from bot.staff.login import CLIENT_LIMIT, LOCK_AFTER, Outcome, attempt_login
from tests.auxil.staff import PASSWORD, add_staff

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def attempt(
    settings: Settings, username: str, password: str, *, client: str = "c1", at: datetime = NOW
) -> Outcome:
    with session_scope(settings.db_url) as session:
        return attempt_login(session, username=username, password=password, client=client, now=at).outcome


def test_the_right_password_logs_in_and_a_wrong_one_does_not(staff_settings: Settings) -> None:
    add_staff(staff_settings, "mia", Role.ADMIN)
    assert attempt(staff_settings, "mia", "wrong password!") is Outcome.WRONG
    assert attempt(staff_settings, " MIA ", PASSWORD) is Outcome.OK


def test_five_failures_lock_the_name_for_fifteen_minutes(staff_settings: Settings) -> None:
    add_staff(staff_settings, "mia", Role.ADMIN)
    results = [
        attempt(staff_settings, "mia", f"guess {n}", at=NOW + timedelta(seconds=n)) for n in range(LOCK_AFTER)
    ]
    assert results == [Outcome.WRONG] * (LOCK_AFTER - 1) + [Outcome.LOCKED]
    # Locked: even the right password does not get in, from anywhere.
    assert (
        attempt(staff_settings, "mia", PASSWORD, client="other", at=NOW + timedelta(minutes=5))
        is Outcome.LOCKED
    )
    assert attempt(staff_settings, "mia", PASSWORD, at=NOW + timedelta(minutes=16)) is Outcome.OK


def test_unknown_names_lock_the_same_way_so_names_cannot_be_probed(staff_settings: Settings) -> None:
    results = [
        attempt(staff_settings, "nobody", f"guess {n}", at=NOW + timedelta(seconds=n))
        for n in range(LOCK_AFTER + 1)
    ]
    assert results == [Outcome.WRONG] * (LOCK_AFTER - 1) + [Outcome.LOCKED, Outcome.LOCKED]


def test_a_success_resets_the_count(staff_settings: Settings) -> None:
    add_staff(staff_settings, "mia", Role.ADMIN)
    for n in range(LOCK_AFTER - 1):
        attempt(staff_settings, "mia", f"guess {n}", at=NOW + timedelta(seconds=n))
    assert attempt(staff_settings, "mia", PASSWORD, at=NOW + timedelta(seconds=10)) is Outcome.OK
    assert attempt(staff_settings, "mia", "one more typo", at=NOW + timedelta(seconds=11)) is Outcome.WRONG


def test_a_new_password_lifts_the_lock(staff_settings: Settings) -> None:
    add_staff(staff_settings, "mia", Role.ADMIN)
    for n in range(LOCK_AFTER):
        attempt(staff_settings, "mia", f"guess {n}", at=NOW)
    with session_scope(staff_settings.db_url) as session:
        set_password(
            session,
            actor=CLI,
            user=get_user(session, username="mia"),
            password="a brand new passphrase",
            must_change=False,
        )
    assert (
        attempt(staff_settings, "mia", "a brand new passphrase", at=NOW + timedelta(minutes=1)) is Outcome.OK
    )


def test_one_client_guessing_many_names_is_stopped(staff_settings: Settings) -> None:
    add_staff(staff_settings, "mia", Role.ADMIN)
    for n in range(CLIENT_LIMIT):
        attempt(staff_settings, f"name{n}", "guess", client="bot", at=NOW + timedelta(seconds=n))
    assert (
        attempt(staff_settings, "mia", PASSWORD, client="bot", at=NOW + timedelta(minutes=1))
        is Outcome.THROTTLED
    )
    assert (
        attempt(staff_settings, "mia", PASSWORD, client="office", at=NOW + timedelta(minutes=1)) is Outcome.OK
    )


def test_a_deactivated_account_cannot_log_in(staff_settings: Settings) -> None:
    add_staff(staff_settings, "root", Role.ADMIN)
    add_staff(staff_settings, "mia", Role.ADMIN)
    with session_scope(staff_settings.db_url) as session:
        deactivate(session, actor=CLI, user=get_user(session, username="mia"))
    assert attempt(staff_settings, "mia", PASSWORD) is Outcome.INACTIVE
