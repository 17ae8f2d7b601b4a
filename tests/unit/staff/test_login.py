"""Login: growing delays after failed attempts (known names or not), never a lockout of the owner,
throttling per client, two-factor codes, what lifts the delays (issue 14, finding 4)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyotp

from bot.config import Settings
from bot.db.models import LoginAttempt, Role
from bot.db.session import session_scope
from bot.staff.accounts import deactivate, get_user, set_password
from bot.staff.audit import CLI
from bot.staff.login import (
    CLIENT_LIMIT,
    FREE_FAILURES,
    MAX_DELAY,
    LoginResult,
    Outcome,
    attempt_login,
    finish_with_code,
)
from tests.auxil.staff import PASSWORD, add_staff

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def attempt_result(
    settings: Settings,
    username: str,
    password: str,
    *,
    client: str = "c1",
    at: datetime = NOW,
    known_device: bool = False,
) -> LoginResult:
    with session_scope(settings.db_url) as session:
        return attempt_login(
            session,
            username=username,
            password=password,
            client=client,
            now=at,
            known_device=known_device,
        )


def attempt(settings: Settings, username: str, password: str, **kwargs: object) -> Outcome:
    return attempt_result(settings, username, password, **kwargs).outcome  # type: ignore[arg-type]


def fail_many(settings: Settings, username: str, count: int, *, last: datetime = NOW) -> None:
    """``count`` failures of ``username`` from many clients, the last one at ``last``."""
    with session_scope(settings.db_url) as session:
        for n in range(count):
            at = last - timedelta(seconds=count - 1 - n)
            session.add(LoginAttempt(at=at, username=username, client=f"bot{n}", success=False))


def test_the_right_password_logs_in_and_a_wrong_one_does_not(staff_settings: Settings) -> None:
    add_staff(staff_settings, "mia", Role.ADMIN)
    assert attempt(staff_settings, "mia", "wrong password!") is Outcome.WRONG
    assert attempt(staff_settings, " MIA ", PASSWORD) is Outcome.OK


def test_failures_make_each_next_try_wait_longer(staff_settings: Settings) -> None:
    add_staff(staff_settings, "mia", Role.ADMIN)
    for n in range(FREE_FAILURES):
        assert attempt(staff_settings, "mia", f"guess {n}", at=NOW + timedelta(seconds=n)) is Outcome.WRONG
    last = NOW + timedelta(seconds=FREE_FAILURES - 1)
    waits = []
    for _ in range(4):
        too_soon = attempt_result(staff_settings, "mia", PASSWORD, at=last, client="other")
        assert too_soon.outcome is Outcome.WAIT  # even the right password waits, from anywhere new
        waits.append(too_soon.seconds)
        last += timedelta(seconds=too_soon.seconds)
        assert attempt(staff_settings, "mia", "another guess", at=last) is Outcome.WRONG
    assert waits == [1, 2, 4, 8]
    later = last + timedelta(seconds=16)
    assert attempt(staff_settings, "mia", PASSWORD, at=later) is Outcome.OK


def test_the_delay_is_capped_so_the_owner_is_never_locked_out_for_long(staff_settings: Settings) -> None:
    add_staff(staff_settings, "mia", Role.ADMIN)
    fail_many(staff_settings, "mia", 500)
    waiting = attempt_result(staff_settings, "mia", PASSWORD, at=NOW + timedelta(seconds=1))
    assert waiting.outcome is Outcome.WAIT
    assert waiting.seconds <= MAX_DELAY.total_seconds()
    assert attempt(staff_settings, "mia", PASSWORD, at=NOW + MAX_DELAY) is Outcome.OK


def test_a_browser_that_logged_in_before_gets_in_during_an_attack(staff_settings: Settings) -> None:
    add_staff(staff_settings, "mia", Role.ADMIN)
    fail_many(staff_settings, "mia", 200)
    at = NOW + timedelta(seconds=1)
    assert attempt(staff_settings, "mia", PASSWORD, at=at) is Outcome.WAIT
    assert attempt(staff_settings, "mia", PASSWORD, at=at, known_device=True) is Outcome.OK


def test_unknown_names_wait_the_same_way_so_names_cannot_be_probed(staff_settings: Settings) -> None:
    add_staff(staff_settings, "mia", Role.ADMIN)
    for name in ("mia", "nobody"):
        results = [
            attempt(staff_settings, name, f"guess {n}", at=NOW + timedelta(seconds=n / 10), client=f"c{n}")
            for n in range(FREE_FAILURES + 1)
        ]
        assert results == [Outcome.WRONG] * FREE_FAILURES + [Outcome.WAIT], name


def test_a_success_resets_the_count(staff_settings: Settings) -> None:
    add_staff(staff_settings, "mia", Role.ADMIN)
    for n in range(FREE_FAILURES - 1):
        attempt(staff_settings, "mia", f"guess {n}", at=NOW + timedelta(seconds=n))
    assert attempt(staff_settings, "mia", PASSWORD, at=NOW + timedelta(seconds=10)) is Outcome.OK
    for n in range(FREE_FAILURES):
        at = NOW + timedelta(seconds=11 + n)
        assert attempt(staff_settings, "mia", "one more typo", at=at) is Outcome.WRONG


def test_a_new_password_lifts_the_delay(staff_settings: Settings) -> None:
    add_staff(staff_settings, "mia", Role.ADMIN)
    fail_many(staff_settings, "mia", 50)
    with session_scope(staff_settings.db_url) as session:
        set_password(
            session,
            actor=CLI,
            user=get_user(session, username="mia"),
            password="a brand new passphrase",
            must_change=False,
        )
    assert attempt(staff_settings, "mia", "a brand new passphrase", at=NOW) is Outcome.OK


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


def test_two_factor_accounts_need_a_fresh_code_after_the_password(staff_settings: Settings) -> None:
    add_staff(staff_settings, "mia", Role.ADMIN)
    secret = pyotp.random_base32()
    with session_scope(staff_settings.db_url) as session:
        get_user(session, username="mia").totp_secret = secret
    code = pyotp.TOTP(secret).at(NOW)
    with session_scope(staff_settings.db_url) as session:
        first = attempt_login(session, username="mia", password=PASSWORD, client="c", now=NOW)
        assert first.outcome is Outcome.CODE_NEEDED and first.user is not None
        wrong = "000000" if code != "000000" else "111111"
        assert finish_with_code(session, user=first.user, code=wrong, client="c", now=NOW).outcome is (
            Outcome.WRONG
        )
        done = finish_with_code(session, user=first.user, code=code[:3] + " " + code[3:], client="c", now=NOW)
        assert done.outcome is Outcome.OK
        replay = finish_with_code(session, user=first.user, code=code, client="c", now=NOW)
        assert replay.outcome is Outcome.WRONG  # a code works once
