"""Staff accounts: what a valid account is, the last admin, and what ends sessions."""

from __future__ import annotations

import pytest

from bot.config import Settings
from bot.db.models import AuditEntry, Role
from bot.db.session import session_scope
from bot.staff.accounts import (
    AccountError,
    Scope,
    create_user,
    deactivate,
    get_user,
    set_password,
    update_user,
)
from bot.staff.audit import CLI, Actor
from bot.staff.passwords import verify_password
from tests.auxil.staff import PASSWORD, add_staff


def test_an_account_stores_a_hash_never_the_password(staff_settings: Settings) -> None:
    add_staff(staff_settings, "amira", Role.TRANSLATOR, languages=["ar"])
    with session_scope(staff_settings.db_url) as session:
        user = get_user(session, username="Amira")
        assert user.password_hash.startswith("$argon2id$")
        assert PASSWORD not in user.password_hash
        assert verify_password(user.password_hash, PASSWORD)
        assert not verify_password(user.password_hash, PASSWORD.upper())
        assert user.languages == ["ar"]


@pytest.mark.parametrize(
    ("username", "password", "role", "scope", "problem"),
    [
        ("x", PASSWORD, Role.ADMIN, Scope(), "username"),
        ("Anna Lena", PASSWORD, Role.ADMIN, Scope(), "username"),
        ("anna", "short", Role.ADMIN, Scope(), "12 characters"),
        ("anna", "anna-is-my-password", Role.ADMIN, Scope(), "username"),
        ("anna", PASSWORD, Role.TRANSLATOR, Scope(), "language"),
        ("anna", PASSWORD, Role.TRANSLATOR, Scope(languages=["xx"]), "Unknown language"),
        ("anna", PASSWORD, Role.EDITOR, Scope(), "organisation, a region"),
        ("anna", PASSWORD, Role.EDITOR, Scope(region="Köln"), "AGS"),
    ],
)
def test_accounts_that_could_not_work_are_refused_with_the_reason(
    staff_settings: Settings, username: str, password: str, role: Role, scope: Scope, problem: str
) -> None:
    with session_scope(staff_settings.db_url) as session, pytest.raises(AccountError) as refused:
        create_user(session, actor=CLI, username=username, password=password, role=role, scope=scope)
    assert problem in str(refused.value)


def test_usernames_are_unique_whatever_the_case(staff_settings: Settings) -> None:
    add_staff(staff_settings, "jonas", Role.ADMIN)
    with pytest.raises(AccountError, match="taken"):
        add_staff(staff_settings, "JONAS", Role.ADMIN)


def test_the_last_active_admin_cannot_be_deactivated_or_demoted(staff_settings: Settings) -> None:
    add_staff(staff_settings, "root", Role.ADMIN)
    with session_scope(staff_settings.db_url) as session:
        root = get_user(session, username="root")
        with pytest.raises(AccountError, match="last active admin"):
            deactivate(session, actor=CLI, user=root)
        with pytest.raises(AccountError, match="last active admin"):
            update_user(
                session, actor=CLI, user=root, role=Role.EDITOR, display_name="", scope=Scope(nationwide=True)
            )
    add_staff(staff_settings, "second", Role.ADMIN)
    with session_scope(staff_settings.db_url) as session:
        deactivate(session, actor=CLI, user=get_user(session, username="root"))
        assert not get_user(session, username="root").active


def test_password_reset_and_deactivation_end_every_session(staff_settings: Settings) -> None:
    add_staff(staff_settings, "lea", Role.EDITOR, nationwide=True)
    with session_scope(staff_settings.db_url) as session:
        lea = get_user(session, username="lea")
        epoch = lea.session_epoch
        set_password(session, actor=CLI, user=lea, password="another long passphrase", must_change=True)
        assert lea.session_epoch == epoch + 1 and lea.must_change_password
        deactivate(session, actor=CLI, user=lea)
        assert lea.session_epoch == epoch + 2


def test_every_change_is_in_the_audit_log_with_who_did_it(staff_settings: Settings) -> None:
    add_staff(staff_settings, "boss", Role.ADMIN)
    with session_scope(staff_settings.db_url) as session:
        boss = get_user(session, username="boss")
        create_user(
            session,
            actor=Actor.of(boss),
            username="tariq",
            password=PASSWORD,
            role=Role.TRANSLATOR,
            scope=Scope(languages=["fa"]),
        )
        deactivate(session, actor=Actor.of(boss), user=get_user(session, username="tariq"))
    with session_scope(staff_settings.db_url) as session:
        entries = [(e.actor, e.action, e.target) for e in session.query(AuditEntry).order_by(AuditEntry.id)]
    assert entries == [
        ("cli", "user.create", "boss"),
        ("boss", "user.create", "tariq"),
        ("boss", "user.deactivate", "tariq"),
    ]
